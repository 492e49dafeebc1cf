"""The word pre-filters of the extraction components skip only tokens the rules could not act on.

Each component asks a :class:`~graphkit.extraction.words.WordFilter` which tokens to read; these
tests run every rule on every token of real documents (the dev sets) and check that no token the
rules act on was skipped, and that words a user adds with ``--verbs`` are kept.
"""

from __future__ import annotations

import json
import pickle

import pytest
import spacy
from spacy.tokens import Doc

from graphkit.documents import Document
from graphkit.extraction.mentions import index_by_token
from graphkit.extraction.relations import default_lexicon
from graphkit.extraction.relations.grammar import Grammar, Scope
from graphkit.extraction.relations.index import MentionIndex
from graphkit.extraction.relations.lexicon import lexicon_loader
from graphkit.extraction.relations.offices import _title_filter, title_relation
from graphkit.extraction.relations.tree import paragraphs
from graphkit.extraction.relations.triggers import TriggerWords, from_token, trigger_filter
from graphkit.extraction.speakers import Speakers
from graphkit.extraction.words import WordFilter
from graphkit.vocabulary import default_vocabulary


@pytest.fixture(scope="module")
def dev_docs(extractor, shared_dir) -> list[Doc]:
    """Parsed documents of every dev set: news articles, releases and PLOVER sentences."""
    texts = []
    for name in ("re3d_dev", "plover_dev", "seed_gold"):
        lines = (shared_dir / "eval" / "dev" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        texts += [json.loads(line)["text"] for line in lines[:80] if line.strip()]
    # the docs outlive the call: no memory zone here, so their strings stay readable
    return list(extractor.nlp.pipe(texts, batch_size=16))


def test_no_token_that_triggers_a_relation_is_skipped(extractor, dev_docs):
    """Every token for which from_token finds candidates is among the filter's positions."""
    grammar = extractor.nlp.get_pipe("graphkit_relations").grammar
    lexicon = grammar.lexicon
    triggered = kept = 0
    for doc in dev_docs:
        keep = set(trigger_filter(grammar).positions(doc))
        mentions = list(doc._.actor_mentions or [])
        index = MentionIndex(mentions, lexicon.nouns, list(lexicon.standing), paragraphs(doc))
        for sent in doc.sents:
            scope = Scope(grammar, sent, index)
            for token in sent:
                if from_token(token, scope):
                    triggered += 1
                    assert token.i in keep, (token.text, token.lemma_, token.pos_, sent.text)
                # a word of the lexicon itself is never skipped, whatever the rules make of it
                if token.lemma_.lower() in lexicon.verbs or token.lower_ in lexicon.nouns:
                    assert token.i in keep, (token.text, token.lemma_)
        kept += len(keep)
    assert triggered > 150  # the documents really exercise the rules
    assert kept < 0.4 * sum(len(d) for d in dev_docs)  # and most tokens are skipped


def test_every_lexicon_word_and_its_forms_pass():
    grammar = Grammar(default_lexicon(), default_vocabulary())
    words = TriggerWords(grammar)
    lexicon = grammar.lexicon
    for lemma in (*lexicon.verbs, *lexicon.nouns, *lexicon.adjectives, *lexicon.standing, *lexicon.senses):
        assert words.by_lemma(lemma), lemma
    for form in (*lexicon.lemma_exceptions, *lexicon.inclusion, "under"):
        assert words.by_lower(form), form
    # forms the rules derive: a verb form left as its own lemma, a participle, a word of office
    assert words.by_lemma("attacked") and words.by_lower("armed") and words.by_lemma("leadership")
    assert not words.by_lemma("the") and not words.by_lower("tuesday")


def test_verbs_a_user_adds_are_never_skipped(shared_dir):
    """``--verbs``: the filter is built from the extended lexicon, so the dictionary's verbs are read."""
    cameo = shared_dir / "data" / "petrarch" / "CAMEO.2.0.txt"
    extended = lexicon_loader(cameo_verbs=[str(cameo)])()
    grammar = Grammar(extended, default_vocabulary())
    words = TriggerWords(grammar)
    added = set(extended.verbs) - set(default_lexicon().verbs)
    assert "subjugate" in added and len(added) > 100
    assert all(words.by_lemma(v) for v in added)
    assert all(words.by_lemma(p["lemma"]) for p in extended.phrases)
    doc = Doc(
        spacy.blank("en").vocab,
        words=["Russia", "subjugated", "Ukraine"],
        lemmas=["Russia", "subjugate", "Ukraine"],
    )
    assert trigger_filter(grammar).positions(doc) == [1]
    shipped = Grammar(default_lexicon(), default_vocabulary())
    assert trigger_filter(shipped).positions(doc) == []  # the shipped lexicon has no such verb


def test_no_referring_word_is_skipped_by_coreference(extractor, dev_docs):
    """Every token the resolver links (a pronoun, a description) is among its filter's positions."""
    coref = extractor.nlp.get_pipe("graphkit_coref")
    resolved = 0
    for doc in dev_docs:
        keep = set(coref.referring.positions(doc))
        found = [m for m in doc._.actor_mentions if m.via == "coref"]
        resolved += len(found)
        assert all(m.span[-1].i in keep for m in found)  # the pronoun or the description noun
        mentions = [m for m in doc._.actor_mentions if m.via != "coref"]
        sent_index = {t.i: k for k, s in enumerate(doc.sents) for t in s}
        by_token = index_by_token(mentions, keep="last")
        speakers = Speakers(doc, by_token, coref.speech_verbs, coref.stance_verbs, coref.voice_types)
        for token in doc:
            if coref._resolve(token, mentions, sent_index, by_token, speakers) is not None:
                assert token.i in keep, (token.text, doc.text[:80])
            if token.lower_ in coref.pronouns:
                assert token.i in keep
    assert resolved > 20


def test_no_title_word_is_skipped_by_the_ties_of_office(extractor, dev_docs):
    grammar = extractor.nlp.get_pipe("graphkit_relations").grammar
    titles = 0
    for doc in dev_docs:
        keep = set(_title_filter(grammar).positions(doc))
        for token in doc:
            if title_relation(grammar, token) is not None:
                titles += 1
                assert token.i in keep, token.text
    assert titles > 50


def test_paragraph_numbers_match_a_token_by_token_count(dev_docs):
    def by_tokens(doc: Doc) -> list[int]:
        out, paragraph = [], 0
        for token in doc:
            out.append(paragraph)
            paragraph += token.is_space and token.text.count("\n") >= 2
        return out

    assert all(paragraphs(doc) == by_tokens(doc) for doc in dev_docs)
    assert any(max(paragraphs(doc)) > 0 for doc in dev_docs)


def test_a_filter_decides_each_string_once_and_forgets_past_its_bound(monkeypatch):
    asked: list[str] = []

    def is_arm(word: str) -> bool:
        asked.append(word)
        return word == "arm"

    keep = WordFilter(frozenset({"under"}).__contains__, is_arm)
    nlp = spacy.blank("en")
    doc = nlp("arm arm under arm")
    for token in doc:
        token.lemma_ = token.text
    assert keep.positions(doc) == [0, 1, 2, 3]
    assert sorted(asked) == ["arm", "under"]  # each distinct lemma once, not once per token
    again = nlp("under arm")
    for token in again:
        token.lemma_ = token.text
    asked.clear()
    assert keep.positions(again) == [0, 1] and asked == []  # decided already
    plain = nlp("nothing here")  # no lemmas: the lemma predicate sees ""
    assert keep.positions(plain) == [] and "" in asked
    monkeypatch.setattr("graphkit.extraction.words.CACHE_SIZE", 1)
    asked.clear()
    assert keep.positions(nlp("arm")) == [] and asked == [""]  # the caches started again
    shipped = WordFilter(frozenset({"under"}).__contains__, frozenset({"arm"}).__contains__)
    copy = pickle.loads(pickle.dumps(shipped))  # a worker process gets the predicates, not the caches
    assert shipped.positions(doc) == copy.positions(doc) == [0, 1, 2, 3]


def _kept_by_reading_every_token(word_filter: WordFilter, doc: Doc) -> list[int]:
    return [t.i for t in doc if word_filter.by_lower(t.lower_) or word_filter.by_lemma(t.lemma_.lower())]


def test_the_pipelines_filters_read_a_doc_together_and_keep_what_each_would_alone(extractor, dev_docs):
    """The five filters of the pipeline decide each token as their predicates do, token by token."""
    from graphkit.extraction.speakers import _MARKS as speaker_marks

    relations = extractor.nlp.get_pipe("graphkit_relations")
    filters = [
        trigger_filter(relations.grammar),
        _title_filter(relations.grammar),
        extractor.nlp.get_pipe("graphkit_coref").referring,
        extractor.nlp.get_pipe("graphkit_actors").titles.head_tokens,
        speaker_marks,
    ]
    kept = 0
    for doc in dev_docs:
        for word_filter in filters:
            found = word_filter.positions(doc)
            assert found == _kept_by_reading_every_token(word_filter, doc)
            kept += len(found)
    assert kept > 1000


def test_a_doc_whose_words_change_is_read_again():
    nlp = spacy.blank("en")
    doc = nlp("Russia armed allies")
    by_arm = WordFilter(frozenset().__contains__, frozenset({"arm"}).__contains__)
    by_ally = WordFilter(frozenset().__contains__, frozenset({"ally"}).__contains__)
    assert by_arm.positions(doc) == [] and by_ally.positions(doc) == []
    doc[1].lemma_, doc[2].lemma_ = "arm", "ally"  # a component between two filters sets lemmas
    assert by_arm.positions(doc) == [1] and by_ally.positions(doc) == [2]
    later = WordFilter(frozenset({"russia"}).__contains__, frozenset().__contains__)  # after the reading
    assert later.positions(doc) == [0] and by_arm.positions(doc) == [1]


def test_a_filter_that_is_gone_leaves_its_bit_to_the_next():
    import gc

    from graphkit.extraction.words import _BANK

    nlp = spacy.blank("en")
    first = WordFilter(frozenset({"arm"}).__contains__, frozenset().__contains__)
    bit = first._bit
    del first
    gc.collect()
    assert bit not in _BANK.filters
    second = WordFilter(frozenset({"ally"}).__contains__, frozenset().__contains__)
    assert second._bit == bit and second.positions(nlp("arm ally")) == [1]


def test_the_models_words_are_lexemes_before_any_memory_zone(extractor):
    """build_pipeline makes the model's words permanent lexemes: batches do not re-create them."""
    from graphkit.extraction.pipeline import DEFAULT_MODEL

    fresh = spacy.load(DEFAULT_MODEL)
    word = next(w for w in ("clawed", "cleanses", "clearances") if w in fresh.vocab.strings)
    assert word not in fresh.vocab  # a plain model makes the lexeme only when it meets the word
    assert word in extractor.nlp.vocab
    vocab = extractor.nlp.vocab
    before = len(vocab)
    list(extractor.extract_batch([Document("d", f"Russia {word} it.")]))
    assert len(vocab) == before  # nothing new: the words were there, the zone freed the rest


def test_sentence_lookup_matches_spacys_own(dev_docs):
    """:func:`sentence_of` finds the same sentence as ``Token.sent`` and ``Span.sent`` for every token."""
    from graphkit.extraction.sentences import sentence_of

    checked = 0
    for doc in dev_docs:
        for token in doc:
            assert sentence_of(token) == token.sent
            span = doc[token.i : min(token.i + 3, len(doc))]
            assert sentence_of(span) == span.sent
            checked += 1
    assert checked > 5000


def test_sentence_lookup_follows_a_retokenized_doc_and_the_docs_own_hooks():
    """Merged tokens are read again (the doc's length changed); a doc's own ``sent`` hooks are asked."""
    from graphkit.extraction.sentences import sentence_of

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("Russia armed Hezbollah. Iran did too. So did Syria.")
    assert sentence_of(doc[5]).text == "Iran did too."
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:3])
    assert [t.i for t in sentence_of(doc[3])] == [t.i for t in doc[3].sent] == [2, 3, 4, 5]
    doc.user_token_hooks["sent"] = lambda token: token.doc[0:1]
    doc.user_span_hooks["sent"] = lambda span: span.doc[0:2]
    assert sentence_of(doc[4]).text == "Russia armed Hezbollah"
    assert sentence_of(doc[4:6]).text == "Russia armed Hezbollah."


