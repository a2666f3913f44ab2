"""Writing to the store: dedup with merged locations, idempotence, resume after a kill,
rejects that never stop a batch, JSONL input."""
from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from retold.ingest.store import IngestProgress, ingest
from retold.records import Article, Reject
from retold.store import Store

ROOT = Path(__file__).resolve().parent.parent


def _story(n: int) -> str:
    return (f"Story number {n}: the city council met on Tuesday to debate item {n} of the agenda, "
            f"and members agreed after a long discussion to fund {n} new projects next year.\n\n"
            f"A spokesperson said the decision on item {n} would be published in the gazette.")


def _jsonl(path: Path, n: int, start: int = 0) -> Path:
    with path.open("w") as fh:
        for i in range(start, start + n):
            fh.write(json.dumps({"id": f"doc-{i}", "text": _story(i), "title": f"Item {i}",
                                 "url": f"https://www.example-news.com/item/{i}"}) + "\n")
    return path


def test_same_body_twice_is_one_article_with_two_locations(tmp_path, sample_path):
    copy = tmp_path / "mirror" / "copy.txt"
    copy.parent.mkdir()
    copy.write_bytes(sample_path.read_bytes())
    gz = tmp_path / "copy2.txt.gz"
    gz.write_bytes(gzip.compress(sample_path.read_bytes()))
    with Store(tmp_path / "r.duckdb") as store:
        summary = ingest(store, [sample_path, tmp_path])
        assert (summary.ingested, summary.duplicates, summary.rejected) == (1, 2, 0)
        (art,) = store.query(Article)
        assert sorted(Path(loc.path).name for loc in art.locations) == [
            "copy.txt", "copy2.txt.gz", "financialtribune-ex-is-member.txt"]
        assert art.title == "Ex-IS Member Says Group Sees Turkey as Ally"
        assert all(loc.fetched for loc in art.locations)


def test_ingesting_twice_adds_nothing(tmp_path, sample_path):
    src = _jsonl(tmp_path / "a.jsonl", 12)
    with Store(tmp_path / "r.duckdb") as store:
        first = ingest(store, [src, sample_path])
        rows = store.execute("SELECT id, locations FROM articles ORDER BY id").fetchall()
        second = ingest(store, [src, sample_path])
        assert first.ingested == 13
        assert (second.ingested, second.duplicates, second.unchanged) == (0, 0, 2)
        assert store.execute("SELECT id, locations FROM articles ORDER BY id").fetchall() == rows
        forced = ingest(store, [src, sample_path], force=True)  # re-read: still nothing new
        assert (forced.ingested, forced.duplicates, forced.already) == (0, 0, 13)
        assert store.execute("SELECT id, locations FROM articles ORDER BY id").fetchall() == rows


_CHILD = textwrap.dedent("""
    import sys, time
    from retold.store import Store
    from retold.ingest.store import ingest
    def on_batch(summary):
        print("batch", summary.ingested, flush=True)
        time.sleep(0.3)
    with Store(sys.argv[1]) as store:
        ingest(store, [sys.argv[2]], batch_size=5, on_batch=on_batch)
    print("finished", flush=True)
""")


def test_killed_ingest_resumes_with_nothing_lost_or_doubled(tmp_path):
    src = _jsonl(tmp_path / "big.jsonl", 60)
    db = tmp_path / "r.duckdb"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(db), str(src)],
                             stdout=subprocess.PIPE, text=True, env=env)
    committed = []
    for line in child.stdout:
        if line.startswith("batch"):
            committed.append(int(line.split()[1]))
            if len(committed) == 3:
                child.send_signal(signal.SIGKILL)
                break
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL, "the child finished before it could be killed"
    with Store(db) as store:
        before = store.count(Article)
        assert 0 < before < 60
        prog = store.get(IngestProgress, path=str(src))
        assert prog is not None and not prog.done
        summary = ingest(store, [src])
        assert store.count(Article) == 60
        assert summary.ingested == 60 - before  # resumed after the last committed record
        locs = store.execute("SELECT json_array_length(locations) FROM articles").fetchall()
        assert {n for (n,) in locs} == {1}
        assert store.get(IngestProgress, path=str(src)).done


