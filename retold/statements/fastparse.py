"""Tokens and dependencies for a stream of sentences, with the parser's steps in numpy.

Why this exists: spaCy 3.8's compiled greedy parser loop (``Parser.greedy_parse``)
releases the GIL for the whole parse, but inside it thinc's ``Vec.arg_max`` (the maxout
of every hidden unit of every parser state) is compiled with an exception check that
takes the GIL back and drops it again each time. On the benchmark machine that lock
traffic was about half of the parser's CPU (``perf``: ``take_gil``, mutexes,
``PyGILState_Ensure`` under ``predict_states``). Here the same model makes the same
greedy transitions, but each step scores the whole batch of states at once through the
parser's step model (``ParserStepModel.predict``, the path spaCy itself uses in
training and beam search) and applies them with ``Parser.transition_states``: the
parses of all 1,328 sentences retold parses in PolNeAR dev are identical (heads and
labels) at about half the parser's CPU.

:func:`parse_stream` falls back to plain ``nlp.pipe`` for a pipeline this does not fit
(no ``tok2vec``/``parser`` pair, beam search configured).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy


def stepwise_parser(nlp):
    """``(tok2vec, parser)`` when ``nlp`` can be run by :func:`parse_stream`'s numpy
    steps, else None (the caller then uses ``nlp.pipe``)."""
    names = nlp.pipe_names
    if "tok2vec" not in names or "parser" not in names:
        return None
    parser = nlp.get_pipe("parser")
    cfg = getattr(parser, "cfg", {}) or {}
    if cfg.get("beam_width", 1) != 1:
        return None
    for needed in ("moves", "model", "transition_states", "set_annotations"):
        if not hasattr(parser, needed):
            return None
    return nlp.get_pipe("tok2vec"), parser


def parse_stream(nlp, texts: Iterable[str], batch_size: int = 256,
                 components: tuple[str, ...] = ("tok2vec", "parser")) -> Iterator:
    """A parsed ``Doc`` per text, in order: tokenizer, ``tok2vec`` and ``parser`` only
    (``Token.pos_``/``lemma_``/``ent_type_`` stay empty), like
    ``nlp.pipe(texts, disable=<everything else>)``."""
    pair = stepwise_parser(nlp)
    if pair is None:
        disable = [n for n in nlp.pipe_names if n not in components]
        yield from nlp.pipe(texts, batch_size=batch_size, disable=disable)
        return
    tok2vec, parser = pair
    chunk: list = []
    for text in texts:
        chunk.append(nlp.make_doc(text))
        if len(chunk) >= batch_size:
            yield from _parse_chunk(tok2vec, parser, chunk)
            chunk = []
    if chunk:
        yield from _parse_chunk(tok2vec, parser, chunk)


def _parse_chunk(tok2vec, parser, docs: list) -> list:
    tok2vec.set_annotations(docs, token_vectors(tok2vec.model, docs))
    parser.set_annotations(docs, greedy_states(parser, docs))
    return docs


_EMBED_LAYERS = ("extract_features", "list2ragged", None, None, "ragged2list")
"""The shape of spaCy's ``MultiHashEmbed`` chain that :func:`token_vectors` knows."""


def token_vectors(model, docs: list) -> list:
    """``tok2vec``'s output for ``docs``, embedding each distinct token once.

    Why: the embedding stage (six hash-embedding lookups, then a 576 -> 3x96 maxout and
    a layer norm) works on each token alone, from its six hashed features (norm,
    prefix, suffix, shape, ...): only ~30% of the tokens of 256 sentences are distinct,
    so it runs on those rows and the rows are copied back. The context encoder after it
    runs on every token as before. A model of another shape is run as it is."""
    layers = getattr(model, "layers", [])
    embed = layers[0] if len(layers) == 2 else None
    names = [layer.name for layer in getattr(embed, "layers", [])]
    if embed is None or len(names) != len(_EMBED_LAYERS) or any(
            want is not None and want != got for want, got in zip(_EMBED_LAYERS, names)):
        return model.predict(docs)
    extract, _to_ragged, lookups, mix, _to_list = embed.layers
    features = extract.predict(docs)
    lengths = [len(f) for f in features]
    if not sum(lengths):
        return model.predict(docs)
    rows, where = numpy.unique(numpy.concatenate(features), axis=0, return_inverse=True)
    vectors = mix.predict(lookups.predict(rows))[where.reshape(-1)]
    per_doc = numpy.split(vectors, numpy.cumsum(lengths)[:-1])
    return layers[1].predict(per_doc)


def greedy_states(parser, docs: list) -> list:
    """The parser's final states for ``docs`` (``doc.tensor`` already set by tok2vec):
    at each step, every unfinished state takes its best-scoring valid transition."""
    batch = parser.moves.init_batch(docs)
    if not any(len(doc) for doc in docs):
        return batch
    step_model = parser.model.predict(docs)
    states = [state for state in batch if not state.is_final()]
    while states:
        states = parser.transition_states(states, step_model.predict(states))
    step_model.clear_memory()
    return batch
