"""WARC/WET ingest: every bundled sample, truncation, skipped furniture, oversize records."""
from __future__ import annotations

import io

import pytest

from retold.ingest import Skipped, iter_inputs
from retold.records import Article, Reject


def _split(items):
    items = list(items)
    arts = [i for i in items if isinstance(i, Article)]
    rejects = [i for i in items if isinstance(i, Reject)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    return arts, rejects, skipped


@pytest.fixture
def warcs(shared_data):
    return shared_data / "warc-samples"


def test_warcio_example_keeps_url_date_record_id_offset(warcs):
    arts, rejects, _ = _split(iter_inputs([warcs / "warcio_example.warc.gz"]))
    assert not rejects
    assert len(arts) == 1  # the revisit and request records are not articles
    art = arts[0]
    assert art.url == "http://example.com/" and art.outlet == "example.com"
    assert art.title == "Example Domain"
    assert art.source_format == "warc-html"
    loc = art.locations[0]
    assert loc.offset == 784 and loc.record_id == "<urn:uuid:a9c51e3e-0221-11e7-bf66-0242ac120005>"
    assert loc.fetched == "2017-03-06T04:02:06Z" and loc.path.endswith("warcio_example.warc.gz")
    assert "illustrative examples" in art.text


def test_common_crawl_warc_wet_and_wat(warcs):
    (html,), rej, _ = _split(iter_inputs([warcs / "cc-whirlwind_whirlwind.warc.gz"]))
    assert not rej and html.url == "https://an.wikipedia.org/wiki/Escopete"
    assert html.outlet == "wikipedia.org" and html.locations[0].offset == 1023
    (wet,), rej, _ = _split(iter_inputs([warcs / "cc-whirlwind_whirlwind.warc.wet.gz"]))
    assert not rej
    assert wet.source_format == "warc-wet" and wet.locations[0].offset == 466
    assert wet.title == "Escopete"  # the WET <title> line minus " - Biquipedia, ..."
    assert wet.text.startswith("Escopete ye un municipio")
    assert wet.published == "2024-05-18T01:58:10Z" and wet.published_source == "warc-date"
    arts, rej, _ = _split(iter_inputs([warcs / "cc-whirlwind_whirlwind.warc.wat.gz"]))
    assert arts == [] and rej == []  # metadata records only: nothing to ingest, nothing wrong


def test_truncated_gzip_member_is_read_and_reported(warcs):
    path = warcs / "resiliparse_clipped.warc.gz"
    arts, rejects, _ = _split(iter_inputs([path]))
    assert len(arts) == 1
    assert arts[0].outlet == "houstonpress.com"
    assert "Chance The Rapper" in (arts[0].title or "")
    assert len(arts[0].text) > 500
    (rej,) = rejects
    assert rej.path == str(path) and rej.offset == 0
    assert "truncated" in rej.reason and "88,275" in rej.reason


def test_real_news_warc_and_cc_sample(warcs):
    arts, rejects, _ = _split(iter_inputs([warcs / "fundus-eval-16-news.warc.gz"]))
    assert len(arts) == 16 and not rejects
    assert len({a.outlet for a in arts}) == 16
    assert all(a.title and len(a.blocks) >= 2 and a.published for a in arts)
    offsets = [a.locations[0].offset for a in arts]
    assert offsets == sorted(offsets) and len(set(offsets)) == 16
    arts, rejects, _ = _split(iter_inputs([warcs / "resiliparse_warcfile.warc.gz"]))
    assert len(arts) >= 10 and all(a.url and a.locations[0].record_id for a in arts)


def _warc(records) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url, body, ctype in records:
        http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=http))
    return buf.getvalue()