def test_crash_between_article_and_progress_writes_is_harmless(tmp_path, monkeypatch):
    src = _jsonl(tmp_path / "a.jsonl", 30)
    with Store(tmp_path / "r.duckdb") as store:
        real = Store.upsert
        calls = {"progress": 0}

        def flaky(self, records):
            if records and isinstance(records[0], IngestProgress):
                calls["progress"] += 1
                if calls["progress"] == 3:
                    raise KeyboardInterrupt("simulated kill after the articles were committed")
            return real(self, records)

        monkeypatch.setattr(Store, "upsert", flaky)
        with pytest.raises(KeyboardInterrupt):
            ingest(store, [src], batch_size=4)
        monkeypatch.setattr(Store, "upsert", real)
        partial = store.count(Article)
        summary = ingest(store, [src], batch_size=4)
        assert store.count(Article) == 30
        assert summary.ingested == 30 - partial and summary.already >= 1  # redone batch merged
        locs = store.execute("SELECT json_array_length(locations) FROM articles").fetchall()
        assert {n for (n,) in locs} == {1}


def test_bad_inputs_become_rejects_and_the_batch_goes_on(tmp_path, sample_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    (bad / "empty.txt").write_bytes(b"")
    (bad / "blank.txt").write_text("   \n\n  ")
    whole = gzip.compress(sample_path.read_bytes())
    (bad / "cut.txt.gz").write_bytes(whole[: len(whole) // 2])
    (bad / "big.txt").write_text("Big page. " * 5000)
    (bad / "menu.txt").write_text("Home\nNews\nSport\n")
    (bad / "hostile.html").write_text("<div>" * 50000 + "<p>x</p>" + "</div>" * 50000)
    with Store(tmp_path / "r.duckdb") as store:
        summary = ingest(store, [bad, sample_path], max_bytes=20_000)
        reasons = {Path(r.path).name: r for r in store.query(Reject)}
        assert summary.ingested >= 1 and store.get(Article, id=Article.make_id(
            store.query(Article, "source_format = 'text'")[0].text))
        assert "binary" in reasons["image.txt"].reason
        assert "empty" in reasons["empty.txt"].reason and "empty" in reasons["blank.txt"].reason
        assert "truncated gzip" in reasons["cut.txt.gz"].reason
        assert reasons["cut.txt.gz"].offset == 0
        assert "20,000-byte limit" in reasons["big.txt"].reason and "--max-bytes" in reasons["big.txt"].reason
        assert "no article body" in reasons["menu.txt"].reason
        assert summary.rejected >= 6
        titles = [a.title for a in store.query(Article)]
        assert "Ex-IS Member Says Group Sees Turkey as Ally" in titles


def test_jsonl_fields_and_bad_lines(tmp_path):
    src = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "r1", "text": "Showers continued throughout the week in\nthe Bahia cocoa zone, "
                    "alleviating the drought.\n    The dry period means the temporao will be late.\n"
                    "    Arrivals for the week were 155,221 bags.", "title": "Bahia cocoa review",
                    "date": "26-FEB-1987 15:01:01.79", "outlet": "Reuters"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"title": "no body"}),
        json.dumps({"html": "<html><head><title>Harbour news</title></head><body><h1>Harbour news</h1>"
                    + "<p>The harbour authority approved the dredging plan on Monday after a vote "
                      "that had been delayed twice by legal challenges from residents.</p>" * 3
                    + "</body></html>", "url": "https://www.harbour-news.co.uk/a/1"}),
        "",
    ]
    src.write_text("\n".join(lines) + "\n")
    with Store(tmp_path / "r.duckdb") as store:
        summary = ingest(store, [src])
        assert (summary.ingested, summary.rejected) == (2, 3)
        cocoa = store.query(Article, "title = ?", ["Bahia cocoa review"])[0]
        assert [b.text for b in cocoa.blocks] == [
            "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought.",
            "The dry period means the temporao will be late.",
            "Arrivals for the week were 155,221 bags."]
        assert cocoa.published == "1987-02-26T15:01:01.790000+00:00"  # as given, in UTC
        assert cocoa.published_source == "input"
        assert cocoa.outlet_name == "Reuters" and cocoa.outlet == "reuters.com"
        assert cocoa.locations[0].record_id == "id:r1"
        html = store.query(Article, "source_format = 'jsonl' AND url IS NOT NULL")[0]
        assert html.outlet == "harbour-news.co.uk" and "dredging plan" in html.text
        rejects = sorted(store.query(Reject), key=lambda r: r.offset)
        assert [r.record_id for r in rejects] == ["line:2", "line:3", "line:4"]
        assert rejects[0].offset == len(lines[0]) + 1
        assert "not valid UTF-8 JSON" in rejects[0].reason and "neither a 'text'" in rejects[2].reason


