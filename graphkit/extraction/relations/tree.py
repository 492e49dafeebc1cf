"""Dependency-tree helpers: the subjects, objects, conjuncts and clauses of a trigger.

Plain functions over spaCy tokens; the word classes they use are syntax (dependency labels, tags,
prepositions), not lexicon data.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from graphkit.extraction.paragraphs import blank_lines
from graphkit.extraction.reading import children
from graphkit.extraction.relations.lexicon import TriggerRule

# Prepositions whose object still names (a part of) the phrase's referent: "a pair of Hezbollah
# commanders", "officials in Baghdad", "a spokesman for Hezbollah", "calls by Belarus".
REFERENT_PREPS = {"of", "from", "in", "for", "by", "among", "within", "inside", "at"}
# Prepositions that put their object outside the phrase's referent ("targets other than ISIS").
EXCLUDING_PREPS = set("than except besides unlike excluding instead without against like".split())
# Prepositions whose object is never the recipient of an event ("attacked no one but ISIS" aside).
NON_TARGET_PREPS = EXCLUDING_PREPS - {"against"}
# Prepositions that name the target of an event noun ("action against Russia", "sanctions on Iran").
TARGET_PREPS = {"against", "on", "upon", "to", "toward", "towards", "with", "for", "into", "at"}
# Prepositions of a verb that point at its recipient ("reduced supplies to X", "turned on X").
DIRECTED_PREPS = {"to", "against", "on", "upon", "toward", "towards", "into"}
# Prepositions of a verb that introduce the purpose of its act ("mobilized for a war against X").
GOAL_PREPS = {"for", "to", "toward", "towards", "into"}
# Prepositions that name where an event happens.
LOCATIVE_PREPS = set("in into inside within throughout across at near around outside".split())
SUBJECT_DEPS = ("nsubj", "csubj")
RELATIVE_TAGS = {"WDT", "WP", "WP$"}
CLAUSE_DEPS = ("xcomp", "ccomp")
# Verbs whose direct object is the subject of their infinitive ("urged Iran to stop").
OBJECT_CONTROL = set(
    """urge ask call persuade force allow permit help order tell encourage invite press pressure push warn
    advise request require compel oblige enable convince lead appeal demand implore beg""".split()
)
# Links through which a trigger's clause contains another trigger's event.
CONTENT_LINKS = {"xcomp", "ccomp", "prep", "pcomp", "dobj", "dative", "advcl", "acomp", "oprd"}


def paragraphs(doc: Doc) -> list[int]:
    """Return the paragraph number of each token: a blank line ends a paragraph.

    A blank line ends a paragraph (a title, a byline) even where the parser runs a sentence
    across it.

    Examples
    --------
    >>> import spacy
    >>> paragraphs(spacy.blank("en")("Title\\n\\nBody text"))
    [0, 0, 1, 1]
    """
    out: list[int] = []
    breaks = blank_lines(doc)
    for paragraph, i in enumerate(breaks):
        out.extend([paragraph] * (i + 1 - len(out)))  # the blank line ends its paragraph
    out.extend([len(breaks)] * (len(doc) - len(out)))
    return out


def conjuncts(token: Token) -> list[Token]:
    """Return a token and the tokens coordinated with it ("X, Y and Z").

    A list parsed as "X, [Y and Z]" with Y in apposition counts too.
    """
    out = [token, *[c for c in token.conjuncts if c.i > token.i]]
    for child in children(token):
        if child.dep_ == "appos" and any(g.dep_ == "conj" for g in children(child)):
            out += [child, *[c for c in child.conjuncts if c.i > child.i]]
    return out


def pobjs(prep: Token) -> list[Token]:
    """Return the objects of a preposition, with their conjuncts."""
    return [p for c in children(prep) if c.dep_ in ("pobj", "pcomp") for p in conjuncts(c)]


def is_passive(verb: Token) -> bool:
    """Return True when a verb has a passive subject or auxiliary."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in children(verb))


