"""The ``graphkit_relations`` spaCy component: its factory, its data and how it is saved."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from graphkit.extraction import collaborators  # noqa: F401  (registers graphkit.gazetteer.v1)
from graphkit.extraction.reading import reading
from graphkit.extraction.relations.grammar import Grammar, PlaceLookup
from graphkit.extraction.relations.lexicon import Lexicon, default_lexicon, dump_lexicon, load_lexicon
from graphkit.extraction.relations.triggers import find_relations
from graphkit.gazetteer import ActorGazetteer
from graphkit.model import Actor
from graphkit.places import PlaceGazetteer
from graphkit.vocabulary import Vocabulary, default_vocabulary

# the files of a saved component
_LEXICON_FILE = "lexicon.yaml"
_GAZETTEER_DIR = "gazetteer"
_PLACES_DIR = "places"
_SETTINGS_FILE = "settings.json"
_VOCABULARY_FILE = "vocabulary.json"


#: Entity labels a town's name may carry: a name the tagger read as a person ("Obama", "Kerry"),
#: an organisation or a date ("March") is not looked up among towns. The small model often tags
#: a town's name as a group ("Aleppo" as NORP); a group no gazetteer knows is no actor anyway.
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP", ""})


class GazetteerPlaces:
    """A place lookup: a state's name or its capital (actor gazetteer), else a town or a region's
    state (place gazetteer). Picklable.

    Examples
    --------
    >>> from graphkit.places import Place, PlaceGazetteer
    >>> gaz = ActorGazetteer.default()
    >>> places = GazetteerPlaces(gaz, PlaceGazetteer([Place("Homs", "SYR", "city", 775404)]))
    >>> places("Homs").label, places("Damascus").label
    ('Syria', 'Syria')
    >>> places.find("Homs", "GPE")[1], places.find("Damascus", "GPE")[1], places.find("Homs", "PERSON")
    ('place', 'gazetteer', None)
    """

    def __init__(self, gazetteer: ActorGazetteer, places: PlaceGazetteer | None = None):
        self.gazetteer = gazetteer
        self.places = places

    def __call__(self, text: str) -> Actor | None:
        found = self.find(text)
        return found[0] if found is not None else None

    def find(self, text: str, label: str = "") -> tuple[Actor, str] | None:
        """Return the state a place name stands for and how it was found (``gazetteer``: the
        state's own name or capital; ``place``: a town or region in it), or None.

        ``label`` is the name's entity label: a name the tagger read as a person or an
        organisation is not looked up among towns.
        """
        actor = self.gazetteer.lookup(text, kinds=("name", "capital"))
        if actor is not None:
            return actor, "gazetteer"
        if self.places is None or label not in _PLACE_LABELS:
            return None
        place = self.places.lookup(text)
        state = self.gazetteer.get(place.country) if place is not None else None
        if state is None or state.type != "State":
            return None
        return state, "place"


class RelationFinder:
    """Finds relations between the actors of each sentence (the ``graphkit_relations`` component).

    Nothing is read when it is made: :meth:`initialize` loads the lexicon and, with
    ``place_recipients``, the gazetteer whose states and capitals may be the place an event
    happens in ("demonstrated in Serbia") and the place gazetteer whose towns and regions stand
    for their state ("imposed a curfew in Homs": Syria, the mention keeping "Homs");
    :meth:`from_disk` loads them from a saved pipeline. Without a place lookup such recipients are
    only found among the actor mentions.
    """

    def __init__(
        self,
        name: str,
        lexicon: Callable[[], Lexicon] = default_lexicon,
        gazetteer: Callable[[], ActorGazetteer] | None = None,
        places: Callable[[], PlaceGazetteer] | None = None,
    ):
        self.name = name
        self._load_lexicon = lexicon
        self._load_gazetteer = gazetteer
        self._load_places = places
        self.grammar: Grammar | None = None
        if not Doc.has_extension("relations"):
            Doc.set_extension("relations", default=None)

    def initialize(
        self,
        get_examples: Callable[[], Any] | None = None,
        *,
        nlp: Language | None = None,
        lexicon: Lexicon | None = None,
        places: PlaceLookup | None = None,
        vocabulary: Vocabulary | None = None,
    ) -> None:
        """Load the lexicon and the place lookup (default: from the loaders of the config)."""
        if lexicon is None:
            lexicon = self._load_lexicon()
        if places is None and self._load_gazetteer is not None:
            towns = self._load_places() if self._load_places is not None else None
            places = GazetteerPlaces(self._load_gazetteer(), towns)
        self.grammar = Grammar(lexicon, vocabulary or default_vocabulary(), places)

    def __call__(self, doc: Doc) -> Doc:
        with reading(doc):  # each token's children read once during the call
            return self._annotate(doc)

    def _annotate(self, doc: Doc) -> Doc:
        grammar = self.grammar
        if grammar is None:
            raise ValueError(
                f"{self.name} is not initialized: call its initialize() (graphkit.extraction."
                "add_components does) or load a saved pipeline"
            )
        extensions = doc._  # spaCy makes a new object at each ``doc._``: read once
        mentions = list(extensions.actor_mentions or [])
        found = extensions.relations = find_relations(grammar, doc)
        # places named as recipients that the actor linker left out become mentions of their own
        places = [f.object for f in found if f.object.kind == "place" and f.object not in mentions]
        if places:
            extensions.actor_mentions = sorted(
                mentions + list(dict.fromkeys(places)), key=lambda m: (m.span.start, m.span.end)
            )
        return doc

    # -- the grammar's parts, for callers of the older attributes ---------------------------
    @property
    def lexicon(self) -> Lexicon:
        return self._ready().lexicon

    @property
    def vocabulary(self) -> Vocabulary:
        return self._ready().vocabulary

    @property
    def places(self) -> PlaceLookup | None:
        return self._ready().places

    def _ready(self) -> Grammar:
        if self.grammar is None:
            raise ValueError(f"{self.name} is not initialized")
        return self.grammar

    # -- saving ---------------------------------------------------------------------------
    def to_disk(self, path: str | Path, *, exclude: Any = ()) -> None:
        """Save the lexicon and the place gazetteer to the folder ``path``."""
        grammar = self._ready()
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / _LEXICON_FILE).write_text(dump_lexicon(grammar.lexicon), encoding="utf-8")
        places = grammar.places
        if places is not None and not isinstance(places, GazetteerPlaces):
            raise ValueError(f"{self.name}: cannot save a place lookup of type {type(places).__name__}")
        if isinstance(places, GazetteerPlaces):
            places.gazetteer.to_disk(folder / _GAZETTEER_DIR)
            if places.places is not None:
                places.places.to_disk(folder / _PLACES_DIR)
        towns = isinstance(places, GazetteerPlaces) and places.places is not None
        settings = {"places": places is not None, "towns": towns}
        (folder / _SETTINGS_FILE).write_text(json.dumps(settings), encoding="utf-8")
        # the relation definitions of the ontology, so a loaded pipeline reads no package data
        vocabulary = json.dumps(grammar.vocabulary.to_json(), indent=0, sort_keys=True)
        (folder / _VOCABULARY_FILE).write_text(vocabulary, encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Any = ()) -> RelationFinder:
        """Load what :meth:`to_disk` saved in the folder ``path``."""
        folder = Path(path)
        settings = json.loads((folder / _SETTINGS_FILE).read_text(encoding="utf-8"))
        places = None
        if settings["places"]:
            towns = PlaceGazetteer.from_disk(folder / _PLACES_DIR) if settings.get("towns") else None
            places = GazetteerPlaces(ActorGazetteer.from_disk(folder / _GAZETTEER_DIR), towns)
        vocabulary = Vocabulary.from_json(json.loads((folder / _VOCABULARY_FILE).read_text(encoding="utf-8")))
        self.grammar = Grammar(load_lexicon(folder / _LEXICON_FILE, vocabulary), vocabulary, places)
        return self

    def __getstate__(self) -> dict[str, Any]:
        # the loaders may be closures; a pickled finder (for a worker process) is initialized already
        state = dict(self.__dict__)
        state["_load_lexicon"] = state["_load_gazetteer"] = state["_load_places"] = None
        return state


@Language.factory(
    "graphkit_relations",
    requires=["doc._.actor_mentions"],
    assigns=["doc._.relations"],
    default_config={
        "place_recipients": True,
        "lexicon": {"@misc": "graphkit.lexicon.v1"},
        "gazetteer": {"@misc": "graphkit.gazetteer.v1", "extra_actors": []},
        "places": {"@misc": "graphkit.places.v1"},
    },
)
def make_relation_finder(
    nlp: Language,
    name: str,
    place_recipients: bool,
    lexicon: Callable[[], Lexicon],
    gazetteer: Callable[[], ActorGazetteer],
    places: Callable[[], PlaceGazetteer],
) -> RelationFinder:
    """Create the relation finder; its lexicon, gazetteer and places are loaded by ``initialize``."""
    if not place_recipients:
        return RelationFinder(name, lexicon=lexicon)
    return RelationFinder(name, lexicon=lexicon, gazetteer=gazetteer, places=places)