def _words_read_token_by_token(sent):
    words = [t.lower_ for t in sent]
    to = tuple(
        sent.start + k + 1
        for k, w in enumerate(words)
        if w == "according" and k + 1 < len(words) and words[k + 1] == "to"
    )
    return frozenset(words), to, sent.text.rstrip().rstrip("\"'”’)").endswith("?")


def test_sentence_words_match_a_token_by_token_reading(dev_docs):
    """Modality's words of a sentence (read from its array, its end from its last tokens) are the
    words, "according to" positions and question mark a token-by-token reading finds."""
    from graphkit.extraction.modality import _sentence_words

    checked = asks = 0
    for doc in dev_docs:
        for sent in doc.sents:
            assert _sentence_words(sent) == _words_read_token_by_token(sent), sent.text
            checked += 1
            asks += _sentence_words(sent)[2]
    assert checked > 400 and asks > 0


@pytest.mark.parametrize(
    "text",
    [
        "Has Russia armed Hezbollah?",
        "He asked: “Did Iran arm them?”  \n\n",
        "Did they ? ” ) \n \n  \n",  # the last tokens are all space and closers
        "They did, according to officials.",
        "?",
        "Why?\n\n\n\n\n\n",
    ],
)
def test_sentence_words_at_the_edges(text):
    from graphkit.extraction.modality import _sentence_words

    doc = spacy.blank("en")(text)
    assert _sentence_words(doc[:]) == _words_read_token_by_token(doc[:])


