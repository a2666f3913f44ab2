"""Pages that repeat themselves (a pull quote, a template, a page extracted twice, a
comment thread) must cost about what their distinct text costs, and say each shared
quotation once: every stage compared every repeat with every repeat, and four such pages
took gigabytes (45 never finished)."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from retold.cli import _register, app
from retold.records import ReuseLink, Statement
from retold.reuse import align, match_quotes
from retold.reuse import quotes as quotes_mod
from retold.store import Store
from statement_helpers import quotation

_register()
runner = CliRunner()

QUOTE = "We will not pay a single cent more for grain that arrives three weeks late"
PARA = (f"“{QUOTE},” the minister said on Tuesday after the talks in Brussels. Officials "
        "expect the dispute over late deliveries to reach the courts before the harvest.")


def _stmts(aid: str, text: str, content: str) -> list[Statement]:
    out, at = [], 0
    while (s := text.find(content, at)) >= 0:
        out.append(Statement(id=f"{aid}:q{len(out)}", article_id=aid, kind="direct",
                             content=[[s, s + len(content)]], content_text=content))
        at = s + len(content)
    return out


def test_a_quotation_printed_again_is_matched_once_at_its_first_place():
    a = "\n\n".join([PARA, "A pull quote:", f"“{QUOTE}”"])
    b = "\n\n".join([PARA] * 3)
    sa, sb = _stmts("a", a, QUOTE), _stmts("b", b, QUOTE)
    assert len(sa) == 2 and len(sb) == 3
    (m,) = match_quotes(sa, sb, a, b)
    assert (m.a, m.b, m.variant) == ("a:q0", "b:q0", "same")
    assert a[m.spans_a[0][0]:m.spans_a[0][1]] == QUOTE


_one = quotation


def test_a_merged_quotation_keeps_both_sources_and_partners_are_capped():
    first = "The ministry will publish new figures for the river trade next week"
    second = "and the port authority expects the backlog to clear by the end of the month"
    merged = f"{first} {second}"
    a = f"“{first},” he said. “{second},” he added."
    b = f"“{merged},” the minister said."
    found = match_quotes([_one("a", a, first, 0), _one("a", a, second, 1)],
                         [_one("b", b, merged, 0)], a, b)
    assert sorted((m.a, m.variant) for m in found) == [("a:q0", "trimmed"), ("a:q1", "trimmed")]
    # one long quotation, cut seven ways in another page: at most MAX_PARTNERS matches
    words = merged.split()
    cuts = [" ".join(words[k:k + 9]) for k in range(7)]
    c = " ".join(f"“{x},” he said." for x in cuts)
    found = match_quotes([_one("b", b, merged, 0)],
                         [_one("c", c, x, i) for i, x in enumerate(cuts)], b, c)
    assert len(found) == quotes_mod.MAX_PARTNERS == 5
    assert all(m.variant == "trimmed" for m in found)


def test_a_repeated_paragraph_aligns_whole():
    page = "\n\n".join([PARA] * 60)
    al = align(page, page)
    assert al.spans_a == [[0, len(page)]] and al.coverage_a == 1.0 and al.verbatim == 1.0


def test_pages_repeating_a_quotation_are_linked_with_one_quote_match(tmp_path):
    rows = [{"id": f"p{i}", "title": "Grain talks", "outlet": f"Outlet {i}",
             "published": f"2024-03-0{i + 1}T08:00:00Z",
             "text": "\n\n".join([PARA] * 120 + [f"Page {i} adds its own closing line."])}
            for i in range(4)]
    src = tmp_path / "pages.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    db = tmp_path / "r.duckdb"
    res = runner.invoke(app, ["ingest", str(src), "--db", str(db), "--quiet"])
    assert res.exit_code == 0, res.output
    with Store(db) as store:
        links = store.query(ReuseLink)
        said = {st.content_text for st in store.query(Statement)}
    assert len({(ln.a, ln.b) for ln in links}) == 6  # every pair of the four pages
    assert 1 <= len(said) <= 2  # the quotation (and the officials' expectation)
    for ln in links:  # each once, not 120 x 120 times
        assert 1 <= len(ln.evidence.get("quotes", [])) <= len(said)


def test_bulk_prefilter_keeps_every_match_of_the_pairwise_scoring(monkeypatch):
    """Long pages (hundreds of quotations) are scored in bulk first; what reaches the
    exact scoring must be every pair that can match: same output as scoring every pair."""
    import random

    rng = random.Random(4)
    base = ["The ministry will publish new figures for the river trade next week",
            "We will not pay a single cent more for grain that arrives three weeks late",
            "Barge operators have been laying up vessels since the water level fell",
            "Farmers in the region have stored more of their crop on site than ever",
            "IS saw the Turkish army as its ally when it came to attacking the Kurds"]
    edits = [("will", "would"), ("IS", "Daesh"), ("three", "two"), ("new", "fresh")]

    def page(aid, n):
        qs = []
        for k in range(n):
            q = f"{rng.choice(base)} in case {k % 7}"
            a, b = rng.choice(edits)
            q = q.replace(a, b) if rng.random() < 0.4 else q
            qs.append(" ".join(q.split()[rng.randint(0, 3):]) if rng.random() < 0.3 else q)
        text = " ".join(f"“{q},” he said." for q in qs)
        return text, [_one(aid, text, q, i) for i, q in enumerate(qs)]

    ta, sa = page("a", 40)
    tb, sb = page("b", 35)
    bulk = match_quotes(sa, sb, ta, tb)
    monkeypatch.setattr(quotes_mod, "PREFILTER_PAIRS", 10 ** 9)
    assert len(sa) * len(sb) > 400 and bulk == match_quotes(sa, sb, ta, tb)
    assert len(bulk) > 20
