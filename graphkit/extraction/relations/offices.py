"""Ties of office: who holds which title in which organisation.

A title word names a tie between the person who holds it and the organisation its phrase names:
"Hezbollah leader Hassan Nasrallah", "President Bashar al-Assad of Syria", "Hassan Nasrallah,
the leader of Hezbollah", "X is the group's leader", "Hamas chose Yahya Sinwar as its leader",
"Hezbollah's spokesman" (an office holder the text does not name). The tie's relation is the
title's kind (the lexicon's ``titles``: leader_of, spokesperson_for, member_of).

A government post ("foreign minister", "ambassador": an office title the actor linker found, by
the titles of ``coref.yaml``, that the lexicon gives no kind) makes its holder a member of the
body only where the text states it, after the name or in a copula, with the body named by a
possessive or a preposition ("Mohammad Javad Zarif, the foreign minister of Iran", "X is Iran's
ambassador"). Before a name ("Russian Foreign Minister Sergei Lavrov") it is a form of address,
kept as the person's affiliation by the actor linker and not stated; so is a modifier ("Sergei
Lavrov, the Russian foreign minister") and a portfolio ("Minister for the Middle East").
"""

from __future__ import annotations

from collections.abc import Container

from spacy.tokens import Doc, Token

from graphkit.extraction.mentions import ActorMention, index_by_token
from graphkit.extraction.reading import children
from graphkit.extraction.relations.grammar import FoundRelation, Grammar
from graphkit.extraction.relations.index import MentionIndex
from graphkit.extraction.relations.tree import conjuncts, subjects_of
from graphkit.extraction.sentences import sentence_of
from graphkit.extraction.words import WordFilter

# The relation a government post states (see the module docstring).
POST_RELATION = "member_of"
# Prepositions whose object is the body a title belongs to ("spokesman for X", "director at X");
# not "to": "the US ambassador to Syria" belongs to the US. A government post's "for" names its
# portfolio, not its body ("Minister for the Middle East").
_BODY_PREPS = ("of", "for", "at", "within")
# Modifiers of a title that name its body ("Hezbollah leader", "Syrian President", "Iran's envoy").
_MODIFIER_DEPS = ("poss", "compound", "amod", "nmod")
# Mention kinds that name a place, not a body one holds office in ("the mayor of London").
_PLACE_KINDS = ("capital", "seat", "place")
_VERBS = ("AUX", "VERB")


def title_relation(grammar: Grammar, token: Token, posts: Container[int] = ()) -> tuple[str, bool] | None:
    """Return the relation a title word states and whether it is a government post.

    Two-word titles are read with the word before ("prime minister", "secretary-general"). A word
    the lexicon gives no kind is a post when it heads an office title the actor linker found
    (``posts``: the indices of those heads); ``None`` when the word is no title.

    Examples
    --------
    >>> import spacy
    >>> from graphkit.extraction.relations import default_lexicon
    >>> from graphkit.vocabulary import default_vocabulary
    >>> grammar = Grammar(default_lexicon(), default_vocabulary())
    >>> doc = spacy.blank("en")("the Prime Minister and the Foreign Minister")
    >>> title_relation(grammar, doc[2]), title_relation(grammar, doc[6], posts={6})
    (('leader_of', False), ('member_of', True))
    >>> title_relation(grammar, doc[6]) is None
    True
    """
    table = grammar.lexicon.titles
    lemma = token.lemma_.lower()
    if token.i in posts:
        post = (POST_RELATION, True)
    else:
        post = None
        heads = _head_words(table)
        if token.lower_ not in heads and lemma not in heads:
            return None  # the common case, without building two-word forms
    doc = token.doc
    words = [token.lower_]
    if token.i >= 1:
        words.insert(0, f"{doc[token.i - 1].lower_} {token.lower_}")
    if token.i >= 2 and doc[token.i - 1].text == "-":
        words.insert(0, f"{doc[token.i - 2].lower_}-{token.lower_}")
    words.append(lemma)
    for w in words:
        relation = table.get(w)
        if relation is not None:
            return relation, False
    return post


_HEAD_WORDS: dict[int, tuple[dict[str, str], frozenset[str]]] = {}


def _head_words(table: dict[str, str]) -> frozenset[str]:
    """The last words of the lexicon's titles ("leader", "minister" of "prime minister")."""
    cached = _HEAD_WORDS.get(id(table))
    if cached is None or cached[0] is not table:
        words = frozenset(t.replace("-", " ").split()[-1] for t in table)
        cached = _HEAD_WORDS[id(table)] = (table, words)
    return cached[1]