def test_children_are_kept_only_while_a_component_reads_the_doc(extractor):
    from graphkit.extraction.reading import _KEY, children, reading

    doc = extractor.nlp("Russia armed Hezbollah. Iran did too.")
    assert _KEY not in doc.user_data  # nothing outlives the component's call
    verb = doc[1]
    assert children(verb) == tuple(verb.children) and len(children(verb)) >= 2
    with reading(doc):
        kept = children(verb)
        with reading(doc):  # an inner reading keeps the outer one's memory
            assert children(verb) is kept
        assert children(verb) is kept
    assert _KEY not in doc.user_data
    doc[2].head = doc[0]  # a later change of the parse is seen at once
    assert [t.i for t in children(verb)] == [t.i for t in verb.children]
    assert 2 not in [t.i for t in children(verb)]


def test_span_texts_are_slices_of_the_docs_text_as_spacy_joins_them(dev_docs):
    """:func:`span_text` gives ``Span.text`` for every sentence, entity and short span of real documents."""
    from graphkit.extraction.texts import doc_text, span_text

    checked = 0
    for doc in dev_docs:
        assert doc_text(doc) == doc.text
        spans = [*doc.sents, *doc.ents, *(doc[i : i + k] for i in range(0, len(doc), 7) for k in (0, 1, 4))]
        for span in spans:
            assert span_text(span) == span.text
            checked += 1
    assert checked > 3000


