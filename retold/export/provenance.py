"""W3C PROV-JSON: who took what from whom, in the vocabulary provenance tools read.

Mapping (PROV-DM terms):

* each article is an ``entity`` (``art:<id>``), ``wasAttributedTo`` its outlet, an
  ``agent`` of type ``prov:Organization`` (``outlet:<domain>``);
* an out-of-corpus origin ("Newsweek") is an entity ``ext:<name>`` attributed to that
  outlet's agent, so the chain still starts somewhere;
* a lineage hop is ``wasDerivedFrom(child, parent)``, specialised as ``wasQuotedFrom`` when
  the child only took quotes, and as ``wasRevisionOf`` when parent and child come from the
  same outlet (an updated version of its own article); kind, confidence and tie ride along
  as ``retold:`` attributes;
* each statement is an entity ``stmt:<id>`` (``prov:value`` = its words)
  ``wasAttributedTo`` its speaker, an agent of type ``prov:Person``, or
  ``prov:Organization`` for an organisation or group (one agent per name across the
  corpus), and the article ``wasQuotedFrom`` the statement.

Types are qualified names (``xsd:QName``), so a PROV reader gets ``prov:Person``, not the
string; a publication time is an ``xsd:dateTime`` (``xsd:date`` when only the day is
known), a tie an ``xsd:boolean``, and each hop carries its mutation types as repeated
``retold:mutation`` values.

PROV-JSON writes ``wasQuotedFrom`` and ``wasRevisionOf`` as ``wasDerivedFrom`` entries with
``prov:type`` ``prov:Quotation`` / ``prov:Revision`` (the PROV-JSON serialisation rule).
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from prov.constants import XSD_DATE
from prov.model import PROV, Literal, ProvDocument

from retold import dates
from retold.export.select import Selection
from retold.web.views import edge_kind, external_id, links_by_pair

NAMESPACES = {
    "retold": "https://retold.invalid/ns#",
    "art": "https://retold.invalid/article/",
    "ext": "https://retold.invalid/external/",
    "outlet": "https://retold.invalid/outlet/",
    "speaker": "https://retold.invalid/speaker/",
    "stmt": "https://retold.invalid/statement/",
}


def slug(text: str) -> str:
    """A QName-safe local part: word characters, dots and hyphens only."""
    return re.sub(r"[^\w.-]+", "_", text.strip()).strip("_") or "unknown"


ORGANISATION_TYPES = ("organisation", "group")  # Speaker.type read as prov:Organization


def published_value(value: str | None) -> object | None:
    """A publication time as PROV types it: ``xsd:dateTime`` in UTC, or ``xsd:date`` when
    only the day is known; the text as it came when it does not read as a time."""
    when = dates.parse(value)
    if when is None or when.earliest is None:
        return value or None
    if when.precision == "day":
        return Literal(when.earliest.date().isoformat(), XSD_DATE)
    return when.key.replace(tzinfo=dt.timezone.utc)


def prov_document(sel: Selection) -> ProvDocument:
    doc = ProvDocument()
    for prefix, uri in NAMESPACES.items():
        doc.add_namespace(prefix, uri)
    agents: dict[str, object] = {}

    def agent(prefix: str, name: str, kind: str) -> object:
        key = f"{prefix}:{slug(name)}"
        if key not in agents:
            agents[key] = doc.agent(key, {"prov:type": PROV[kind], "prov:label": name})
        return agents[key]

    def typed(name: str) -> object:
        return doc.valid_qualified_name(f"retold:{name}")

    speaker_kind = {}
    for sp in sel.speakers:
        speaker_kind.setdefault(sp.name, "Organization" if sp.type in ORGANISATION_TYPES
                                else "Person")
    mutations: dict[tuple[str, str], list[str]] = {}
    for m in sel.mutations:
        mutations.setdefault((m.child, m.parent), []).append(m.type)
    entities = {}
    for aid, art in sel.articles.items():
        attrs = {"prov:type": typed("Article"), "prov:label": art.title or aid,
                 "retold:outlet": art.outlet or art.outlet_name or ""}
        if art.url:
            attrs["prov:location"] = art.url
        when = published_value(art.published)
        if when is not None:
            attrs["retold:published"] = when
        entities[aid] = doc.entity(f"art:{aid}", attrs)
        doc.wasAttributedTo(entities[aid], agent("outlet", art.outlet_name or art.outlet or
                                                 "unknown outlet", "Organization"))
    outlet_of = {aid: (a.outlet or a.outlet_name) for aid, a in sel.articles.items()}
    pairs = links_by_pair(sel.links)
    for e in sel.edges:
        child = entities.get(e.child)
        if child is None or (not e.parent and not e.external):  # first known source
            continue
        if e.parent and e.parent in entities:
            parent = entities[e.parent]
        else:
            name = e.external or "unknown"
            key = f"ext:{slug(name)}"
            parent = entities.get(key)
            if parent is None:
                parent = entities[key] = doc.entity(key, {"prov:type": typed("ExternalSource"),
                                                          "prov:label": name})
                doc.wasAttributedTo(parent, agent("outlet", name, "Organization"))
        kind = edge_kind(e, pairs)
        attrs: list[tuple[str, object]] = [
            ("retold:kind", kind), ("retold:confidence", float(e.confidence or 0.0)),
            ("retold:tie", bool(e.tie)), ("retold:story", e.story_id)]
        attrs += [("retold:mutation", t) for t in sorted(set(
            mutations.get((e.child, e.parent or external_id(e.external or "")), [])))]
        same_outlet = e.parent and outlet_of.get(e.parent) and \
            outlet_of.get(e.parent) == outlet_of.get(e.child)
        if same_outlet:
            doc.wasRevisionOf(child, parent, other_attributes=attrs)
        elif kind == "quotes-only":
            doc.wasQuotedFrom(child, parent, other_attributes=attrs)
        else:
            doc.wasDerivedFrom(child, parent, other_attributes=attrs)
    for st in sel.statements:
        art = entities.get(st.article_id)
        if art is None:
            continue
        ent = doc.entity(f"stmt:{slug(st.id)}", {
            "prov:type": typed("Statement"), "prov:value": st.content_text,
            "retold:kind": st.kind, "retold:channel": st.channel.name if st.channel else "",
            "retold:hedges": " ".join(h.type for h in st.hedges)})
        if st.speaker:
            doc.wasAttributedTo(ent, agent("speaker", st.speaker,
                                           speaker_kind.get(st.speaker, "Person")))
        doc.wasQuotedFrom(art, ent, other_attributes={"retold:relation": "statement"})
    return doc


def write_prov(sel: Selection, out: Path) -> dict:
    doc = prov_document(sel)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(doc.serialize(format="json", indent=1), encoding="utf-8")
    return {"format": "prov-json", "path": str(out), "records": len(doc.records)}
