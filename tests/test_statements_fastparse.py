"""fastparse: the parser's steps in numpy and the once-per-distinct-token embedding
must give exactly what spaCy's own ``nlp.pipe`` gives (same token vectors, heads and
labels), and a pipeline they do not fit must still be parsed, by ``nlp.pipe``."""
from __future__ import annotations

import numpy
import pytest

from retold.statements import fastparse
from retold.statements.context import PARSE_COMPONENTS, get_nlp
from retold.statements.fastparse import parse_stream, stepwise_parser, token_vectors

SENTENCES = [
    "Officials at the ministry, speaking on condition of anonymity, confirmed that the "
    "talks had failed.",
    "“We will not back down,” the mayor told reporters on Tuesday.",
    "According to police, the man was arrested near the station after a brief chase.",
    "Smith said Jones said the deal was dead, and the deal was dead.",
    "",
    "Yes.",
    "The committee, which met behind closed doors, said in a statement that it had "
    "reviewed the evidence and found no wrongdoing by the former senator.",
]


def _spacy_docs(nlp, texts):
    disable = [n for n in nlp.pipe_names if n not in PARSE_COMPONENTS]
    return list(nlp.pipe(texts, disable=disable))


def _tree(doc):
    return [(t.text, t.head.i, t.dep_) for t in doc]


def test_stepwise_parse_equals_spacys_parse():
    nlp = get_nlp()
    assert stepwise_parser(nlp) is not None  # the fast path is the one under test
    ours = list(parse_stream(nlp, SENTENCES, batch_size=3))
    theirs = _spacy_docs(nlp, SENTENCES)
    assert len(ours) == len(SENTENCES)
    assert [_tree(d) for d in ours] == [_tree(d) for d in theirs]
    assert all(t.dep_ for doc in ours for t in doc)  # a parse, not empty labels on both sides
    assert [t.dep_ for t in ours[1] if t.text == "told"] == ["ROOT"]
    for a, b in zip(ours, theirs):
        _same_vectors(a.tensor, b.tensor)


def _same_vectors(mine, full):
    """Equal to float32 rounding. The products are the same, but which BLAS kernel sums
    them (and in what order) depends on the CPU and the matrix's shape, and the
    once-per-distinct-token embedding multiplies fewer rows: bitwise equal on an Intel
    benchmark machine, within 2e-6 (values up to about 5) on an AMD EPYC one, the
    parses identical on both."""
    assert mine.shape == full.shape
    numpy.testing.assert_allclose(mine, full, rtol=0, atol=1e-5)
    assert full.size == 0 or numpy.abs(full).max() > 0  # vectors, not two empty arrays


@pytest.mark.parametrize("encode_tokens", [2000, 20])
def test_distinct_token_embedding_equals_the_full_model(monkeypatch, encode_tokens):
    # 20 tokens a pass: the encoder runs on several slices of the batch
    monkeypatch.setattr(fastparse, "ENCODE_TOKENS", encode_tokens)
    nlp = get_nlp()
    model = nlp.get_pipe("tok2vec").model
    # repeated words ("the", "said", "deal") are embedded once, copied back per token;
    # the encoder's maxout runs on reordered weights (fastparse.window_encoder)
    docs = [nlp.make_doc(t) for t in SENTENCES]
    for mine, full in zip(token_vectors(model, docs), model.predict(docs)):
        _same_vectors(mine, full)


def test_a_pipeline_without_the_tok2vec_parser_pair_is_parsed_by_nlp_pipe():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    assert stepwise_parser(nlp) is None
    docs = list(parse_stream(nlp, ["He said so.", "Fine."]))
    assert [len(d) for d in docs] == [4, 2]


def test_the_garbage_collector_is_back_as_it_was_after_a_parse():
    import gc

    from retold.statements.context import ArticleContext

    was = gc.isenabled()
    try:
        for state in (True, False):
            (gc.enable if state else gc.disable)()
            ctx = ArticleContext("The mayor said the road would reopen. Police agreed.")
            ctx.prepare([0, 1])
            assert ctx.parsed_count == 2 and gc.isenabled() is state
    finally:
        (gc.enable if was else gc.disable)()


def test_extract_many_hands_out_results_with_the_collector_as_it_was():
    """The batch runs with the collector paused; the caller never sees it paused, and a
    caller who had it off gets it back off."""
    import gc

    from retold.statements import extract, extract_many

    docs = [("a", "“We will rebuild the pier,” the mayor said on Monday."),
            ("b", "According to police, two men were arrested. He said it was over.")]
    was = gc.isenabled()
    try:
        for state in (True, False):
            (gc.enable if state else gc.disable)()
            for aid, ex in extract_many(docs, batch_docs=2):
                assert gc.isenabled() is state  # between the results handed out
                single = extract(dict(docs)[aid], aid)
                assert [s.to_dict() for s in ex.statements] == [s.to_dict() for s in single.statements]
                assert ex.statements
            assert gc.isenabled() is state
    finally:
        (gc.enable if was else gc.disable)()


def test_lean_parser_step_scores_equal_spacys_step_model():
    # the same floats, step after step, as spaCy's own ParserStepModel on real sentences
    nlp = get_nlp()
    tok2vec, parser = stepwise_parser(nlp)
    docs = [nlp.make_doc(t) for t in SENTENCES if t]
    tok2vec.set_annotations(docs, token_vectors(tok2vec.model, docs))
    lean = fastparse.lean_scorer(parser.model, docs)
    assert lean is not None  # the fast path is the one under test
    step_model = parser.model.predict(docs)
    states = [s for s in parser.moves.init_batch(docs) if not s.is_final()]
    steps = 0
    while states:
        mine, theirs = lean(states), step_model.predict(states)
        assert mine.dtype == theirs.dtype and numpy.array_equal(mine, theirs)
        states = parser.transition_states(states, theirs)
        steps += 1
    assert steps >= 2 * max(len(d) for d in docs) - 1  # every step was compared


def test_lean_scorer_declines_a_model_of_another_shape():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    ner.add_label("X")
    nlp.initialize()
    ner.model.attrs["has_upper"] = False  # no upper layer: spaCy's step is used instead
    assert fastparse.lean_scorer(ner.model, [nlp.make_doc("A b.")]) is None


def test_distinct_rows_are_exact_even_when_keys_collide(monkeypatch):
    features = numpy.array([[1, 2, 3], [4, 5, 6], [1, 2, 3], [7, 8, 9], [4, 5, 6]],
                           dtype="uint64")
    rows, where = fastparse.distinct_rows(features)
    assert len(rows) == 3 and numpy.array_equal(rows[where], features)
    # a multiplier of 0 folds every row to its last column: [1,2,3] and [7,8,3] collide
    monkeypatch.setattr(fastparse, "_FOLD", numpy.uint64(0))
    clash = numpy.array([[1, 2, 3], [7, 8, 3], [1, 2, 3]], dtype="uint64")
    rows, where = fastparse.distinct_rows(clash)
    assert len(rows) == 2 and numpy.array_equal(rows[where], clash)