def test_a_day_the_calendar_lacks_leaves_the_page_undated(tmp_path):
    """"2024-02-30" reads as no date at all (the README: a non-date is undated), not as
    a date stored as if valid; the page and its other fields are kept."""
    src = tmp_path / "feed.jsonl"
    src.write_text(json.dumps({"id": "x", "text": _story(1), "published": "2024-02-30",
                               "title": "Bad date"}) + "\n")
    with Store(tmp_path / "r.duckdb") as store:
        assert ingest(store, [src]).ingested == 1
        (art,) = store.query(Article, "title = ?", ["Bad date"])
        assert art.published is None and art.published_source is None


def test_paths_dirs_globs_and_sniffing(tmp_path):
    from retold.ingest.sources import expand, sniff

    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("plain text page")
    (tmp_path / "a" / "b" / "two.htm").write_text("<p>hello</p>")
    (tmp_path / "a" / "b" / "feed.data").write_text('{"text": "x"}\n')
    (tmp_path / "a" / "b" / "page.gz").write_bytes(gzip.compress(b"<!DOCTYPE html><html></html>"))
    (tmp_path / "a" / ".hidden.txt").write_text("skip me")
    found = [p for p in expand([tmp_path / "a"]) if not isinstance(p, Reject)]
    assert sorted(p.name for p in found) == ["feed.data", "one.txt", "page.gz", "two.htm"]
    globbed = list(expand([str(tmp_path / "**" / "*.txt"), str(tmp_path / "nothing*.warc")]))
    assert [p.name for p in globbed if not isinstance(p, Reject)] == ["one.txt"]
    assert [r.reason for r in globbed if isinstance(r, Reject)] == ["glob matched no files"]
    kinds = {p.name: sniff(p) for p in found}
    assert kinds["one.txt"].kind == "text" and kinds["two.htm"].kind == "html"
    assert kinds["feed.data"].kind == "jsonl"
    assert kinds["page.gz"].kind == "html" and kinds["page.gz"].gzipped


def test_parallel_parsing_gives_the_same_store(tmp_path, sample_path):
    src = tmp_path / "mixed.jsonl"
    rows = [{"id": f"t{i}", "text": _story(i)} for i in range(10)]
    rows += [{"id": f"h{i}", "url": f"https://www.harbour-news.co.uk/a/{i}",
              "html": f"<html><head><title>Harbour {i}</title></head><body><h1>Harbour {i}</h1>"
                      + f"<p>The harbour authority approved dredging plan number {i} on Monday after "
                        f"a vote that had been delayed twice by legal challenges.</p>" * 3 + "</body></html>"}
             for i in range(10)]
    rows.append({"id": "dup", "text": _story(3)})  # same body as t3: one more location
    src.write_text("".join(json.dumps(r) + "\n" for r in rows) + "{broken\n")

    def snapshot(workers: int):
        with Store(tmp_path / f"w{workers}.duckdb") as store:
            summary = ingest(store, [src, sample_path], workers=workers, batch_size=4)
            arts = store.execute("SELECT id, title, outlet, locations FROM articles ORDER BY id").fetchall()
            rejects = store.execute("SELECT record_id, reason FROM rejects ORDER BY \"offset\"").fetchall()
        return (summary.ingested, summary.duplicates, summary.rejected), arts, rejects

    serial, parallel = snapshot(1), snapshot(2)
    assert serial[0] == (21, 1, 1)
    assert parallel == serial


