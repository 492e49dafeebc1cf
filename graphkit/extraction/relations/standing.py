"""Argument finders of standing ties: who belongs to, leads, is allied with or based in whom.

- copulas: "X and Y are allies", "X is a member of Y", "X is a NATO member", "X is one of Y's
  allies", "X is among the members of Y" (pattern ``standing``);
- appositions: "Iran's ally Syria", "Turkey, a NATO member" (``standing-noun``);
- inclusion: "the coalition, including X" (``inclusion``); "the coalition includes X", "members
  of Y include X", "the alliance, which comprises X and Y", "consists of X" (``standing-verb``);
- participles and verbs of office: "Y, led by X", "Y is headed by X", "X commands Y"
  (``standing-verb``), "troops under the command of X" (``standing-under``): a verb or noun of
  office is one whose agent noun is a title of the lexicon ("head", "command" -> "commander",
  "leadership" -> "leader");
- participles with a preposition: "X is allied with Y", "X, affiliated with Y"
  "X is based in Y", "the Y-based X", "headquartered in Y" (``standing-verb``), Y an actor or a
  place the gazetteer resolves to its state ("Beirut" -> Lebanon).

Titles of persons ("Hezbollah leader Hassan Nasrallah") are ties of office: :mod:`.offices`.
"""

from __future__ import annotations

from spacy.tokens import Token

from graphkit.extraction.reading import children
from graphkit.extraction.relations.grammar import FoundRelation, Grammar, Scope
from graphkit.extraction.relations.lexicon import TriggerRule
from graphkit.extraction.relations.pairing import pairs
from graphkit.extraction.relations.tree import conjuncts, is_passive, pobjs, subjects_of

# Prepositions whose object is the other party of a standing noun ("an ally of", "at war with").
_PARTY_PREPS = ("of", "with", "to")
# Modifiers of a standing noun that may name the other party ("a NATO member", "a US ally").
_MODIFIER_DEPS = ("poss", "compound", "amod", "nmod")
# Prepositions of a place ("based in Beirut", "headquartered at"), for participles of standing.
_PLACE_PREPS = ("in", "at", "near", "outside", "inside")


def standing_relation(grammar: Grammar, noun: Token) -> str | None:
    """Return the standing tie a noun names ("ally" -> allied_with), by lemma, then by form."""
    standing = grammar.lexicon.standing
    return standing.get(noun.lemma_.lower()) or standing.get(noun.lower_)


def office_relation(grammar: Grammar, word: Token) -> str | None:
    """Return the tie a verb or noun of office names: the relation of its agent noun's title.

    "head" and "headed" -> head, "command" -> commander, "found" -> founder, "leadership" ->
    leader, "presidency" -> president (lexicon ``titles``).

    Examples
    --------
    >>> import spacy
    >>> from graphkit.extraction.relations import default_lexicon
    >>> from graphkit.vocabulary import default_vocabulary
    >>> grammar = Grammar(default_lexicon(), default_vocabulary())
    >>> doc = spacy.blank("en")("command leadership presidency attack")
    >>> [office_relation(grammar, t) for t in doc]
    ['leader_of', 'leader_of', 'leader_of', None]
    """
    table = grammar.lexicon.titles
    return next((table[f] for f in office_forms(word.lemma_.lower() or word.lower_) if f in table), None)


def office_forms(stem: str) -> list[str]:
    """Return the agent nouns a word of office may come from, likeliest first (see :func:`office_relation`).

    Examples
    --------
    >>> office_forms("command"), office_forms("leadership")[-1], office_forms("presidency")[-1]
    (['command', 'commander', 'commandor', 'command'], 'leader', 'president')
    """
    forms = [stem, stem + "er", stem + "or", stem + "r" if stem.endswith("e") else stem]
    if stem.endswith("ship"):
        forms.append(stem[:-4])
    if stem.endswith("ncy"):
        forms.append(stem[:-2] + "t")
    return forms


def _narrow(scope: Scope) -> Scope:
    """The scope with each token's shortest mention: "leader of Y", a title, does not hide Y."""
    return Scope(scope.grammar, scope.sentence, scope.index.narrowest())


