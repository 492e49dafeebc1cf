"""Polarity, modality and attribution of a relation trigger, read from the dependency parse.

Kept apart from relation finding so that each rule can be tested and changed on its own:
- polarity: "not", "never", "no", verbs that negate their complement or object ("refused to",
  "denied", "cancelled the talks", "called off") and nouns that negate theirs ("the cancellation of");
  negation of a belief verb is raised into its complement ("don't think X did" = "think X didn't");
- modality: future ("will"), hypothetical ("could", "if"), reported (hedges, "according to",
  or the trigger sits in the complement of a reporting verb), else asserted;
- attribution: who makes the claim, the subject of the nearest reporting verb or the object of
  "according to".
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import LOWER
from spacy.tokens import Span, Token

from graphkit.extraction.reading import children, kept
from graphkit.extraction.sentences import sentence_of
from graphkit.extraction.texts import span_text

_CLAUSE_LINKS = {
    "ccomp",
    "xcomp",
    "advcl",
    "conj",
    "pcomp",
    "acomp",
    "relcl",
    "acl",
    "prep",
    "pobj",
    "attr",
    "dobj",
    "nsubj",
    "nsubjpass",
    "csubj",
    "oprd",
    "parataxis",
    "appos",
    "npadvmod",
    "amod",
    "compound",
    "poss",
}


@dataclass(frozen=True)
class Cues:
    """Word lists that mark polarity and modality (from the lexicon's ``cues`` section)."""

    reporting_verbs: frozenset[str]
    neg_raising: frozenset[str]
    negating_verbs: frozenset[str]
    hedges: frozenset[str]
    future_aux: frozenset[str]
    hypothetical_aux: frozenset[str]
    intent_verbs: frozenset[str]
    conditional_marks: frozenset[str]
    negators: frozenset[str]
    directive_verbs: frozenset[str] = frozenset()
    negating_nouns: frozenset[str] = frozenset()
    attempt_verbs: frozenset[str] = frozenset()
    platforms: frozenset[str] = frozenset()
    possibility_words: frozenset[str] = frozenset()
    opposing_words: frozenset[str] = frozenset()

    @classmethod
    def from_dict(cls, data: dict) -> Cues:
        return cls(
            **{k: frozenset(str(w).lower() for w in data.get(k, [])) for k in cls.__dataclass_fields__}
        )


def _is_negated(token: Token, cues: Cues) -> bool:
    for child in children(token):
        if child.dep_ == "neg" or (child.dep_ in ("det", "advmod") and child.lower_ in ("no", "never")):
            return True
        if child.dep_ == "preconj" and child.lower_ == "neither":
            return True
    # "without X-ing" / "without aid"
    head = token.head
    return (
        head.dep_ == "prep"
        and head.lower_ == "without"
        or (token.dep_ == "pcomp" and token.head.lower_ == "without")
    )


def negates(verb: Token, cues: Cues) -> bool:
    """Return True when a verb negates its complement or object: "cancel", "call off", "pull out of".

    A phrasal entry of ``negating_verbs`` is the lemma and the verb's particle (and preposition).

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> cues = Cues.from_dict({"negating_verbs": ["cancel", "call off"]})
    >>> doc = Doc(spacy.blank("en").vocab, words=["they", "called", "off", "talks"],
    ...           heads=[1, 1, 1, 1], deps=["nsubj", "ROOT", "prt", "dobj"],
    ...           lemmas=["they", "call", "off", "talk"])
    >>> negates(doc[1], cues), negates(doc[3], cues)
    (True, False)
    """
    lemma = verb.lemma_.lower()
    if lemma in cues.negating_verbs:
        return True
    particles = [c.lower_ for c in children(verb) if c.dep_ == "prt"]
    if not particles:
        return False
    phrase = f"{lemma} {particles[0]}"
    if phrase in cues.negating_verbs:
        return True
    preps = [c.lower_ for c in children(verb) if c.dep_ == "prep"]
    return any(f"{phrase} {p}" in cues.negating_verbs for p in preps)


def attempted(trigger: Token, cues: Cues) -> bool:
    """Return True when the trigger's act is attempted ("tried to kill X", "attempted to seize X").

    PLOVER codes an attempted act as the act (an attempted assassination is an ASSAULT), so an
    attempt is no intention: the statement keeps the act's relation, marked attempted.
    """
    current = trigger
    for _ in range(3):
        if current.dep_ not in ("xcomp", "conj") or current.head == current:
            return False
        current = current.head
        if current.lemma_.lower() in cues.attempt_verbs:
            return True
    return False


def governors(token: Token) -> tuple[Token, ...]:
    """The chain of heads from ``token`` up to the sentence root, following clause links.

    Kept during a :func:`~graphkit.extraction.reading.reading`: polarity, modality and the
    conventions each climb a trigger's chain.
    """
    memo = kept(token.doc)
    key = ("governors", token.i)
    found = memo.get(key) if memo is not None else None
    if found is None:
        chain: list[Token] = []
        current = token
        while current.head != current and current.dep_ in _CLAUSE_LINKS:
            current = current.head
            chain.append(current)
        found = tuple(chain)
        if memo is not None:
            memo[key] = found
    return found


def polarity(trigger: Token, cues: Cues) -> str:
    """Return ``"negative"`` when the text says the event did not happen, else ``"positive"``.

    Negation does not cancel out: a negated event under a negating verb stays negative, since
    "denies not arming" is far likelier a misparse than a double negation.

    "Russian attacks aren't hitting ISIS targets" is negative for *hitting*; "X denied arming Y"
    for *arming* (a negating verb governs it); "There is no evidence that X armed Y" for *armed*.

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> cues = Cues.from_dict({"negating_verbs": ["deny"]})
    >>> words = ["Iran", "denied", "arming", "Hezbollah"]
    >>> doc = Doc(spacy.blank("en").vocab, words=words, heads=[1, 1, 1, 2],
    ...           deps=["nsubj", "ROOT", "xcomp", "dobj"], lemmas=["Iran", "deny", "arm", "Hezbollah"])
    >>> polarity(doc[2], cues), polarity(doc[1], cues)
    ('negative', 'positive')
    """
    if _is_negated(trigger, cues):
        return "negative"
    child = trigger
    for head in governors(trigger):
        lemma = head.lemma_.lower()
        negating = negates(head, cues) and not _is_negated(head, cues)
        if child == trigger and child.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj", "attr"):
            # a noun trigger takes the negation of the verb it is an argument of ("did not launch
            # strikes"), or of a verb that negates its object ("cancelled the visit", "the meeting
            # was called off")
            if head.pos_ in ("VERB", "AUX") and _is_negated(head, cues):
                return "negative"
            if child.dep_ in ("dobj", "nsubjpass") and negating:
                return "negative"
            child = head
            continue
        if (
            head.pos_ in ("NOUN", "PROPN")
            and lemma in cues.negating_nouns
            and child.dep_ == "prep"
            and child.lower_ in ("of", "to", "on")
            and not _is_negated(head, cues)
        ):
            return "negative"  # "the cancellation of the talks", "an end to support for X"
        if negating and (
            child.dep_ in ("xcomp", "ccomp", "pcomp", "dobj")
            or child.dep_ == "prep"
            and child.lower_ == "from"
        ):
            # "denied arming Y", "refused to meet Y", "prevented X from arming Y"
            return "negative"
        if lemma in cues.neg_raising and _is_negated(head, cues) and child.dep_ in ("ccomp", "xcomp"):
            return "negative"  # "don't think X did" = "think X didn't"
        if (
            head.pos_ in ("NOUN", "PROPN")
            and child.dep_ in ("acl", "ccomp", "appos")
            and _is_negated(head, cues)
        ):
            return "negative"  # "no evidence that X armed Y", "no sign of X attacking"
        if lemma in cues.reporting_verbs and child.dep_ == "ccomp":
            break  # negation of the report ("did not say") is not the event's
        child = head
    return "positive"


def modality(trigger: Token, cues: Cues) -> str:
    """Return ``asserted``, ``reported``, ``future`` or ``hypothetical`` for a trigger.

    "X will arm Y" is future; "X could arm Y", "if X arms Y", "X is capable of arming Y" are
    hypothetical; "Y said X would arm
    it" is future (the tense of reported speech shifts back); "Has X started to arm Y?" is
    hypothetical (a question asserts nothing); "X reportedly arms Y", "X arms Y, Z said" are reported.

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> vocab = spacy.blank("en").vocab
    >>> cues = Cues.from_dict({"future_aux": ["will"], "hypothetical_aux": ["could"]})
    >>> def clause(aux):
    ...     words, deps = ["Russia", aux, "arm", "Hezbollah", "."], ["nsubj", "aux", "ROOT", "dobj", "punct"]
    ...     return Doc(vocab, words=words, heads=[2, 2, 2, 2, 2], deps=deps)
    >>> [modality(clause(aux)[2], cues) for aux in ("will", "could", "did")]
    ['future', 'hypothetical', 'asserted']
    """
    if is_question(trigger):
        return "hypothetical"
    chain = [trigger, *governors(trigger)]
    reported_clause = _in_reported_clause(trigger, cues)
    for tok in chain[:3]:
        for child in children(tok):
            low = child.lower_
            if child.dep_ == "mark" and low in cues.conditional_marks:
                return "hypothetical"
            if child.dep_ == "aux" and low in cues.future_aux:
                return "future"
            if child.dep_ == "aux" and low == "would" and reported_clause:
                return "future"
            if child.dep_ == "aux" and low in cues.hypothetical_aux:
                return "hypothetical"
        if tok != trigger and tok.lemma_.lower() in cues.intent_verbs and tok.i < trigger.i:
            return "future"
        if tok != trigger and tok.lemma_.lower() in cues.directive_verbs and tok.i < trigger.i:
            return "hypothetical"  # "urged X to withdraw": what is demanded has not happened
        if tok != trigger and tok.lemma_.lower() in cues.possibility_words and tok.i < trigger.i:
            return "hypothetical"  # "capable of striking X", "the risk of an attack on X"
        if tok.dep_ in ("ccomp", "relcl", "advcl"):
            break
    if reporter(trigger, cues) is not None or _hedged(trigger, cues) or _accused_of(trigger, cues):
        return "reported"
    return "asserted"


def _accused_of(trigger: Token, cues: Cues) -> bool:
    """True when the trigger is what someone is accused of ("Y was accused of arming Z"), named or not."""
    child = trigger
    for head in governors(trigger)[:4]:
        accusing = head.pos_ == "VERB" and head.lemma_.lower() in cues.reporting_verbs
        if accusing and child.dep_ == "prep" and child.lower_ in ("of", "for"):
            return True
        child = head
    return False


def _in_reported_clause(trigger: Token, cues: Cues) -> bool:
    child = trigger
    for head in governors(trigger):
        if head.lemma_.lower() in cues.reporting_verbs and child.dep_ == "ccomp":
            return True
        child = head
    return False


def conditional_mark(trigger: Token, cues: Cues) -> str | None:
    """The mark ("if", "unless") of a condition put on the trigger's event, or None.

    "X will withdraw from Y unless Y agrees" -> "unless"; the condition is a clause modifying the
    trigger (or the verb whose complement it is), not the clause the trigger itself sits in.
    """
    current = trigger
    for _ in range(3):
        for child in children(current):
            if child.dep_ != "advcl":
                continue
            marks = [
                m.lower_ for m in children(child) if m.dep_ == "mark" and m.lower_ in cues.conditional_marks
            ]
            if marks:
                return marks[0]
        if current.dep_ not in ("xcomp", "conj") or current.head == current:
            break
        current = current.head
    return None


def _sentence_words(sent: Span) -> tuple[frozenset[str], tuple[int, ...], bool]:
    """A sentence's lower-case words, the "to" of each "according to", whether it asks: read once
    per sentence (kept in the doc), not once per statement, so a long list sentence costs its
    length, not its length times its statements. The words come from the doc's array of
    lower-case forms (:func:`_lower_words`): no ``Token`` is made for them."""
    doc = sent.doc
    key = ("graphkit.modality", sent.start, sent.end)
    found = doc.user_data.get(key)
    if found is None:
        words = _lower_words(sent)
        distinct = frozenset(words)
        to = ()
        if "according" in distinct:
            to = tuple(
                sent.start + k + 1
                for k, w in enumerate(words)
                if w == "according" and k + 1 < len(words) and words[k + 1] == "to"
            )
        found = doc.user_data[key] = (distinct, to, _asks(sent))
    return found


def _lower_words(sent: Span) -> list[str]:
    """The sentence's lower-case words, from the doc's array: read once per component call (the
    doc's words are kept in its :func:`~graphkit.extraction.reading.reading`)."""
    doc = sent.doc
    memo = kept(doc)
    words = memo.get(_WORDS_KEY) if memo is not None else None
    if words is None:
        strings = doc.vocab.strings
        words = [strings[h] for h in doc.to_array(LOWER).tolist()] if len(doc) else []
        if memo is not None:
            memo[_WORDS_KEY] = words
    return words[sent.start : sent.end]


_WORDS_KEY = "graphkit.modality.words"
#: What may close a sentence after its question mark: quotes and a parenthesis.
_CLOSERS = "\"'”’)"


def _asks(sent: Span) -> bool:
    """True when the sentence's text ends with a question mark, before closing quotes and spaces.

    The sentence's text is a slice of the doc's (:func:`~graphkit.extraction.texts.span_text`).
    """
    return span_text(sent).rstrip().rstrip(_CLOSERS).endswith("?")


def _according_to(sent: Span) -> list[Token]:
    """The "to" of each "according to" in a sentence (its object is the source)."""
    return [sent.doc[i] for i in _sentence_words(sent)[1]]


def _hedged(trigger: Token, cues: Cues) -> bool:
    words, to, _ = _sentence_words(sentence_of(trigger))
    return bool(to) or not words.isdisjoint(cues.hedges)


def sources(trigger: Token, cues: Cues) -> list[Token]:
    """The heads of whoever reports the trigger's event, nearest first.

    The subject of each reporting verb the trigger's clause depends on ("X said that ..."), then a
    reporting verb that follows the clause ("..., X said"), then "according to X". A nested report
    ("The Daily Beast said a commander said that ...") lists the commander before the outlet.
    """
    out: list[Token] = []
    child = trigger
    for head in governors(trigger):
        if head.lemma_.lower() in cues.reporting_verbs and child.dep_ in (
            "ccomp",
            "parataxis",
            "xcomp",
            "advcl",
            "conj",
            "dobj",
        ):
            out.extend(c for c in children(head) if c.dep_ in ("nsubj", "nsubjpass"))
        elif (
            head.lemma_.lower() in cues.reporting_verbs
            and child.dep_ == "prep"
            and child.lower_ in ("of", "for")
        ):
            # "X accused Y of arming Z": the accuser claims the arming ("Y was accused by X of")
            out.extend(c for c in children(head) if c.dep_ == "nsubj")
            out.extend(
                p for c in children(head) if c.dep_ == "agent" for p in children(c) if p.dep_ == "pobj"
            )
        child = head
    # "X did Y, said Z": the reporting verb hangs off the trigger's clause
    sentence = sentence_of(trigger)
    root = sentence.root
    for tok in [root, *children(root)]:
        if tok.lemma_.lower() in cues.reporting_verbs and tok != trigger and tok.i > trigger.i:
            subjects = [c for c in children(tok) if c.dep_ == "nsubj"]
            if subjects and (tok != root or tok.dep_ == "ROOT") and _dominates(tok, trigger, root):
                out.append(subjects[0])
    for to in _according_to(sentence):
        out.extend(c for c in children(to) if c.dep_ == "pobj")
    return list({t.i: t for t in out}.values())


def reporter(trigger: Token, cues: Cues) -> Token | None:
    """Return the head token of whoever reports the trigger's event (the nearest source), or None."""
    found = sources(trigger, cues)
    return found[0] if found else None


def is_question(trigger: Token) -> bool:
    """True when the trigger's sentence asks rather than states ("Has Russia started to arm X?")."""
    return _sentence_words(sentence_of(trigger))[2]


def _dominates(reporting: Token, trigger: Token, root: Token) -> bool:
    """True when the reporting verb is the root or governs the trigger's clause."""
    return reporting == root or trigger in reporting.subtree