def _pages(path: Path, *pages: tuple[str, int, str, str]) -> Path:
    """A JSONL file of pages ``(outlet, hour of 2024-03-05, title, body)``, in that order."""
    path.write_text("".join(json.dumps({
        "text": body, "title": title, "outlet": outlet,
        "published": f"2024-03-05T{hour:02d}:00:00Z",
        "url": f"https://{outlet.lower().replace(' ', '')}.example/{hour}"}) + "\n"
        for outlet, hour, title, body in pages))
    return path


@pytest.mark.parametrize("batch_size", [1, 200])  # merged when stored, or while pending
def test_a_body_several_pages_carry_takes_the_page_published_first(tmp_path, batch_size):
    """Word-for-word copies are one article; within a run it is stamped with the page
    that published the body first, whatever the order the pages were read in."""
    body = _story(7)
    src = _pages(tmp_path / "pages.jsonl", ("Daily Post", 14, "Council funds projects", body),
                 ("Reuters", 9, "City council agrees new projects", body),
                 ("The Herald", 11, "Council agrees", body))
    with Store(tmp_path / "r.duckdb") as store:
        summary = ingest(store, [src], batch_size=batch_size)
        (art,) = store.query(Article)
    assert (summary.ingested, summary.duplicates) == (1, 2)
    assert (art.outlet_name, art.published[:16], art.title, art.url) == (
        "Reuters", "2024-03-05T09:00", "City council agrees new projects",
        "https://reuters.example/9")
    assert len(art.locations) == 3


def _two_runs(tmp_path: Path, first_page: tuple, later_page: tuple):
    """One body on two pages ``(outlet, hour, title)``, ingested in two runs: the second
    run's summary, the article, the ``ingest_restamped`` rows and the ids pending."""
    from retold.ingest.store import Restamped, restamped_ids

    body = _story(8)
    first = _pages(tmp_path / "first.jsonl", (*first_page, body))
    later = _pages(tmp_path / "later.jsonl", (*later_page, body))
    with Store(tmp_path / "r.duckdb") as store:
        ingest(store, [first])
        again = ingest(store, [later])
        (art,) = store.query(Article)
        return again, art, store.query(Restamped), restamped_ids(store)


def test_a_later_page_found_in_a_later_run_only_adds_its_location(tmp_path):
    again, art, rows, pending = _two_runs(tmp_path, ("Reuters", 9, "City council agrees"),
                                          ("Daily Post", 14, "Council funds projects"))
    assert again.duplicates == 1 and again.restamped == [] and rows == pending == []
    assert (art.outlet_name, art.title) == ("Reuters", "City council agrees")
    assert len(art.locations) == 2


def test_an_earlier_page_found_in_a_later_run_restamps_the_article_and_queues_it(tmp_path):
    """The stored article was analysed with the later copy's outlet and time; the page
    published first now stamps it, and it waits in ``ingest_restamped`` until the
    analysis stages have redone it (``retold ingest --no-analyze`` leaves that to
    ``retold analyze``)."""
    again, art, (row,), pending = _two_runs(tmp_path,
                                            ("Daily Post", 14, "Council funds projects"),
                                            ("Reuters", 9, "City council agrees"))
    assert again.duplicates == 1 and again.restamped == [art.id] and pending == [art.id]
    assert (art.outlet_name, art.title, art.published[:16]) == (
        "Reuters", "City council agrees", "2024-03-05T09:00")
    assert (row.url_before, row.published_before[:16], row.url) == (
        "https://dailypost.example/14", "2024-03-05T14:00", "https://reuters.example/9")
    assert len(art.locations) == 2


BANK = [
    "The central bank raised its main rate by half a point on Tuesday, the first increase in three years.",
    "“Inflation has become the main risk to the recovery and we will not wait for it to settle,” governor Anna Weber told Reuters.",
    "Economists had expected the bank to hold rates steady until the summer.",
    "The decision was taken unanimously by the nine members of the rate-setting committee."]