def _parties(noun: Token, scope: Scope, exclude: list[Token] = (), relation: str = "") -> list[Token]:
    """The heads that may name a standing noun's other party: "of Y", "Y's", "a NATO member".

    Outside a copula (``relation`` given), a modifier names the party of a structural tie only:
    "Pakistan, a key US ally, refused ...": an alliance counts as cooperation where events are
    scored, and an apposition there is background to the sentence's event.
    """
    out = [p for c in children(noun) if c.dep_ == "prep" and c.lower_ in _PARTY_PREPS for p in pobjs(c)]
    modifiers = scope.grammar.quad(relation) == "structural" if relation else True
    out += [
        c
        for c in children(noun)
        if c.dep_ in _MODIFIER_DEPS
        and c not in exclude
        and (c.dep_ == "poss" or modifiers and c.i in scope.index.by_token)
    ]
    return out


def predicates(copula: Token) -> list[Token]:
    """Return the nouns a copula says its subject is: "an ally", "one of the allies", "among the members"."""
    out: list[Token] = []
    for c in children(copula):
        if c.dep_ == "attr":
            # "one of Y's allies", "one of the founders of Y"
            part = [p for g in children(c) if g.dep_ == "prep" and g.lower_ == "of" for p in pobjs(g)]
            out += part if c.pos_ == "NUM" or c.lower_ in ("one", "some", "each") else [c]
        elif c.dep_ == "prep" and c.lower_ == "among":
            out += pobjs(c)
    return out


def copular(copula: Token, scope: Scope, rule: TriggerRule | None = None) -> list[FoundRelation]:
    """Statements of "X and Y are (strategic) allies", "X is an ally of Y": pattern ``standing``."""
    nouns = predicates(copula)
    if not nouns:
        return []
    subjects = [t for c in children(copula) if c.dep_ == "nsubj" for t in conjuncts(c)]
    if copula.dep_ == "relcl" and any(s.tag_ in ("WDT", "WP") for s in subjects) or not subjects:
        # "Turkey, which is a NATO member"; "Iran is believed to be an ally of X"
        subjects = subjects_of(copula)
    out: list[FoundRelation] = []
    scope = _narrow(scope)
    for noun in nouns:
        relation = standing_relation(scope.grammar, noun)
        exclude: list[Token] = []
        if relation is None:
            # "a member state of Y", "a partner country": the standing noun modifies the predicate
            modifier = next(
                (c for c in children(noun) if c.dep_ == "compound" and standing_relation(scope.grammar, c)),
                None,
            )
            if modifier is None:
                continue
            relation, exclude = standing_relation(scope.grammar, modifier), [modifier]
        objects = _parties(noun, scope, exclude)
        if objects:
            out += pairs(
                scope,
                trigger=noun,
                relation=relation,
                subjects=subjects,
                tiers=[(objects, "")],
                pattern="standing",
            )
        elif len(subjects) >= 2:
            out += pairs(
                scope,
                trigger=noun,
                relation=relation,
                subjects=subjects[:1],
                tiers=[(subjects[1:], "")],
                pattern="standing",
            )
    return out


def appositive(noun: Token, scope: Scope, rule: TriggerRule | None = None) -> list[FoundRelation]:
    """Statements of "Iran's ally Syria", "Turkey, a NATO member": pattern ``standing-noun``."""
    relation = standing_relation(scope.grammar, noun)
    if relation is None or noun.i in scope.index.by_token and scope.index.by_token[noun.i].kind != "title":
        return []  # a standing word inside a name is no tie ("the Partners for Peace")
    scope = _narrow(scope)
    named = [c for c in children(noun) if c.dep_ == "appos"]
    if noun.dep_ in ("appos", "compound"):
        named.append(noun.head)  # "Iran, Syria's ally", "Syria's ally Iran" (compound)
    # "Syria's ally Iran" parsed as two subjects of the same verb
    named += [c for c in children(noun.head) if c.i == noun.i + 1 and c.dep_ == noun.dep_ and c.i != noun.i]
    if noun.dep_ == "pobj" and noun.head.lower_ == "as" and noun.head.head != noun.head:
        # "the UK, as part of the Coalition, ...", "working as part of the Coalition"
        governor = noun.head.head
        named += subjects_of(governor) if governor.pos_ in ("VERB", "AUX") else [governor]
    owners = _parties(noun, scope, exclude=named, relation=relation)
    if not owners or not named:
        return []
    return pairs(
        scope, trigger=noun, relation=relation, subjects=named, tiers=[(owners, "")], pattern="standing-noun"
    )