def test_a_retokenized_or_copied_doc_gets_its_own_text():
    """Merged tokens keep the text; another doc carrying this one's data (a different length) is read anew."""
    from graphkit.extraction.texts import doc_text, span_text

    nlp = spacy.blank("en")
    doc = nlp("Russia  armed Hezbollah .\n\nIran did too.")
    assert doc_text(doc) == doc.text
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:3])
    pairs = [doc[i : i + 2] for i in range(len(doc))]
    assert [span_text(span) for span in pairs] == [span.text for span in pairs]
    other = nlp("Syria shelled Aleppo.")
    other.user_data.update(doc.user_data)
    assert doc_text(other) == "Syria shelled Aleppo."
    assert span_text(other[0:2]) == "Syria shelled"


def test_the_extractor_hands_the_pipeline_docs_that_keep_their_text(extractor, monkeypatch):
    """The components read the text the doc was made of, not a join of its tokens; a wrong one is not kept."""
    from graphkit.extraction import extractor as extractor_module
    from graphkit.extraction.texts import doc_text, with_text

    made = []

    def keep(doc, text):
        made.append(doc)
        return with_text(doc, text)

    monkeypatch.setattr(extractor_module, "with_text", keep)
    text = "Russia armed Hezbollah.  \n\nMoscow is providing them with rockets. "
    [result] = extractor.extract_batch([Document(id="d1", text=text)])
    assert result.error is None and "Russia armed Hezbollah." in {s.evidence.text for s in result.statements}
    [doc] = made
    assert doc.user_data["graphkit.text"] == (len(doc), text)  # kept through the pipeline
    assert doc_text(doc) is text
    other = with_text(spacy.blank("en").make_doc("Russia armed Hezbollah."), "Russia armed Hezbollah")
    assert "graphkit.text" not in other.user_data and doc_text(other) == "Russia armed Hezbollah."