def subjects_of(verb: Token, depth: int = 0) -> list[Token]:
    """Return the subject heads of a verb, climbing through control, coordination and modifiers.

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> words = ["Iran", "was", "armed", "by", "Russia"]
    >>> deps = ["nsubjpass", "auxpass", "ROOT", "agent", "pobj"]
    >>> doc = Doc(spacy.blank("en").vocab, words=words, heads=[2, 2, 2, 2, 3], deps=deps)
    >>> subjects_of(doc[2])  # the agent of a passive verb
    [Russia]
    """
    if depth > 6:
        return []
    direct = [c for c in children(verb) if c.dep_ in SUBJECT_DEPS]
    if verb.dep_ == "relcl" and any(c.tag_ in RELATIVE_TAGS for c in direct):
        direct = [verb.head if c.tag_ in RELATIVE_TAGS else c for c in direct]  # "X, which attacked Y"
    if is_passive(verb):
        direct = [p for c in children(verb) if c.dep_ == "agent" for p in children(c) if p.dep_ == "pobj"]
        if not direct and depth > 0:
            # "X is committed to defeating Y", "X is determined to": an adjectival passive
            direct = [c for c in children(verb) if c.dep_ == "nsubjpass"]
    if direct:
        return [t for d in direct for t in conjuncts(d)]
    head = verb.head
    if head == verb:
        return []
    if verb.dep_ == "xcomp":
        # object control: "urged Iran to stop" -> Iran stops; else subject control
        controllers = [c for c in children(head) if c.dep_ in ("dobj", "dative")]
        if controllers and head.lemma_.lower() in OBJECT_CONTROL:
            return [t for d in controllers for t in conjuncts(d)]
        return subjects_of(head, depth + 1)
    if verb.dep_ == "pcomp" and head.lower_ in ("of", "for", "from") and head.head != head:
        # "accused Iran of arming X", "blamed X for bombing Y", "stopped X from arming Y"
        controllers = [c for c in children(head.head) if c.dep_ == "dobj"]
        if controllers:
            return [t for d in controllers for t in conjuncts(d)]
    if verb.dep_ in ("conj", "advcl", "pcomp", "acomp"):
        return subjects_of(head, depth + 1)
    if verb.dep_ == "prep" or head.dep_ == "prep":
        return subjects_of(head.head if head.dep_ == "prep" else head, depth + 1)
    if verb.dep_ in ("relcl", "acl") and not is_passive(verb) and verb.tag_ != "VBN":
        return [head]
    return []


def objects_of(verb: Token, rule: TriggerRule) -> tuple[list[Token], list[Token]]:
    """Return (object heads, theme heads) of a verb trigger.

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> words = ["Iran", "sent", "weapons", "to", "Hezbollah"]
    >>> deps = ["nsubj", "ROOT", "dobj", "prep", "pobj"]
    >>> doc = Doc(spacy.blank("en").vocab, words=words, heads=[1, 1, 1, 1, 3], deps=deps)
    >>> objects_of(doc[1], TriggerRule("aids", preps=("to",), theme=True))
    ([Hezbollah], [weapons])
    """
    objects: list[Token] = []
    themes: list[Token] = []
    passive = is_passive(verb)
    for child in children(verb):
        dep = child.dep_
        if dep == "nsubjpass":
            objects.extend(conjuncts(child))
        elif dep == "dobj":
            (themes if rule.theme else objects).extend(conjuncts(child))
        elif dep == "dative":
            if child.pos_ == "ADP":  # "give X to Y" parsed as dative "to"
                objects.extend(pobjs(child))
            else:
                objects.extend(conjuncts(child))
        elif dep in ("prep", "prt") and (child.lower_ in rule.preps or child.lower_ == "with" and rule.theme):
            if rule.theme and child.lower_ == "with":
                themes.extend(pobjs(child))
            else:
                objects.extend(pobjs(child))
            # "hand over to Britain two of its nationals": a particle followed by a preposition
            if dep == "prt":
                objects.extend(
                    p for c in children(verb) if c.dep_ == "prep" and c.lower_ in rule.preps for p in pobjs(c)
                )
    if rule.theme and not rule.topic:
        # "sent weapons to X", "recalled its ambassador from X": the preposition parsed on the thing
        objects.extend(
            p
            for t in themes
            for c in children(t)
            if c.dep_ == "prep" and c.lower_ in rule.preps and c.lower_ != "with"
            for p in pobjs(c)
        )
    if verb.dep_ in ("relcl", "acl") and (passive or verb.tag_ == "VBN"):
        objects.append(verb.head)  # "casualties caused by Russian strikes": the head is the object
    if verb.dep_ == "advcl" and verb.tag_ == "VBN" and not any(c.dep_ == "nsubjpass" for c in children(verb)):
        # "X took the town, aided by Turkey": the participle's patient is the main clause's subject
        objects.extend(subjects_of(verb.head))
    if verb.dep_ == "relcl":
        # "Hezbollah, which Syria arms": the relative pronoun stands for the noun it follows
        objects = [verb.head if o.tag_ in RELATIVE_TAGS else o for o in objects]
        themes = [verb.head if t.tag_ in RELATIVE_TAGS else t for t in themes]
    return objects, themes


def governs(governor: Token, token: Token) -> bool:
    """Return True when ``token`` sits in the content of ``governor``'s clause (not a coordinated clause)."""
    current = token
    for _ in range(12):
        head = current.head
        if head == current or current.dep_ == "conj":
            return False
        if head == governor:
            return current.dep_ in CONTENT_LINKS
        current = head
    return False


def participle_stems(word: str) -> list[str]:
    """Return the verb lemmas a past participle may come from.

    Examples
    --------
    >>> participle_stems("armed")
    ['arm', 'arme', 'ar', 'arm']
    >>> participle_stems("supplied")[-1]
    'supply'
    """
    if not word.endswith("ed"):
        return []
    return [word[:-2], word[:-1], word[:-3], word[:-3] + "y" if word.endswith("ied") else word[:-2]]