def inclusion(prep: Token, scope: Scope, rule: TriggerRule | None = None) -> list[FoundRelation]:
    """Statements of "the international community, including Russia and Iran": pattern ``inclusion``.

    A group named by a standing noun gives that noun's tie to its owner: "Iran's allies, including
    Syria" -> Syria allied with Iran.
    """
    relation = scope.grammar.lexicon.roles.inclusion
    group = prep.head
    if relation is None or group.pos_ not in ("NOUN", "PROPN"):
        return []
    scope = _narrow(scope)
    members = pobjs(prep)
    own = standing_relation(scope.grammar, group)
    maker = group.head if group.dep_ == "dobj" else None
    if maker is not None and standing_relation(scope.grammar, maker) == relation and maker.tag_ != "VBN":
        # "the League comprises 22 member states, including Syria": the subject is the group,
        # and the members are actors themselves (see :func:`standing_verb`)
        group_heads = [g for s in subjects_of(maker) for g in _group_of(s, scope)[1]]
        members = [m for m in members if m.i in scope.index.by_token]
    elif own is not None and group.i not in scope.index.by_token:
        owners = _parties(group, scope, relation=own)
        if owners:
            relation, group_heads = own, owners
        else:
            group_heads = [group]
    else:
        group_heads = [group]
    return pairs(
        scope,
        trigger=prep,
        relation=relation,
        subjects=members,
        tiers=[(group_heads, "")],
        pattern="inclusion",
    )


def _group_of(subject: Token, scope: Scope) -> tuple[str | None, list[Token]]:
    """The group a verb of make-up's subject names, and the tie its members have to it.

    "the coalition includes" -> the coalition (the inclusion role); "members of the coalition
    include", "Iran's allies include" -> the owner, by the standing noun's tie; else nothing
    ("the delegation included").
    """
    relation = standing_relation(scope.grammar, subject)
    if relation is not None and subject.i not in scope.index.by_token:
        return relation, _parties(subject, scope, relation=relation)
    if subject.dep_ == "appos" and subject.i not in scope.index.by_token:
        subject = subject.head  # "the SDF, a coalition that includes the YPG": the SDF
    m = scope.index.by_token.get(subject.i)
    if m is not None and m.kind != "pronoun":  # "it includes": too often not the group
        return scope.grammar.lexicon.roles.inclusion, [subject]
    return None, []


def standing_verb(verb: Token, scope: Scope, rule: TriggerRule | None = None) -> list[FoundRelation]:
    """Statements of a verb or participle of a standing tie: pattern ``standing-verb``.

    "Y, led by X", "Y is headed by X", "X commands Y" (an office); "the coalition comprises X",
    "members include X", "consists of X" (a group's make-up: the lexicon ``standing`` words whose
    tie is the inclusion role); "X is allied with Y", "affiliated with Y" (a participle and its
    preposition).
    """
    grammar = scope.grammar
    relation = standing_relation(grammar, verb)
    if relation is None:
        return _office_verb(verb, scope)
    scope = _narrow(scope)
    if relation == grammar.lexicon.roles.inclusion and verb.tag_ != "VBN":
        # "the coalition, which comprises X": the members are the object, or "consist of X"
        members = [t for c in children(verb) if c.dep_ == "dobj" for t in conjuncts(c)]
        members += [p for c in children(verb) if c.dep_ == "prep" and c.lower_ == "of" for p in pobjs(c)]
        # the members are actors themselves, not actors named inside what is included ("It will
        # include a discussion of the Coalition's priorities")
        members = [m for m in members if m.i in scope.index.by_token]
        subjects = subjects_of(verb)
        out: list[FoundRelation] = []
        for subject in subjects:
            tie, groups = _group_of(subject, scope)
            if tie is not None and groups:
                out += pairs(
                    scope,
                    trigger=verb,
                    relation=tie,
                    subjects=members,
                    tiers=[(groups, "")],
                    pattern="standing-verb",
                )
        return out
    if verb.tag_ == "VBN" or verb.pos_ == "ADJ":
        # "X is allied with Y", "the militia, affiliated with Y", "X is based in Y"
        preps = _PARTY_PREPS + _PLACE_PREPS
        parties = [p for c in children(verb) if c.dep_ == "prep" and c.lower_ in preps for p in pobjs(c)]
        # "the London-based observatory", "Iran-aligned militias": the party modifies the participle
        parties += [c for c in children(verb) if c.dep_ in ("npadvmod", "compound") and c.i < verb.i]
        return pairs(
            scope,
            trigger=verb,
            relation=relation,
            subjects=_participle_subjects(verb),
            tiers=[(parties, "")],
            pattern="standing-verb",
        )
    return []