def test_coreference_numbers_the_sentences_as_spacy_splits_them(dev_docs):
    """Each token's sentence number (from the cached starts) is its sentence's rank in ``doc.sents``."""
    from graphkit.extraction.coref import _sentence_numbers

    for doc in [*dev_docs, spacy.blank("en")("")]:
        assert _sentence_numbers(doc) == [k for k, sent in enumerate(doc.sents) for _ in sent]


def test_a_titles_affiliation_is_the_first_actor_its_phrase_names(dev_docs):
    """The affiliation read from the mentions' heads is the first non-person actor of ``token.subtree``."""
    from graphkit.extraction.reading import head_indices
    from graphkit.extraction.titles import _affiliation

    checked = found = 0
    for doc in dev_docs:
        by_token = index_by_token(doc._.actor_mentions or [], keep="last")
        mention_tokens = sorted(by_token)
        heads = head_indices(doc)
        assert heads == [t.head.i for t in doc]
        for token in doc:
            # the phrase in document order: spaCy's ``subtree`` order for a projective parse (with a
            # crossing arc the first actor in the text is the one meant: the nearest the title's start)
            subtree = sorted(t.i for t in token.subtree)
            expected = next(
                (by_token[i].actor for i in subtree if i in by_token and by_token[i].actor.type != "Person"),
                None,
            )
            got = _affiliation(token, by_token, mention_tokens, heads)
            assert got == expected, (doc.text[:80], token.i)
            checked += 1
            found += got is not None
    assert checked > 5000 and found > 200


def test_no_sentence_skipped_for_naming_one_actor_could_state_anything(extractor, dev_docs):
    """A sentence whose mentions and places name fewer than two actors gives no candidate at all;
    the places are needed: some sentences state something only because a town stands for a state."""
    from graphkit.extraction.relations.triggers import _place_actors, sentence_actors
    from graphkit.extraction.sentences import sentence_bounds

    grammar = extractor.nlp.get_pipe("graphkit_relations").grammar
    lexicon = grammar.lexicon
    skipped = by_place = 0
    for doc in dev_docs:
        mentions = [m for m in doc._.actor_mentions or [] if m.kind != "place"]  # as the finder met them
        index = MentionIndex(mentions, lexicon.nouns, list(lexicon.standing), paragraphs(doc))
        bounds = sentence_bounds(doc)
        tags = [t.pos for t in doc]
        for (start, end), named in zip(bounds, sentence_actors(mentions, bounds), strict=True):
            if len(named) >= 2:
                continue
            places = _place_actors(grammar, doc, start, end, index, tags)
            scope = Scope(grammar, doc[start:end], index)
            found = [c for i in range(start, end) for c in from_token(doc[i], scope)]
            if len(named | places) < 2:
                skipped += 1
                assert not found, (doc[start:end].text, [c.relation for c in found])
            elif found:
                by_place += 1
    assert skipped > 20 and by_place > 0, (skipped, by_place)
