"""The shared vocabulary of retold: one record type per thing the pipeline knows.

Every stage is a pure function from records to records
(``ingest -> statements -> reuse -> stories -> lineage -> mutations``), so the CLI, the
web app and Spark tasks exchange exactly these objects. Records are plain dataclasses
that serialise to JSON-compatible dicts (``to_dict``/``from_dict``) so that the DuckDB
store, JSONL/Parquet exports and Spark rows all share one shape.

Offsets: every span is a half-open ``[start, end)`` pair of Python ``str`` indices into
``Article.text`` (the article's blocks joined by blank lines). A span list with several
pairs is one discontinuous span (a quote interrupted by ``said Omer``).
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import types
import typing
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

Span = tuple[int, int]

# Fixed vocabularies (documented in the README; evaluation interfaces rely on them).
BLOCK_KINDS = ("paragraph", "heading")
STATEMENT_KINDS = ("direct", "indirect", "mixed")
STATEMENT_ACTS = ("speech", "thought", "stance")  # said / believes / endorsed, praised
SPEAKER_TYPES = ("person", "organisation", "group", "document", "anonymous", "unknown")
HEDGE_TYPES = (
    "unverified",  # "was not able to independently verify", "could not be confirmed"
    "alleged",  # "alleged", "claimed", "purportedly"
    "reportedly",  # "reportedly", "according to reports", "is said to"
    "anonymous",  # "a source who asked not to be named", "going by the pseudonym"
    "anecdotal",  # "anecdotal evidence"
    "disputed",  # "denied", "disputed", "rejected the claim"
    "booster",  # "revealed", "proving", "confirmed": hardens a claim
)
HEDGE_SCOPES = ("statement", "speaker", "article")
REUSE_KINDS = ("copy", "partial", "rewrite", "quotes-only", "cites")
MUTATION_TYPES = (
    "quote_reworded",
    "quote_entity_swapped",
    "quote_trimmed",
    "quote_merged",
    "speaker_dropped",
    "speaker_description_changed",
    "attribution_lost",
    "channel_dropped",
    "channel_changed",
    "channel_added",  # a quote or claim newly credited to an outlet ("according to Reuters")
    "caveat_dropped",
    "caveat_added",
    "hedge_weakened",
    "hedge_strengthened",
    "headline_changed",
    "headline_hardened",
    "content_added",
    "content_removed",
)


def _is_record_type(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, Record)


@functools.lru_cache(maxsize=None)
def _converter(tp: Any) -> Callable[[Any], Any] | None:
    """How a non-None stored value of type ``tp`` is turned back into that type (JSON
    lists into records, tuples, dicts), worked out once per type (None: the value is
    kept as it is). Why: reading the type annotations again for
    every value was most of loading records from the store (1.5 million calls for the
    2,000 articles' stories of one ``retold ingest``)."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _converter(inner[0]) if len(inner) == 1 else None
    if _is_record_type(tp):
        return lambda v: v if isinstance(v, tp) else tp.from_dict(v)
    if origin is list:
        each = _converter(args[0]) if args else None
        if each is None:
            return list
        return lambda v: [None if x is None else each(x) for x in v]
    if origin is tuple:
        return tuple
    if origin is dict:
        return dict
    return None


class Record:
    """Mixin: dict round trip and the store's table name."""

    TABLE: ClassVar[str] = ""
    KEY: ClassVar[tuple[str, ...]] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            out[f.name] = _plain(getattr(self, f.name))
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        kwargs = {}
        for name, conv, has_factory in _field_converters(cls):
            if name not in data:
                continue
            value = data[name]
            if value is None:  # NULL in an older store: a field with a factory keeps
                if not has_factory:  # its empty default
                    kwargs[name] = None
                continue
            kwargs[name] = value if conv is None else conv(value)
        return cls(**kwargs)


@functools.lru_cache(maxsize=None)
def _field_converters(cls: type) -> tuple[tuple[str, Callable[[Any], Any] | None, bool], ...]:
    """Per field of ``cls``: its name, its :func:`_converter`, whether it has a default
    factory."""
    hints = _type_hints(cls)
    return tuple((f.name, _converter(hints[f.name]), f.default_factory is not dataclasses.MISSING)
                 for f in dataclasses.fields(cls))


@functools.lru_cache(maxsize=None)
def _type_hints(cls: type) -> dict[str, Any]:
    """Cached ``typing.get_type_hints``: resolving them costs ~1 ms, paid once per class."""
    return typing.get_type_hints(cls)


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


# --------------------------------------------------------------------------- ingest


@dataclass
class Block(Record):
    kind: str  # paragraph | heading
    text: str


@dataclass
class Location(Record):
    """One place an article body was found. The same body found twice is one article."""

    path: str
    record_id: str | None = None  # WARC-Record-ID, JSONL line number as "line:N"
    offset: int | None = None  # byte offset of the WARC record / JSONL line
    url: str | None = None
    fetched: str | None = None  # WARC-Date or file mtime, ISO 8601


@dataclass
class Article(Record):
    TABLE: ClassVar[str] = "articles"
    KEY: ClassVar[tuple[str, ...]] = ("id",)

    id: str
    text: str
    blocks: list[Block] = field(default_factory=list)
    url: str | None = None
    outlet: str | None = None  # registrable domain, e.g. "financialtribune.com"
    outlet_name: str | None = None  # display name, e.g. "Financial Tribune"
    title: str | None = None
    section: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # ISO 8601 or None
    published_source: str | None = None  # html-meta | url | text | warc-date | input | None
    language: str | None = None
    source_format: str | None = None  # text | html | warc-html | warc-wet | jsonl
    locations: list[Location] = field(default_factory=list)

    @staticmethod
    def make_id(text: str) -> str:
        """Stable id: hash of the normalised body, so the same body is one article."""
        return body_hash(text)


def normalise_for_hash(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(text.split())  # same as re.sub(r"\s+", " ").strip() (same chars), 5x faster


def body_hash(text: str) -> str:
    return hashlib.blake2b(normalise_for_hash(text).encode("utf-8"), digest_size=8).hexdigest()


@dataclass
class Reject(Record):
    """An input retold could not use, with where it was and why, in words a user can act on."""

    TABLE: ClassVar[str] = "rejects"
    KEY: ClassVar[tuple[str, ...]] = ("path", "offset", "stage")

    path: str
    reason: str
    offset: int | None = None
    record_id: str | None = None
    stage: str = "ingest"
    size: int | None = None


# ----------------------------------------------------------------------- statements


@dataclass
class Hedge(Record):
    type: str  # one of HEDGE_TYPES
    cue: str  # the words, e.g. "was not able to independently verify"
    span: list[int]  # [start, end)
    scope: str = "statement"  # statement | speaker | article


@dataclass
class Channel(Record):
    name: str  # "Newsweek", "X", "a statement", "CNN"
    span: list[int]  # [start, end) of the whole phrase ("told Newsweek")
    kind: str = "outlet"  # outlet | platform | document | interview | other
    phrase: str | None = None  # "told Newsweek", "speaking to Newsweek"


@dataclass
class Speaker(Record):
    TABLE: ClassVar[str] = "speakers"
    KEY: ClassVar[tuple[str, ...]] = ("article_id", "id")

    id: str  # "<article_id>:s<N>"
    article_id: str
    name: str  # canonical: the longest proper-name mention ("Sherko Omer")
    type: str = "unknown"  # one of SPEAKER_TYPES
    mentions: list[list[int]] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)  # "YPG spokesman"
    anonymous: bool = False
    pseudonym: bool = False


@dataclass
class Statement(Record):
    TABLE: ClassVar[str] = "statements"
    KEY: ClassVar[tuple[str, ...]] = ("article_id", "id")

    id: str  # "<article_id>:q<N>"
    article_id: str
    kind: str  # direct | indirect | mixed
    content: list[list[int]]  # fragments [[s, e], ...]
    cue: list[list[int]] = field(default_factory=list)
    source: list[list[int]] = field(default_factory=list)
    speaker_id: str | None = None
    speaker: str | None = None  # canonical name of the resolved speaker
    channel: Channel | None = None
    hedges: list[Hedge] = field(default_factory=list)
    content_text: str = ""
    cue_text: str = ""
    source_text: str = ""
    act: str = "speech"  # one of STATEMENT_ACTS: speech | thought | stance


@dataclass
class ArticleHedge(Record):
    """A hedge bearing on the whole article rather than one statement."""

    TABLE: ClassVar[str] = "article_hedges"
    KEY: ClassVar[tuple[str, ...]] = ("article_id", "start")

    article_id: str
    type: str
    cue: str
    start: int
    end: int


# --------------------------------------------------------------------- reuse/stories


@dataclass
class ReuseLink(Record):
    """What article ``b`` shares with article ``a`` (unordered in time: lineage orders)."""

    TABLE: ClassVar[str] = "reuse_links"
    KEY: ClassVar[tuple[str, ...]] = ("a", "b", "kind")

    a: str
    b: str
    kind: str  # one of REUSE_KINDS
    score: float
    spans_a: list[list[int]] = field(default_factory=list)
    spans_b: list[list[int]] = field(default_factory=list)
    coverage_a: float = 0.0  # share of a's text found in b
    coverage_b: float = 0.0  # share of b's text found in a
    evidence: dict[str, Any] = field(default_factory=dict)  # quotes, cited outlet, ...


@dataclass
class Citation(Record):
    """An article naming a source outlet ("told Newsweek", "(AP) -", a hyperlink)."""

    TABLE: ClassVar[str] = "citations"
    KEY: ClassVar[tuple[str, ...]] = ("article_id", "start")

    article_id: str
    outlet: str  # canonical outlet name or domain
    phrase: str
    start: int
    end: int
    kind: str = "credit"  # credit | interview | dateline | link | republished
    target_id: str | None = None  # article id if the cited outlet is in the corpus


@dataclass
class Story(Record):
    TABLE: ClassVar[str] = "stories"
    KEY: ClassVar[tuple[str, ...]] = ("id",)

    id: str
    article_ids: list[str]
    label: str = ""
    first_seen: str | None = None
    size: int = 0


# --------------------------------------------------------------- lineage/mutations


@dataclass
class LineageEdge(Record):
    TABLE: ClassVar[str] = "lineage_edges"
    KEY: ClassVar[tuple[str, ...]] = ("story_id", "child", "parent", "external")

    story_id: str
    child: str  # article id
    parent: str | None = None  # article id, or None when the parent is external
    external: str | None = None  # "Newsweek" for an out-of-corpus origin
    confidence: float = 0.0
    tie: bool = False  # True when another candidate parent is as likely
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass
class Mutation(Record):
    TABLE: ClassVar[str] = "mutations"
    KEY: ClassVar[tuple[str, ...]] = ("story_id", "child", "parent", "type", "seq")

    story_id: str
    child: str
    parent: str  # article id or "external:<name>"
    type: str  # one of MUTATION_TYPES
    parent_spans: list[list[int]] = field(default_factory=list)
    child_spans: list[list[int]] = field(default_factory=list)
    detail: str = ""
    seq: int = 0

    @property
    def from_outside(self) -> bool:
        """A hop from a source outside the corpus (``parent`` is ``external:<name>``),
        typed against that source as its copies tell it: a lead, not a finding."""
        return self.parent.startswith("external:")


ALL_TABLES: tuple[type[Record], ...] = (
    Article,
    Reject,
    Speaker,
    Statement,
    ArticleHedge,
    ReuseLink,
    Citation,
    Story,
    LineageEdge,
    Mutation,
)