def _office_verb(verb: Token, scope: Scope) -> list[FoundRelation]:
    """Statements of a verb of office: "Y, headed by X", "X commands Y" (see :func:`standing_verb`)."""
    if not any(c.dep_ in ("agent", "dobj") for c in children(verb)):
        return []  # most verbs: checked before any string is built
    grammar = scope.grammar
    relation = office_relation(grammar, verb)
    if relation is None:
        rule = grammar.lexicon.verbs.get(verb.lemma_.lower())
        relation = rule.relation if rule is not None and grammar.quad(rule.relation) == "structural" else None
    if relation is None:
        return []
    scope = _narrow(scope)
    agents = [p for c in children(verb) if c.dep_ == "agent" for p in pobjs(c)]
    if agents:
        # "Y, headed by X", "Y is commanded by X"
        governed = [t for c in children(verb) if c.dep_ == "nsubjpass" for t in conjuncts(c)]
        if not governed and verb.dep_ in ("acl", "amod", "relcl"):
            governed = _named_by(verb.head)
        subjects, objects = agents, governed
    elif is_passive(verb) or verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod"):
        return []
    else:
        subjects = subjects_of(verb)
        objects = [t for c in children(verb) if c.dep_ == "dobj" for t in conjuncts(c)]
    return pairs(
        scope,
        trigger=verb,
        relation=relation,
        subjects=subjects,
        tiers=[(objects, "")],
        pattern="standing-verb",
    )


def _named_by(head: Token) -> list[Token]:
    """The heads a participle's noun names: itself, the name it stands in apposition to, the
    subject a copula says it is.

    "Hezbollah, a group based in Lebanon", "Hezbollah is a party based in Lebanon": Hezbollah.
    """
    out = conjuncts(head)
    if head.dep_ == "appos":
        out.append(head.head)
    elif head.dep_ == "attr" and head.head.pos_ in ("AUX", "VERB"):
        out += subjects_of(head.head)
    return out


def _participle_subjects(verb: Token) -> list[Token]:
    """Who a participle is said of: "X is based in", "X, which is allied with", "X, based in"."""
    subjects = [t for c in children(verb) if c.dep_ == "nsubjpass" for t in conjuncts(c)]
    if verb.dep_ == "relcl":
        subjects = [verb.head if t.tag_ in ("WDT", "WP") else t for t in subjects]
    if not subjects and verb.dep_ in ("acl", "amod", "relcl"):
        subjects = _named_by(verb.head)
    if not subjects and verb.dep_ == "advcl":
        subjects = subjects_of(verb.head)  # "Based in Beirut, the group ..."
    if not subjects and verb.dep_ == "acomp":
        subjects = subjects_of(verb.head)  # "X is allied with Y" tagged as an adjective
    return subjects


def under(prep: Token, scope: Scope, rule: TriggerRule | None = None) -> list[FoundRelation]:
    """Statements of "troops under the command of X", "Y is under X's leadership": ``standing-under``."""
    grammar = scope.grammar
    out: list[FoundRelation] = []
    for noun in pobjs(prep):
        relation = office_relation(grammar, noun)
        if relation is None:
            continue
        scope = _narrow(scope)
        holders = [p for c in children(noun) if c.dep_ == "prep" and c.lower_ == "of" for p in pobjs(c)]
        holders += [c for c in children(noun) if c.dep_ == "poss"]
        head = prep.head
        governed = subjects_of(head) if head.pos_ in ("VERB", "AUX") else _named_by(head)
        out += pairs(
            scope,
            trigger=noun,
            relation=relation,
            subjects=holders,
            tiers=[(governed, "")],
            pattern="standing-under",
        )
    return out