BANK_PAGES = [  # (outlet, hour, title, body): Reuters' original, then three copies
    ("Reuters", 9, "Central bank raises rates", "\n\n".join(BANK)),
    ("Daily Post", 14, "Central bank raises rates", "\n\n".join(BANK)),
    ("The Herald", 11, "Bank lifts rates", "\n\n".join(BANK[:3])),
    ("Evening Times", 12, "Rates up at last", "\n\n".join(BANK[:2] + BANK[3:]))]


def test_an_original_read_after_its_word_for_word_copy_is_still_the_origin(tmp_path):
    """The lineage consequence: the origin's body read first from a later copy lost the
    origin's outlet, and its own "told Reuters" then sent the story outside the corpus."""
    from retold.pipeline import analyze

    reuters, post, *rest = BANK_PAGES
    src = _pages(tmp_path / "pages.jsonl", post, reuters, *rest)
    with Store(tmp_path / "r.duckdb") as store:
        summary = ingest(store, [src])
        analyze(store, summary.new_ids)
        assert len(store.query(Article)) == 3
        assert _roots(store) == [("Reuters", None)]


def _bank_story(tmp_path: Path):
    """Run one's pages (Reuters' word-for-word copy and two retellings) and run two's
    (Reuters' own page, published first)."""
    reuters, *copies = BANK_PAGES
    return _pages(tmp_path / "first.jsonl", *copies), _pages(tmp_path / "later.jsonl", reuters)


def _roots(store) -> list:
    from retold.records import LineageEdge

    by_id = {a.id: a.outlet_name for a in store.query(Article)}
    return [(by_id.get(e.child), e.external) for e in store.query(LineageEdge) if e.parent is None]


@pytest.mark.parametrize("later_analysis", ["with the ingest", "by retold analyze"])
def test_the_original_found_in_a_later_run_becomes_the_stored_storys_origin(tmp_path,
                                                                          later_analysis):
    """Run one stores a word-for-word copy (Daily Post, 14:00) and two retellings: with
    Reuters absent, "told Reuters" makes the story one copied from outside the corpus.
    Run two finds Reuters' own page (09:00) of the same body: the stored article takes
    Reuters' page, and the story's lineage is redone with Reuters as the origin in the
    corpus, by the ingest's own analysis or by a later ``retold analyze`` (the ingest run
    with ``--no-analyze``)."""
    from retold.ingest.store import restamped_ids
    from retold.pipeline import analyze

    first, later = _bank_story(tmp_path)
    with Store(tmp_path / "r.duckdb") as store:
        run1 = ingest(store, [first])
        analyze(store, run1.new_ids)
        before = _roots(store)
        run2 = ingest(store, [later])
        assert run2.new_ids == [] and len(run2.restamped) == 1
        if later_analysis == "with the ingest":
            summary = analyze(store, run2.new_ids)
        else:
            summary = analyze(store)  # what `retold analyze` runs
        after = _roots(store)
        left = restamped_ids(store)
    assert sorted(before) == [("Daily Post", "Reuters"), ("Evening Times", "Reuters"),
                              ("The Herald", "Reuters")]  # each a copy of the absent source
    assert after == [("Reuters", None)]
    assert summary.stories_touched and left == []


def test_an_article_too_long_to_analyse_is_kept_and_named(tmp_path, sample_path, monkeypatch):
    """A 50 MB page let in with --max-bytes grew the statements stage past 6 GB; an
    article over the analysis limit is stored, named as a reject of that stage, and the
    others are analysed as ever."""
    import retold.statements as st_stage
    from retold.pipeline import analyze
    from retold.records import Statement

    monkeypatch.setattr(st_stage, "MAX_ANALYSIS_CHARS", 5_000)
    long_page = tmp_path / "long.txt"
    long_page.write_text("Long page\n\n" + "\n\n".join(
        f"Paragraph {i}: the council met again and said nothing new about the plan." for i in
        range(200)))
    with Store(tmp_path / "r.duckdb") as store:
        assert ingest(store, [long_page, sample_path]).ingested == 2
        analyze(store)
        (rej,) = store.query(Reject, "stage = 'statements'")
        assert "over the analysis limit of 5,000: stored, not analysed" in rej.reason
        assert rej.path.endswith("long.txt")
        assert store.count(Article) == 2 and store.count(Statement) == 9  # the sample's
