"""Bad input end to end: every bad file is a named, recorded reject and nothing good is lost.

One folder mixes good pages (text, cp1252, UTF-16, WARC, JSONL, hostile HTML) with bad ones
(binary, empty, truncated gzip, truncated and corrupted WARCs, malformed JSONL lines, a page
over --max-bytes, a symlink loop, an unreadable directory); ``retold ingest`` must keep every
good document, put every bad one in the ``rejects`` table with its path (and offset inside
containers) and a reason, name it on the console, and exit 0. The evaluation interfaces
(``statements``/``reuse``/``lineage --input``) must name malformed lines and go on.
"""
from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys

import duckdb
import pytest
from typer.testing import CliRunner

from retold.cli import _register, app

_register()
runner = CliRunner()

PROSE = ("The council voted on Tuesday to approve the new budget after a long debate about "
         "spending on roads and schools in the district, the mayor said in a statement.")


def _page(title: str, n: int = 4) -> str:
    return (f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
            + f"<p>{PROSE}</p>" * n + "</body></html>")


def _warc(records, gzipped: bool = True) -> bytes:
    """A WARC (per-record gzip or plain) with ``(type, url, body)`` records."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzipped)
    for rtype, url, body in records:
        if rtype == "response":
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                    protocol="HTTP/1.1")
            rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
        else:
            http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
            rec = writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=http)
        writer.write_record(rec)
    return buf.getvalue()


def _pages(n: int, tag: str = "r"):
    return [("response", f"https://news.example.org/{tag}{i}",
             _page(f"Report {tag} {i}: the council votes on budget number {i}").replace(
                 "roads", f"roads number {i} ({tag})").encode()) for i in range(n)]


def _rejects(db) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute('SELECT path, "offset", record_id, reason FROM rejects ORDER BY path, "offset"').fetchall()


def _articles(db) -> list[dict]:
    res = runner.invoke(app, ["articles", "--db", str(db), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.stdout.splitlines()]


def _ingest(*args):
    return runner.invoke(app, ["ingest", *map(str, args), "--no-analyze"])


def test_mixed_folder_keeps_every_good_input_and_records_every_bad_one(tmp_path):
    d = tmp_path / "crawl"
    d.mkdir()
    (d / "page.txt").write_text(f"Budget vote\n\n{PROSE}\n\n{PROSE.replace('Tuesday', 'Monday')}\n")
    (d / "cafe.txt").write_bytes((("Café owners said “we are closed” on Monday, according to the "
                                   "mayor, and the naïve résumé cost €5.\n\n") * 5).encode("cp1252"))
    (d / "utf16.txt").write_bytes(("The minister told reporters that the budget would be cut by ten "
                                   "percent next year, officials said.\n\n" * 4).encode("utf-16"))
    (d / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    (d / "prog.bin").write_bytes(b"\x7fELF\x02\x01\x01" + b"\x00" * 500)
    (d / "empty.txt").write_bytes(b"")
    whole = gzip.compress(((PROSE + "\n\n") * 200).encode())
    (d / "cut.txt.gz").write_bytes(whole[: len(whole) // 2])
    (d / "big.txt").write_text("word " * 40_000)  # 200 KB, over --max-bytes below
    (d / "hostile.html").write_text(
        "<html><head><title>Hostile</title><script>document.write('INJECTED')</script></head><body>"
        + "<div>" * 5000 + "</div>" * 5000 + "<img src=x onerror=alert(1)>"
        + "<article><p title='" + "A" * 50_000 + f"'>{PROSE}</p><p>{PROSE.replace('council', 'senate')}</p>"
        + "<script>var s = '<p>SCRIPTED TEXT</p>';</script></article></body></html>")
    good_lines = [json.dumps({"id": f"j{i}", "url": f"https://wire.example.com/{i}",
                              "text": PROSE.replace("Tuesday", f"day {i}")}) for i in range(2)]
    (d / "feed.jsonl").write_text("\n".join([good_lines[0], '{"id": "broken", "text": "no end',
                                             json.dumps({"id": "n", "text": 42}), good_lines[1]]) + "\n")
    (d / "ok.warc.gz").write_bytes(_warc(_pages(2, "ok")))
    data = _warc(_pages(3, "cut"))
    (d / "cut.warc.gz").write_bytes(data[: len(data) - 300])  # the last record loses its end
    loop = d / "loop"
    loop.mkdir()
    (loop / "back").symlink_to(d, target_is_directory=True)  # a directory symlink loop

    db = tmp_path / "x.duckdb"
    res = _ingest(d, "--db", db, "--max-bytes", 150_000, "--json")
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout.strip().splitlines()[-1])

    arts = _articles(db)
    by_file: dict[str, list[dict]] = {}
    for a in arts:
        for loc in a["locations"]:
            by_file.setdefault(os.path.basename(loc["path"]), []).append(a)
    assert {"page.txt", "cafe.txt", "utf16.txt", "hostile.html", "feed.jsonl", "ok.warc.gz",
            "cut.warc.gz"} <= set(by_file)
    assert "Café owners said “we are closed”" in by_file["cafe.txt"][0]["text"]
    assert "ten percent" in by_file["utf16.txt"][0]["text"]
    assert sorted(loc["record_id"] for a in by_file["feed.jsonl"] for loc in a["locations"]) == ["id:j0", "id:j1"]
    assert len(by_file["ok.warc.gz"]) == 2 and len(by_file["cut.warc.gz"]) >= 2
    hostile = by_file["hostile.html"][0]["text"]
    assert "senate" in hostile and "INJECTED" not in hostile and "SCRIPTED" not in hostile
    assert "alert" not in hostile and "AAAA" not in hostile
    # every file once, although the loop makes the tree infinite
    assert all(len(a["locations"]) == 1 for a in arts)

    rejects = {}
    for path, offset, record_id, reason in _rejects(db):
        rejects.setdefault(os.path.basename(path), []).append((offset, record_id, reason))
    assert set(rejects) == {"image.png", "prog.bin", "empty.txt", "cut.txt.gz", "big.txt",
                            "feed.jsonl", "cut.warc.gz"}
    assert "binary" in rejects["image.png"][0][2] and "binary" in rejects["prog.bin"][0][2]
    assert "empty" in rejects["empty.txt"][0][2]
    assert any("truncated gzip" in r for _, _, r in rejects["cut.txt.gz"])
    assert "over the 150,000-byte limit" in rejects["big.txt"][0][2]
    feed = sorted(rejects["feed.jsonl"])
    assert [rid for _, rid, _ in feed] == ["line:2", "line:3"]
    assert feed[0][0] == len(good_lines[0]) + 1 and "not valid UTF-8 JSON" in feed[0][2]
    assert "neither a 'text' nor an 'html' string" in feed[1][2]
    ((offset, record_id, reason),) = rejects["cut.warc.gz"]
    assert offset > 0 and "truncated WARC record" in reason
    assert summary["rejected"] == sum(len(v) for v in rejects.values())
    assert summary["skipped"] == 0 and summary["ingested"] == len(arts)

    # the console names every bad input
    res = _ingest(d, "--db", tmp_path / "y.duckdb", "--max-bytes", 150_000)
    assert res.exit_code == 0
    console = res.output.replace("\n", "")
    for name in rejects:
        assert name in console, name


def test_truncated_record_keeps_both_reasons_in_the_rejects_table(tmp_path):
    """A record cut so short that no text is left has two problems at one (path, offset)."""
    data = _warc(_pages(2, "t"), gzipped=False)
    start = data.rindex(b"WARC/1.")
    cut = data.index(b"<body>", start)  # the last record ends inside its <head>
    path = tmp_path / "short.warc"
    path.write_bytes(data[:cut])
    db = tmp_path / "x.duckdb"
    res = _ingest(path, "--db", db)
    assert res.exit_code == 0, res.output
    ((_, offset, _, reason),) = _rejects(db)
    assert offset == start
    assert "truncated WARC record" in reason and "no article text" in reason
    assert len(_articles(db)) == 1


@pytest.mark.parametrize("gzipped", [False, True])
def test_corrupt_bytes_inside_a_warc_lose_only_the_damaged_record(tmp_path, gzipped):
    records = _pages(5, "g")
    records.insert(2, ("request", "https://news.example.org/g2", b""))
    data = _warc(records, gzipped=gzipped)
    # garbage after the second response record: framing is lost there
    marker = b"\x1f\x8b\x08" if gzipped else b"WARC/1."
    starts = [i for i in range(len(data)) if data.startswith(marker, i)]
    assert len(starts) == 6
    at = starts[2]  # the request record
    broken = data[:at] + b"\x00GARBAGE-" * 300 + data[at:]
    path = tmp_path / ("damaged.warc.gz" if gzipped else "damaged.warc")
    path.write_bytes(broken)
    db = tmp_path / "x.duckdb"
    res = _ingest(path, "--db", db, "--json")
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    urls = sorted(a["url"] for a in _articles(db))
    assert urls == [f"https://news.example.org/g{i}" for i in range(5)]  # nothing after it lost
    rejects = _rejects(db)
    assert rejects and all(str(path) == p and "WARC unreadable after byte" in r
                           and "skipped to the next readable record" in r for p, _, _, r in rejects)
    assert summary["skipped"] == 1  # the request record is counted, not silently dropped


@pytest.mark.parametrize("gzipped", [False, True])
def test_a_warc_cut_anywhere_loses_no_record_silently(tmp_path, gzipped):
    """Every record that starts before the cut is an article or a reject at its offset."""
    from fastwarc.warc import ArchiveIterator

    from retold.ingest import iter_inputs
    from retold.records import Article, Reject

    data = _warc(_pages(3, "c"), gzipped=gzipped)
    whole = tmp_path / "whole.warc"
    whole.write_bytes(data)
    with open(whole, "rb") as fh:
        starts = [r.stream_pos for r in ArchiveIterator(fh, parse_http=False)]
    assert len(starts) == 3
    for end in range(40, len(data), 37):
        path = tmp_path / f"cut{end}.warc"
        path.write_bytes(data[:end])
        items = list(iter_inputs([path]))
        found = {i.locations[0].offset for i in items if isinstance(i, Article)}
        rejected = {i.offset for i in items if isinstance(i, Reject)}
        for start in starts:
            if start < end:
                assert start in found | rejected, (end, start, items)
        rejects = [r for r in items if isinstance(r, Reject)]
        assert all(r.path == str(path) for r in rejects)
        if len(found) < sum(start < end for start in starts):  # some record is incomplete
            assert any("truncated" in r.reason for r in rejects), (end, items)


def test_non_article_warc_records_are_counted_as_skipped(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(_warc([("request", "https://a.example.org/", b""), *_pages(1, "s"),
                            ("request", "https://b.example.org/", b"")]))
    res = _ingest(path, "--db", tmp_path / "x.duckdb", "--json")
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert (summary["ingested"], summary["skipped"], summary["rejected"]) == (1, 2, 0)


def test_rerun_of_an_input_that_was_only_rejected_still_reports_it(tmp_path):
    binary = tmp_path / "logo.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    db = tmp_path / "x.duckdb"
    for _ in range(2):
        res = _ingest(binary, "--db", db)
        assert res.exit_code == 1
        assert "logo.png" in res.output and "binary" in res.output
    good = tmp_path / "page.txt"
    good.write_text(f"Budget vote\n\n{PROSE}\n\n{PROSE}\n")
    assert _ingest(good, "--db", db).exit_code == 0
    res = _ingest(good, "--db", db, "--json")  # unchanged good input: success, nothing new
    assert res.exit_code == 0 and json.loads(res.stdout.strip().splitlines()[-1])["unchanged"] == 1


def test_unreadable_directory_and_file_are_rejects_naming_them(tmp_path, monkeypatch):
    from retold.ingest import iter_inputs, sources
    from retold.records import Article, Reject

    root = tmp_path / "crawl"
    (root / "locked").mkdir(parents=True)
    (root / "locked" / "hidden.txt").write_text(PROSE)
    (root / "open").mkdir()
    (root / "open" / "page.txt").write_text(f"Budget vote\n\n{PROSE}\n\n{PROSE}\n")
    (root / "secret.txt").write_text(PROSE)
    locked, secret = str(root / "locked"), str(root / "secret.txt")
    real_scandir, real_head = os.scandir, sources._head

    def scandir(path="."):  # what a directory without read permission does (tests run as root)
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real_scandir(path)

    def head(path, n=65536):
        if str(path) == secret:
            raise PermissionError(13, "Permission denied", secret)
        return real_head(path, n)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(sources, "_head", head)
    items = list(iter_inputs([root]))
    arts = [i for i in items if isinstance(i, Article)]
    rejects = {r.path: r.reason for r in items if isinstance(r, Reject)}
    assert [a.locations[0].path for a in arts] == [str(root / "open" / "page.txt")]
    assert rejects == {locked: "cannot read directory: Permission denied",
                       secret: "cannot read: Permission denied"}


def test_symlinked_directory_is_followed_once(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "page.txt").write_text(f"Budget vote\n\n{PROSE}\n\n{PROSE}\n")
    root = tmp_path / "crawl"
    root.mkdir()
    (root / "link").symlink_to(outside, target_is_directory=True)
    (root / "link2").symlink_to(outside, target_is_directory=True)
    (outside / "up").symlink_to(root, target_is_directory=True)  # loop through both
    db = tmp_path / "x.duckdb"
    res = _ingest(root, "--db", db, "--json")
    assert res.exit_code == 0, res.output
    (art,) = _articles(db)
    assert len(art["locations"]) == 1 and not _rejects(db)


# ------------------------------------------------------------ evaluation interfaces


def _eval_input(tmp_path):
    lines = [
        json.dumps({"id": "d1", "text": "The mayor said on Monday that the city would build a new "
                                        "bridge over the river next year."}),
        '{"id": "d2", "text": "broken',
        json.dumps({"id": "d3"}),
        json.dumps({"id": "d4", "text": 42}),
        json.dumps({"id": "d5", "text": "Police told reporters that two people were arrested after "
                                        "the protest in the capital on Saturday."}),
    ]
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def _stderr(res, capfd) -> str:
    """What a command said on stderr (through the runner or straight to the fd), unwrapped."""
    return " ".join((res.stderr + capfd.readouterr().err).split())


def _run(*args):
    """``python -m retold ARGS`` in a subprocess (the statements command binds its error
    stream at import time, so an in-process runner cannot capture it)."""
    return subprocess.run([sys.executable, "-m", "retold", *map(str, args)], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "COLUMNS": "200"})


def test_statements_eval_interface_one_line_per_input_line(tmp_path):
    path, out = _eval_input(tmp_path), tmp_path / "preds.jsonl"
    res = _run("statements", "--input", path, "--output", out)
    assert res.returncode == 0, res.stderr
    err = " ".join(res.stderr.split())
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["d1", None, "d3", "d4", "d5"]
    assert rows[0]["statements"] and rows[4]["statements"]
    assert rows[1]["statements"] == rows[2]["statements"] == rows[3]["statements"] == []
    for n in (2, 3, 4):  # in the words `retold reuse` uses for the same lines
        assert f"{path}:{n}:" in err
    assert f"{path}:1:" not in err and f"{path}:5:" not in err
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\nnot json\n')
    res = _run("statements", "--input", bad, "--output", tmp_path / "o.jsonl")
    err = " ".join(res.stderr.split())
    assert res.returncode == 1 and f'{bad}:1: missing "text"' in err
    assert f"{bad}:2: not JSON (Expecting value)" in err
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    res = _run("statements", "--input", empty, "--output", tmp_path / "o2.jsonl")
    assert res.returncode == 1 and "no usable document" in res.stderr and "no lines" in res.stderr


def test_reuse_and_lineage_eval_interfaces_name_bad_lines(tmp_path, capfd):
    path = _eval_input(tmp_path)
    res = runner.invoke(app, ["reuse", "--input", str(path), "--output", str(tmp_path / "l.jsonl"),
                              "--stories", str(tmp_path / "s.jsonl")])
    assert res.exit_code == 0, res.output
    err = _stderr(res, capfd)
    assert f"{path}:2:" in err and f"{path}:3:" in err and "'d4'" in err
    stories = [json.loads(line) for line in (tmp_path / "s.jsonl").read_text().splitlines()]
    assert sorted(i for s in stories for i in s["ids"]) == ["d1", "d5"]
    out = tmp_path / "e.jsonl"
    res = runner.invoke(app, ["lineage", "--input", str(path), "--output", str(out)])
    assert res.exit_code == 0, res.output
    assert sorted(json.loads(line)["id"] for line in out.read_text().splitlines()) == ["d1", "d5"]
    err = _stderr(res, capfd)
    for n in (2, 3, 4):
        assert f"line {n}:" in err


def _cp1252_input(tmp_path):
    good = json.dumps({"id": "a", "text": PROSE})
    bad = json.dumps({"id": "b", "text": "Café owners said they were closed on Monday."},
                     ensure_ascii=False).encode("cp1252")
    path = tmp_path / "latin.jsonl"
    path.write_bytes(good.encode() + b"\n" + bad + b"\n")
    return path


def test_reuse_survives_a_non_utf8_line(tmp_path, capfd):
    path = _cp1252_input(tmp_path)
    res = runner.invoke(app, ["reuse", "--input", str(path), "--output", str(tmp_path / "l.jsonl")])
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert res.exit_code == 0 and f"{path}:2:" in _stderr(res, capfd)


def test_lineage_survives_a_non_utf8_line(tmp_path, capfd):
    path, out = _cp1252_input(tmp_path), tmp_path / "e.jsonl"
    res = runner.invoke(app, ["lineage", "--input", str(path), "--output", str(out)])
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert res.exit_code == 0 and "line 2:" in _stderr(res, capfd)
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["a"]


def test_lineage_names_a_published_value_that_is_not_a_date(tmp_path, capfd):
    path, out = tmp_path / "dates.jsonl", tmp_path / "e.jsonl"
    rows = [{"id": "a", "text": PROSE, "published": "Mon, 05 Jan 2024 10:00:00 GMT"},
            {"id": "b", "text": PROSE + " It rained.", "published": "next tuesday"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    res = runner.invoke(app, ["lineage", "--input", str(path), "--output", str(out)])
    assert res.exit_code == 0, res.output
    err = _stderr(res, capfd)
    assert "1 articles of" in err and "'b': 'next tuesday'" in err and "'a'" not in err
    assert sorted(json.loads(line)["id"] for line in out.read_text().splitlines()) == ["a", "b"]


def _pair_input(tmp_path):
    text = ("Officials said the plan for the new bridge over the river had failed after the "
            "vote on Monday, and that work on the site would stop within a week.")
    rows = [{"id": "a", "text": text}, {"id": "b", "text": text + " The mayor was not there."}]
    return "".join(json.dumps(r) + "\n" for r in rows)


def test_eval_interfaces_read_gzip_stdin_and_a_byte_order_mark(tmp_path):
    """Inputs as `retold ingest` takes them: a .jsonl.gz, standard input ("-"), and a
    file whose first line opens with a UTF-8 byte-order mark (was "not JSON")."""
    data = _pair_input(tmp_path)
    gz = tmp_path / "pair.jsonl.gz"
    gz.write_bytes(gzip.compress(data.encode()))
    bom = tmp_path / "bom.jsonl"
    bom.write_bytes(b"\xef\xbb\xbf" + data.encode())
    for path in (gz, bom):
        res = _run("reuse", "--input", path, "-q")
        assert res.returncode == 0, res.stderr
        (link,) = [json.loads(x) for x in res.stdout.splitlines()]
        assert (link["a"], link["b"]) == ("a", "b")
        res = _run("statements", "--input", path)
        assert res.returncode == 0, res.stderr
        assert [json.loads(x)["id"] for x in res.stdout.splitlines()] == ["a", "b"]
    for cmd in ("reuse", "lineage", "statements"):
        res = subprocess.run([sys.executable, "-m", "retold", cmd, "--input", "-"], input=data,
                             capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, (cmd, res.stderr)
        assert len(res.stdout.splitlines()) == (1 if cmd == "reuse" else 2), cmd
    not_gzip = tmp_path / "plain.jsonl.gz"
    not_gzip.write_text(data)
    res = _run("lineage", "--input", not_gzip)
    assert res.returncode == 2 and "cannot read" in res.stderr and "Traceback" not in res.stderr


def test_eval_interfaces_make_the_output_folder_or_say_why_not(tmp_path):
    """An --output in a folder that does not exist yet was a traceback after the whole
    analysis; now the folder is made, and a path through a file is refused up front."""
    src = tmp_path / "pair.jsonl"
    src.write_text(_pair_input(tmp_path))
    runs = {"statements": ["--output", tmp_path / "new1" / "s.jsonl"],
            "reuse": ["--output", tmp_path / "new2" / "l.jsonl", "--stories",
                      tmp_path / "new3" / "s.jsonl"],
            "lineage": ["--output", tmp_path / "new4" / "e.jsonl"]}
    for cmd, args in runs.items():
        res = _run(cmd, "--input", src, *args)
        assert res.returncode == 0, (cmd, res.stderr)
        for path in args[1::2]:
            assert path.read_text().strip(), (cmd, path)
        res = _run(cmd, "--input", src, "--output", src / "x.jsonl")
        assert res.returncode == 2 and "is a file, not a folder" in res.stderr, cmd
        assert "Traceback" not in res.stderr