def _title_filter(grammar: Grammar) -> WordFilter:
    """The tokens :func:`title_relation` may find a title in: a form or lemma that ends a title."""
    found = grammar.derived.get("titles")
    if found is None:
        heads = _head_words(grammar.lexicon.titles)
        found = grammar.derived["titles"] = WordFilter(heads.__contains__, heads.__contains__)
    return found


def _starts_title(grammar: Grammar, token: Token) -> bool:
    """Return True when a title word begins a two-word title ("Secretary" of "Secretary-General")."""
    doc = token.doc
    table = grammar.lexicon.titles
    nxt = token.i + 1
    if nxt + 1 < len(doc) and doc[nxt].text == "-":
        return f"{token.lower_}-{doc[nxt + 1].lower_}" in table
    return nxt < len(doc) and f"{token.lower_} {doc[nxt].lower_}" in table


def _title_head(word: Token) -> Token:
    """The syntactic head of a title ending in ``word``: "secretary-general" is parsed either way."""
    doc = word.doc
    if word.i >= 2 and doc[word.i - 1].text == "-":
        first = doc[word.i - 2]
        if word.head in (first, doc[word.i - 1]):
            return first
    return word


def holders(
    token: Token, index: MentionIndex, titles: dict[int, ActorMention]
) -> tuple[list[ActorMention], str]:
    """Return the persons a title word is said of, and the form that says it.

    Forms: ``before`` ("Hezbollah leader Hassan Nasrallah"), ``appos`` ("Hassan Nasrallah, the
    leader of Hezbollah"; "the leader of Hezbollah, Hassan Nasrallah"), ``copula`` ("X is the
    leader of Y", "was elected leader of", "chose X as its leader", "one of the leaders of"),
    ``title`` (the title names its holder: "Hezbollah's spokesman said"). ``index`` holds no
    title mentions (:meth:`MentionIndex.inner`); ``titles`` maps a token to the title covering it.
    """
    position = token
    # "one of the leaders of Y", "among the founders of Y": the title stands where "one" does
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NUM":
        position = token.head.head
    if (
        position.dep_ == "pobj"
        and position.head.lower_ == "among"
        and position.head.head.pos_ in ("AUX", "VERB")
    ):
        return _persons(subjects_of(position.head.head), index), "copula"
    head = position.head
    if position.dep_ in ("compound", "amod", "nmod", "npadvmod") and token.i < head.i:
        named = _persons([head], index, exact=True)
        if named:
            return named, "before"
    if position.dep_ == "appos":
        named = _persons(conjuncts(head), index, exact=True)
        if named:
            return named, "appos"
    # "the EU's foreign policy chief Josep Borrell condemned": parsed as two subjects of the verb
    sibling = [
        c for c in children(head) if c.left_edge.i == position.i + 1 and c.dep_ == position.dep_ != "ROOT"
    ]
    named = _persons(sibling, index, exact=True)
    if named:
        return named, "before"
    apposed = [c for c in children(position) if c.dep_ == "appos"]
    # "the spokesman for the SDF, Farhad Shami": the name apposed to the body, no person itself
    apposed += [
        a
        for c in children(position)
        if c.dep_ == "prep" and c.lower_ in _BODY_PREPS
        for p in children(c)
        if p.dep_ == "pobj"
        for a in children(p)
        if a.dep_ == "appos"
    ]
    named = _persons([t for c in apposed for t in conjuncts(c)], index, exact=True)
    if named:
        # "President Bashar al-Assad" parsed as an apposition: no comma, the name follows the title
        return named, "before" if named[0].span.start == token.i + 1 else "appos"
    if position.dep_ in ("attr", "oprd") and head.pos_ in ("AUX", "VERB"):
        objects = [c for c in children(head) if c.dep_ == "dobj"]  # "named X leader of Y"
        return _persons(objects or _subjects(head), index), "copula"
    if position.dep_ == "pobj" and head.lower_ == "as" and head.head.pos_ in ("AUX", "VERB"):
        # "served as leader"; "chose X as its leader" (the object), "succeeded X as leader" (the
        # subject, and the object held it before): a person of either, never the body itself
        verb = head.head
        objects = [c for c in children(verb) if c.dep_ == "dobj"]
        return _persons(objects + _subjects(verb), index), "copula"
    own = titles.get(token.i)
    if own is not None and own.actor.type == "Person" and own.span.root == token:
        # "President Bashar al-Assad of Syria" parsed apart: the title ends where the name begins
        name = index.by_token.get(own.span.end)
        if name is not None and name.actor.id == own.actor.id and name.kind == "name":
            return [name], "before"
        return [own], "title"
    return [], ""


def _subjects(verb: Token) -> list[Token]:
    """The subjects of a copula or a passive verb of naming ("was elected leader of Y")."""
    passive = [t for c in children(verb) if c.dep_ == "nsubjpass" for t in conjuncts(c)]
    return passive or subjects_of(verb)