def depth(token: Token) -> int:
    """Return the number of heads between a token and its sentence root."""
    steps = 0
    while token.head != token and steps < 50:
        token = token.head
        steps += 1
    return steps


#: Nouns that name a place by the name after them: "the city of Mosul", "the province of Idlib".
PLACE_OF_NOUNS = frozenset(
    "city town village province region district governorate county state capital area suburb "
    "neighbourhood neighborhood port island".split()
)


def named_place(token: Token) -> Token:
    """Return the proper name a place noun introduces ("the city of Mosul" -> Mosul), else the token.

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> words, heads = ["the", "city", "of", "Mosul"], [1, 1, 1, 2]
    >>> doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=["det", "ROOT", "prep", "pobj"],
    ...           pos=["DET", "NOUN", "ADP", "PROPN"], lemmas=["the", "city", "of", "Mosul"])
    >>> named_place(doc[1])
    Mosul
    """
    if token.pos_ != "NOUN" or token.lemma_.lower() not in PLACE_OF_NOUNS:
        return token
    for child in children(token):
        if child.dep_ == "prep" and child.lower_ == "of":
            names = [p for p in children(child) if p.dep_ == "pobj" and p.pos_ == "PROPN"]
            if names:
                return names[0]
    return token


def place_span(token: Token) -> Span:
    """Return the proper name a place token heads: "the Gaza Strip" -> "Gaza Strip"."""
    doc = token.doc
    start = token.i
    for child in token.lefts:
        if child.dep_ in ("compound", "amod") and child.pos_ == "PROPN" and child.i < start:
            start = child.i
    return Span(doc, start, token.i + 1)


def complement_clauses(verb: Token) -> list[Token]:
    """Return the clausal complements of a verb, purpose clauses included."""
    clauses = [c for c in children(verb) if c.dep_ in CLAUSE_DEPS]
    # "called on X to", "agreed on a plan to": a clause under a preposition
    clauses += [p for c in children(verb) if c.dep_ == "prep" for p in children(c) if p.dep_ == "pcomp"]
    clauses += [g for c in children(verb) if c.dep_ == "dobj" for g in children(c) if g.dep_ == "acl"]
    # purpose clauses: "blocked a road to show their anger at X"; "pushing for the US to support"
    for c in children(verb):
        if c.dep_ != "advcl":
            continue
        marks = {m.lower_ for m in children(c) if m.dep_ in ("mark", "aux")}
        if "to" in marks or "for" in marks:
            clauses.append(c)
    return clauses


def condition_subjects(verb: Token) -> list[Token]:
    """Return who must comply: "threatened to strike unless Israel withdrew" -> Israel."""
    clauses = [verb, *complement_clauses(verb)]
    return [
        t
        for clause in clauses
        for c in children(clause)
        if c.dep_ == "advcl"
        and any(m.dep_ == "mark" and m.lower_ in ("unless", "if", "until") for m in children(c))
        for s in children(c)
        if s.dep_ in ("nsubj", "nsubjpass")
        for t in conjuncts(s)
    ]


def nested_targets(head: Token, preps: tuple[str, ...]) -> list[Token]:
    """Return the objects of ``preps`` inside the phrase of ``head`` (below its first level)."""
    out: list[Token] = []
    for child in children(head):
        if child.dep_ != "prep" or child.lower_ in NON_TARGET_PREPS:
            continue
        # two levels down at most: "withdrawal of forces from Panama", not "funding of a
        # project for the rehabilitation of the Ishtar Gate"
        for pobj in pobjs(child):
            for tok in children(pobj):
                if tok.dep_ == "prep" and tok.lower_ in preps:
                    out.extend(pobjs(tok))
    return out


def locative_targets(verb: Token, objects: list[Token]) -> list[Token]:
    """Return the places where the event of a trigger happens ("reimposed blockades in the West Bank")."""
    out: list[Token] = []
    heads = [verb, *objects]
    # "refused to deploy peacekeepers in Iraq": the place of the complement's event
    for clause in (c for c in children(verb) if c.dep_ == "xcomp"):
        heads += [clause, *(c for c in children(clause) if c.dep_ == "dobj")]
    for head in heads:
        for child in children(head):
            if child.dep_ != "prep":
                continue
            located = child.lower_ in LOCATIVE_PREPS
            for pobj in pobjs(child) if located or child.lower_ in GOAL_PREPS else []:
                if located:
                    out.append(pobj)
                # "at a jail in northern Israel", "troops to a force in Liberia": one more level
                out.extend(
                    p
                    for c in children(pobj)
                    if c.dep_ == "prep" and (c.lower_ == "in" or located and c.lower_ == "of")
                    for p in pobjs(c)
                )
    return out
