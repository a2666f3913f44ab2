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
    rows, where = distinct_rows(numpy.concatenate(features))
    vectors = mix.predict(lookups.predict(rows))[where]
    per_doc = numpy.split(vectors, numpy.cumsum(lengths)[:-1])
    encode = window_encoder(layers[1])
    encoded: list = []
    for lo, hi in _slices(lengths, ENCODE_TOKENS):
        encoded.extend(encode(per_doc[lo:hi]))
    return encoded


def distinct_rows(features):
    """``(rows, where)``: the distinct rows of the 2-D integer array ``features`` and,
    per row of it, the index of its copy in ``rows`` (``rows[where] == features``).

    Why not ``numpy.unique(features, axis=0)``: that sorts whole rows as structured
    records, ~5x slower than sorting one integer per row. Here each row is folded into
    one 64-bit key (wrapping multiply-xor), the keys are made unique, and the result is
    checked against the rows themselves: should two different rows ever share a key,
    the exact row-wise ``numpy.unique`` is used instead. The order of ``rows`` does not
    matter to the embedding, which works on each row alone."""
    if features.ndim != 2 or features.dtype.kind not in "iu" or not len(features):
        rows, where = numpy.unique(features, axis=0, return_inverse=True)
        return rows, where.reshape(-1)
    columns = features.view(numpy.uint64) if features.dtype.itemsize == 8 \
        else features.astype(numpy.uint64)
    key = columns[:, 0].copy()
    for j in range(1, columns.shape[1]):
        key *= _FOLD
        key ^= columns[:, j]
    _keys, first, where = numpy.unique(key, return_index=True, return_inverse=True)
    rows = features[first]
    if not numpy.array_equal(rows[where], features):
        rows, where = numpy.unique(features, axis=0, return_inverse=True)
    return rows, where.reshape(-1)


_FOLD = numpy.uint64(0x9E3779B97F4A7C15)
"""An odd 64-bit multiplier (the golden-ratio constant) for folding a row into a key."""


ENCODE_TOKENS = 2000
"""Tokens per pass of the context encoder: its four 288-wide layers on ~2,000 tokens
stay in the CPU cache; 8,000 at once ran ~10% slower on the benchmark machine (the
embedding stage keeps the whole batch, where more tokens repeat)."""


def _slices(lengths: list[int], budget: int) -> Iterator[tuple[int, int]]:
    lo, total = 0, 0
    for i, n in enumerate(lengths):
        if total and total + n > budget:
            yield lo, i
            lo, total = i, 0
        total += n
    if lo < len(lengths):
        yield lo, len(lengths)


def greedy_states(parser, docs: list) -> list:
    """The parser's final states for ``docs`` (``doc.tensor`` already set by tok2vec):
    at each step, every unfinished state takes its best-scoring valid transition."""
    batch = parser.moves.init_batch(docs)
    if not any(len(doc) for doc in docs):
        return batch
    states = [state for state in batch if not state.is_final()]
    scorer = lean_scorer(parser.model, docs)
    if scorer is None:
        step_model = parser.model.predict(docs)
        scorer = step_model.predict
    while states:
        states = parser.transition_states(states, scorer(states))
    return batch


def lean_scorer(model, docs: list):
    """``states -> scores`` with the arithmetic of spaCy's ``ParserStepModel`` step
    (``precompute_hiddens`` + maxout + the upper ``Linear``) in a few numpy calls.

    Why: a step of spaCy's own step model goes through thinc's ``Model.__call__``, a
    zero-filled buffer summed by one BLAS ``saxpy`` per state feature, thinc's maxout
    with its mask, and a ``nanmin`` over all scores for the unseen-class mask; most of
    that is per-call overhead on a batch of ~100 states, ~2x the steps of a sentence.
    Here the rows of all states' features are gathered one feature slot at a time and
    added in the order ``saxpy`` adds them (feature 0, 1, ... onto zero), so the scores
    are the same floats (~15% less CPU a step; the gather itself, bound by memory, is
    most of what is left). None when the model is not of that shape (the caller then
    uses spaCy's step)."""
    if len(getattr(model, "layers", [])) != 3 or not model.attrs.get("has_upper"):
        return None
    to_vectors, lower, upper = model.layers
    if lower.name != "precomputable_affine" or upper.name != "linear" \
            or not lower.has_dim("nP") or lower.get_dim("nP") < 2:
        return None
    nF, nO, nP = lower.get_dim("nF"), lower.get_dim("nO"), lower.get_dim("nP")
    cached = lower.predict(to_vectors.predict(docs))  # (tokens + 1, nF, nO, nP), row 0 pads
    if not isinstance(cached, numpy.ndarray):
        return None
    rows = cached.reshape(-1, nO * nP)  # row (token + 1) * nF + f: token's feature f
    bias = lower.get_param("b").reshape(1, nO, nP)
    W, b = upper.get_param("W"), upper.get_param("b")
    unseen = sorted(model.attrs.get("unseen_classes") or ())
    feature = numpy.arange(nF, dtype="i")
    token_ids = _TokenIds(nF)

    def score(states: list):
        index = token_ids(states)  # (states, nF), -1 for an empty slot
        index += 1
        index *= nF
        index += feature
        hidden = rows[index[:, 0]]
        for f in range(1, nF):
            hidden += rows[index[:, f]]
        hidden = hidden.reshape(-1, nO, nP)
        hidden += bias
        best = hidden[:, :, 0]
        for piece in range(1, nP):
            best = numpy.maximum(best, hidden[:, :, piece])
        scores = numpy.dot(best, W.T)
        scores += b
        if unseen:
            scores[:, unseen] = numpy.nanmin(scores)
        return scores

    return score