def test_oversize_and_non_html_records(tmp_path):
    page = ("<html><head><title>Council votes</title></head><body><h1>Council votes</h1>"
            + "<p>The council voted on Tuesday to approve the new budget after a long debate "
              "about spending on roads and schools in the district.</p>" * 5 + "</body></html>")
    huge = b"<html><body><p>" + b"word " * 60_000 + b"</p></body></html>"
    data = _warc([
        ("https://news.example.org/huge", huge, "text/html"),
        ("https://news.example.org/logo.png", b"\x89PNG....", "image/png"),
        ("https://news.example.org/council", page.encode(), "text/html; charset=utf-8"),
    ])
    path = tmp_path / "mixed.warc.gz"
    path.write_bytes(data)
    assert not any(isinstance(i, Skipped) for i in iter_inputs([path], max_bytes=100_000))
    arts, rejects, skipped = _split(iter_inputs([path], max_bytes=100_000, skipped=True))
    assert [a.url for a in arts] == ["https://news.example.org/council"]
    (rej,) = rejects
    assert rej.offset == 0 and "over the 100,000-byte" in rej.reason and "--max-bytes" in rej.reason
    assert len(skipped) == 1 and "image/png" in skipped[0].reason


def test_interrupted_warc_ingest_resumes_after_last_committed_record(tmp_path, monkeypatch):
    from retold.ingest.store import IngestProgress, ingest
    from retold.store import Store

    pages = []
    for i in range(12):
        html = (f"<html><head><title>Report {i}</title></head><body><h1>Report {i}</h1>"
                + f"<p>Inspectors visited site number {i} on Monday and found that the repairs ordered "
                  f"last year had been completed ahead of schedule, officials said.</p>" * 3
                + f"<p>The next inspection of site {i} is planned for the autumn.</p></body></html>")
        pages.append((f"https://inspections.example.net/report/{i}", html.encode(), "text/html"))
    path = tmp_path / "reports.warc.gz"
    path.write_bytes(_warc(pages))
    with Store(tmp_path / "r.duckdb") as store:
        real = Store.upsert
        seen = {"progress": 0}

        def dies_on_second_checkpoint(self, records):
            if records and isinstance(records[0], IngestProgress):
                seen["progress"] += 1
                if seen["progress"] == 2:
                    raise KeyboardInterrupt("simulated kill")
            return real(self, records)

        monkeypatch.setattr(Store, "upsert", dies_on_second_checkpoint)
        with pytest.raises(KeyboardInterrupt):
            ingest(store, [path], batch_size=3)
        monkeypatch.setattr(Store, "upsert", real)
        prog = store.get(IngestProgress, path=str(path))
        assert prog is not None and not prog.done and prog.offset > 0
        assert store.count(Article) == 6  # two batches written, the second checkpoint lost
        summary = ingest(store, [path], batch_size=3)
        assert store.count(Article) == 12
        assert summary.ingested == 6 and summary.already == 3  # the unrecorded batch, merged
        offsets = sorted(a.locations[0].offset for a in store.query(Article))
        assert len(set(offsets)) == 12
        assert all(len(a.locations) == 1 for a in store.query(Article))


def test_a_truncated_record_without_text_is_one_reject_with_both_reasons(warcs, tmp_path):
    """A plain WARC cut inside a record that then yields no text has two problems of one
    record; the store keeps one row (the table's key) with both reasons, the summary
    counts one reject (it said 2 for 1 row), and the Spark job folds them alike (it kept
    the last reason only: "truncated" was lost)."""
    import gzip

    from retold.ingest.store import ingest
    from retold.spark.ingest_job import _fold_rejects, read_file
    from retold.store import Store

    raw = gzip.decompress((warcs / "fundus-eval-16-news.warc.gz").read_bytes())
    cut = tmp_path / "cut.warc"
    cut.write_bytes(raw[:300_000])
    with Store(":memory:") as store:
        summary = ingest(store, [str(cut)])
        rows = store.query(Reject)
        assert summary.rejected == len(rows) == 1
        assert "truncated WARC record" in rows[0].reason and "; " in rows[0].reason
    by_key: dict = {}
    for kind, key, order, row, _offset in read_file(0, str(cut), str(cut)):
        if kind == "r":
            by_key[key] = _fold_rejects(by_key[key], (order, row)) if key in by_key else (order, row)
    (only,) = by_key.values()
    from retold.spark.schema import from_tuple

    assert from_tuple(Reject, only[1]).reason == rows[0].reason