def _persons(heads: list[Token], index: MentionIndex, exact: bool = False) -> list[ActorMention]:
    """The person mentions the phrases headed by ``heads`` name (``exact``: the head itself)."""
    found: list[ActorMention] = []
    for head in heads:
        m = index.by_token.get(head.i) if exact else next(iter(index.actors_in(head)), None)
        if m is not None and m.actor.type == "Person":
            found.append(m)
    return found


def bodies(
    token: Token, holder: ActorMention, form: str, index: MentionIndex
) -> list[tuple[ActorMention, str]]:
    """Return the organisations a title's phrase names, each with the link that names it.

    Links: ``modifier`` ("Hezbollah leader", "Syrian President"), ``poss`` ("the group's
    leader"), a preposition ("leader of Hezbollah", "spokesman for", "director at"), ``after``
    (after the name a title precedes: "President Bashar al-Assad of Syria").
    """
    heads: list[tuple[Token, str]] = [
        (c, "poss" if c.dep_ == "poss" else "modifier") for c in children(token) if c.dep_ in _MODIFIER_DEPS
    ]
    heads += [
        (p, c.lower_)
        for c in children(token)
        if c.dep_ == "prep" and c.lower_ in _BODY_PREPS
        for p in children(c)
        if p.dep_ == "pobj"
    ]
    if form == "before":
        root = holder.span.root
        # "Syrian President Bashar al-Assad": the name's own modifiers before the title
        heads += [(c, "modifier") for c in root.lefts if c.i < token.i and c.dep_ in _MODIFIER_DEPS]
        # "President Bashar al-Assad of Syria"
        heads += [
            (p, "after")
            for t in holder.span
            for c in children(t)
            if c.dep_ == "prep" and c.lower_ == "of" and c.i >= holder.span.end
            for p in children(c)
            if p.dep_ == "pobj"
        ]
    out: list[tuple[ActorMention, str]] = []
    for head, link in heads:
        for m in index.actors_in(head):
            if m.actor.type != "Person" and m.actor.id != holder.actor.id and m.kind not in _PLACE_KINDS:
                out.append((m, link))
    return out


def _states_post(form: str, link: str) -> bool:
    """Return True when a government post is stated, not a form of address (module docstring).

    After the name or in a copula, with the body named by a possessive or a preposition: "Sergei
    Lavrov, the foreign minister of Russia", "Iran's ambassador, X"; but not "the UK Special
    Representative for Syria" (a portfolio) nor "the Iraqi Foreign Minister, X" (a modifier).
    """
    return link == "after" or form in ("appos", "copula") and link in ("poss", "of", "at", "within")


def office_ties(grammar: Grammar, doc: Doc, index: MentionIndex) -> list[FoundRelation]:
    """Return the ties of office a doc states (see the module docstring).

    Patterns: ``title`` (before a name, in apposition, or a title naming its holder) and
    ``standing`` (copulas: their polarity and modality are read like any statement's).
    """
    if not any(m.actor.type == "Person" for m in index.mentions):
        return []  # every tie of office is a person's
    inner = index.inner()
    titles = index_by_token((m for m in index.mentions if m.kind == "title"), keep="first")
    posts = {m.span.root.i for m in index.mentions if m.kind == "title"}
    out: list[FoundRelation] = []
    seen: set[tuple[str, str, str, int]] = set()
    # only a title word or the head of an office title can be one (see title_relation)
    for i in sorted(posts.union(_title_filter(grammar).positions(doc))):
        word = doc[i]
        hyphenated = word.i >= 2 and doc[word.i - 1].text == "-"
        if word.pos_ not in ("NOUN", "PROPN") and not hyphenated:
            continue
        kind = title_relation(grammar, word, posts)
        if kind is None or _starts_title(grammar, word):
            continue
        relation, post = kind
        token = _title_head(word)
        persons, form = holders(token, inner, titles)
        if not persons:
            continue
        plural = token.tag_ in ("NNS", "NNPS")
        if plural and form in ("before", "title") and len(persons) < 2:
            continue  # "Hezbollah fighters", "the ministers": a group, not one office
        pattern = "standing" if form == "copula" else "title"
        for person in persons:
            found = bodies(token, person, form, inner)
            if token is not word:
                found += bodies(word, person, "", inner)
            for body, link in dict.fromkeys(found):
                if post and not _states_post(form, link):
                    continue
                sentence = sentence_of(token)
                key = (relation, person.actor.id, body.actor.id, sentence.start)
                if key not in seen:  # "Prime Minister X, the commander-in-chief of Y": one tie
                    seen.add(key)
                    out.append(FoundRelation(relation, person, body, token, sentence, pattern))
    return out