class _TokenIds:
    """spaCy's ``ParserStepModel.get_token_ids`` (the state's context tokens, in C),
    called without building a step model: it only reads ``self.state2vec.nF``."""

    def __init__(self, nF: int):
        from spacy.ml.parser_model import ParserStepModel

        self.state2vec = type("Features", (), {"nF": nF})()
        self._get = ParserStepModel.get_token_ids

    def __call__(self, states: list):
        return self._get(self, states)


def window_encoder(encoder):
    """``encoder.predict`` for spaCy's ``MaxoutWindowEncoder`` (``with_array`` of
    residual blocks ``expand_window >> maxout >> layernorm >> dropout``), with the maxout
    weights reordered piece-major so that the maxout is two ``numpy.maximum`` calls
    over column blocks instead of thinc's per-element loop; the same arithmetic
    otherwise (same products and sums), so the same vectors up to float32 rounding (the
    BLAS kernel, and so the order of a sum, depends on the CPU and the matrix shape:
    bitwise equal on one machine, within 2e-6 on another, the parses identical on
    both). Any other encoder is returned as its own ``predict``."""
    blocks = _encoder_blocks(encoder)
    if blocks is None:
        return encoder.predict
    ops, pad = encoder.ops, encoder.attrs["pad"]

    def encode(docs: list) -> list:
        lengths = ops.asarray1i([len(x) for x in docs])
        X = ops.flatten(docs, pad=pad)
        for window, weights, bias, nO, gain, shift in blocks:
            Y = numpy.dot(ops.seq2col(X, window), weights)
            Y += bias
            H = numpy.maximum(Y[:, :nO], Y[:, nO:2 * nO])
            numpy.maximum(H, Y[:, 2 * nO:], out=H)
            layer_norm(H, gain, shift)
            X += H
        return ops.unflatten(X, lengths, pad=pad)

    return encode


def layer_norm(H, gain, shift) -> None:
    """thinc's ``LayerNorm`` on the rows of ``H``, in place: ``(H - mean) / sqrt(var +
    1e-8) * gain + shift``.

    The same floats as thinc's ``(H - mu) * (H.var(...) + 1e-08) ** -0.5 * G + b``:
    numpy's ``var`` subtracts the same mean (a row sum divided by the row length as an
    ``intp``), squares and sums the rows and divides by the length again; here the
    deviations it computes are kept and reused instead of being computed twice, and
    every step writes into ``H`` (no temporary arrays but the squares)."""
    n = numpy.intp(H.shape[1])
    mu = H.mean(axis=1, keepdims=True)
    numpy.subtract(H, mu, out=H)
    var = numpy.add.reduce(numpy.square(H), axis=1, keepdims=True)
    numpy.true_divide(var, n, out=var, casting="unsafe")
    var += 1e-08
    var **= -1.0 / 2.0
    H *= var
    H *= gain
    H += shift


_BLOCKS: dict = {}


def _encoder_blocks(encoder):
    """Per residual block: (window, piece-major weights transposed, bias, nO, layer-norm
    gain, shift), cached per encoder while its weight arrays are the same objects."""
    cached = _BLOCKS.get(id(encoder))
    if cached is not None and all(c[0] is src for c, src in zip(cached[0], _sources(encoder))):
        return cached[1]
    blocks, sources = [], []
    chain = encoder.layers[0] if encoder.name.startswith("with_array") and encoder.layers else None
    if chain is None or "pad" not in encoder.attrs:
        return None
    for block in chain.layers:
        nodes = {node.name: node for node in block.walk()}
        window, maxout, norm = (nodes.get(n) for n in ("expand_window", "maxout", "layernorm"))
        if not block.name.startswith("residual") or None in (window, maxout, norm) \
                or maxout.get_dim("nP") != 3 or window.attrs.get("window_size") is None:
            return None
        W, b = maxout.get_param("W"), maxout.get_param("b")
        nO, nP, nI = maxout.get_dim("nO"), maxout.get_dim("nP"), maxout.get_dim("nI")
        weights = numpy.ascontiguousarray(W.transpose(1, 0, 2).reshape(nP * nO, nI).T)
        bias = numpy.ascontiguousarray(b.T.reshape(nP * nO))
        blocks.append((window.attrs["window_size"], weights, bias, nO,
                       norm.get_param("G"), norm.get_param("b")))
        sources.append(W)
    _BLOCKS[id(encoder)] = ([(src,) for src in sources], blocks)
    return blocks


def _sources(encoder) -> list:
    return [node.get_param("W") for node in encoder.walk() if node.name == "maxout"]
