"""CLI commands of the lineage stage: ``lineage``, ``story``, ``trace``, ``diff``.

* ``retold lineage --input ARTICLES.jsonl --output EDGES.jsonl`` — evaluation interface on
  raw articles, no store: one line per article with its parents, origin and mutations.
* ``retold story STORY_ID`` — the story's family tree with the mutations of every hop.
* ``retold trace "a quote or claim"`` — every appearance, the earliest, the origin and the
  path from the origin to each appearance.
* ``retold diff A B`` — two articles side by side: shared passages and typed mutations.
"""
from __future__ import annotations

import json
import sys
from difflib import SequenceMatcher
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

from retold.cli import DB_OPTION_HELP, app, fail, find_article, open_store, output_path
from retold.outlets import page_name, page_names
from retold.store import DEFAULT_DB


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


@app.command("lineage")
def lineage_cmd(
    input: Path = typer.Option(..., "--input", "-i", help="Articles JSONL: {id, text, title?, outlet?, published?, url?}; the outlet defaults to the url's domain; published (or date): ISO 8601 (a bare day is the whole day), RFC 2822, 'Jan 5, 2024 3:05 PM EST' or epoch seconds, anything else counts as undated."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Edges JSONL (default stdout)."),
    grouping: str = typer.Option("text", "--grouping", help="Story grouping: text (fast; sentences that pages of one outlet share count as its boilerplate, so a wire archive's repeats and corrections stay apart) | reuse (retold.reuse + retold.stories, as retold ingest)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary on stderr."),
    outside_mutations: bool = typer.Option(
        False, "--outside-mutations",
        help="Also type the hops from a source outside the corpus, against that source as "
             "its copies tell it (mutation parent 'external:<outlet>', no parent spans)."),
) -> None:
    """Parents, origin and typed mutations of every article of a JSONL file (no store).

    A story that fails keeps its articles' lines, with no parents and an "error"."""
    from retold.evalio import input_notes
    from retold.lineage.corpus import read_rows, trace_rows
    from retold.records import Reject

    if str(input) != "-" and not input.is_file():
        fail(f"input {str(input)!r} not found")
    output = output_path(output)
    rows, rejects = [], []
    try:
        for item in read_rows(str(input)):  # "-" is stdin, ".gz" gunzipped
            (rejects if isinstance(item, Reject) else rows).append(item)
    except OSError as exc:
        fail(f"cannot read {str(input)!r}: {exc.strerror or exc}")
    for r in rejects[:10]:
        _console(stderr=True).print(f"[yellow]skipped[/yellow] {r.path}: {r.reason}")
    if not rows:
        fail(f"no usable article in {str(input)!r}", 1)
    if grouping not in ("text", "reuse"):
        fail(f"--grouping must be text or reuse, not {grouping!r}")
    notes = input_notes(rows, input)  # kept, but the user should know what was not read
    if grouping == "text":
        notes += one_outlet_note(rows)
    for note in notes:
        _console(stderr=True).print(f"[yellow]note:[/yellow] {escape(note)}")
    out = trace_rows(rows, grouping=grouping, outside=outside_mutations)
    failed = {r["story"]: r["error"] for r in out if r.get("error")}
    for why in list(failed.values())[:10]:
        _console(stderr=True).print(f"[red]error:[/red] {escape(why)}")
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    if not quiet:
        stories = len({r["story"] for r in out})
        muts = sum(len(r["mutations"]) for r in out)
        _console(stderr=True).print(f"{len(out)} articles, {stories} stories, {muts} mutations"
                                    f", {len(rejects)} lines skipped"
                                    + (f", {len(failed)} stories failed (rows with"
                                       " 'error')" if failed else ""))


ONE_OUTLET_PAGES = 100  # from this many pages, one outlet holding most of them is a wire archive


def one_outlet_note(rows: list[dict]) -> list[str]:
    """A word on the fast grouping when one outlet holds most of the input (a wire's
    archive): it reads every sentence two pages of one outlet share as that outlet's
    boilerplate (a footer, a byline), so its repeats, corrections and follow-ups are not
    grouped; ``--grouping reuse`` groups them by their reuse links. (On 12,129
    Reuters-21578 items, a correction and its original that share four sentences were
    two stories by text, one by reuse.)"""
    from collections import Counter

    from retold.evalio import article_of

    outlets = Counter(article_of(r).outlet or "" for r in rows)
    top, n = max(outlets.items(), key=lambda kv: kv[1], default=("", 0))
    if not top or len(rows) < ONE_OUTLET_PAGES or 2 * n < len(rows):
        return []
    return [f"{n} of the {len(rows)} articles are from {top}: the default grouping (text) "
            "reads sentences that pages of one outlet share as the outlet's boilerplate, so "
            f"the repeats and corrections of {top} stay apart; --grouping reuse groups them "
            "by reuse links (slower)"]


def _stored_or_traced(store, story_id: str):
    """(story, edges, mutations, articles by id): stored rows, else traced on the fly."""
    from retold.lineage import load_story
    from retold.records import Article, LineageEdge, Mutation, Story

    story = store.get(Story, id=story_id)
    if story is None:  # an article id, or its prefix as `show` takes it: show its story
        hit = store.query(Story, "article_ids LIKE ?", [f'%"{story_id}"%'], limit=1)
        if not hit and story_id and not story_id.startswith("story-"):
            article = find_article(store, story_id)  # a clear error if none or several
            hit = store.query(Story, "article_ids LIKE ?", [f'%"{article.id}"%'], limit=1)
        if not hit:
            fail(f"no story or article {story_id!r} in the store (see `retold stories`)")
        story = hit[0]
    edges = store.query(LineageEdge, "story_id = ?", [story.id])
    muts = store.query(Mutation, "story_id = ?", [story.id], order="child, parent, type, seq")
    if not edges:
        _, tr = load_story(store, story.id)
        edges, muts = tr.edges, tr.mutations
    arts = {a.id: a for a in store.query(Article, 'list_contains(?, "id")', [story.article_ids])}
    return story, edges, muts, arts


def _label(a) -> str:
    when = (a.published or "undated")[:16].replace("T", " ")
    title = (a.title or a.text[:60]).strip()
    return (f"[bold]{escape(a.outlet_name or a.outlet or '?')}[/bold] {escape(when)} "
            f"[dim]{escape(a.id)}[/dim]  {escape(title)}")


def _runner_up(e, arts, outside: str | None = None) -> str:
    """" or <outlet> 0.31" for an edge retold is unsure of (:func:`parents.runner_up`);
    a source outside the corpus by its name when the story has one (``outside``)."""
    from retold.lineage.parents import runner_up

    alt = runner_up(e.confidence, e.parent, e.evidence.get("alternatives", []))
    if alt is None:
        return ""
    a = arts.get(alt[0]) if alt[0] else None
    name = page_name(a, arts.values()) if a else (alt[0] or outside or "outside the corpus")
    return f"  [dim]or {escape(name)} {alt[1]:.2f}[/dim]"


@app.command("story")
def story_cmd(
    story_id: str = typer.Argument(..., help="Story id, or the id (or a unique id prefix) of one of its articles."),
    db: Path = typer.Option(Path(DEFAULT_DB), "--db", help=DB_OPTION_HELP),
    as_json: bool = typer.Option(False, "--json", help="Edges and mutations as JSON."),
) -> None:
    """The story's lineage as a tree, with the mutations of every hop.

    Who first said it, each article's parent with its probability (and the next likeliest
    when unsure), and what each hop changed. A wire's own "CORRECTED -", "RPT-" or
    "REFILE-" item hangs under the item it names ("declares itself CORRECTED of it")."""
    from rich.tree import Tree

    with open_store(db) as store:
        story, edges, muts, arts = _stored_or_traced(store, story_id)
    if as_json:
        print(json.dumps({"story": story.id, "edges": [e.to_dict() for e in edges],
                          "mutations": [m.to_dict() for m in muts]}, ensure_ascii=False))
        return
    main = [e for e in edges if not (e.tie and e.evidence.get("tie_with"))]
    tied: dict[str, list] = {}  # a child's candidates the text fits as well
    for e in edges:
        if e.tie:
            tied.setdefault(e.child, []).append(e)
    kids: dict[str | None, list] = {}
    for e in main:
        kids.setdefault(e.parent, []).append(e)
    by_child: dict[str, list] = {}
    for m in muts:
        by_child.setdefault(m.child, []).append(m)
    roots = kids.get(None, [])
    externals = sorted({e.external for e in roots if e.external})
    outside = externals[0] if len(externals) == 1 else None
    from retold.lineage import key_speakers

    speakers = key_speakers(roots)
    n = len(story.article_ids)
    head = f"[bold]story {escape(story.id)}[/bold] — {n} article{'s' * (n != 1)}"
    if story.label:
        head += f": {escape(story.label)}"
    tree = Tree(head)
    if speakers:
        tree.add(f"key speakers: {escape(', '.join(speakers))}")

    def _name(e) -> str:
        if e.parent is None:
            return f"{e.external or 'a source'} (outside the corpus)"
        a = arts.get(e.parent)
        return page_name(a, arts.values()) if a else e.parent

    def add(node, e) -> None:
        a = arts.get(e.child)
        tie = ""
        if e.tie:  # the text fits as well from these; the confidence tells them apart
            alts = ", ".join(f"{escape(_name(o))} {o.confidence:.2f}"
                             for o in tied.get(e.child, []) if o is not e)
            tie = f" [yellow](tie on the text{' with ' + alts if alts else ''})[/yellow]"
        said = e.evidence.get("reissue")  # "CORRECTED - <the parent's headline>"
        said = f" [cyan](declares itself {escape(said)} of it)[/cyan]" if said else ""
        branch = node.add(f"{_label(a) if a else escape(e.child)}  [dim]conf {e.confidence:.2f}[/dim]"
                          f"{said}{tie}{_runner_up(e, arts, outside)}")
        for m in by_child.get(e.child, []):
            if m.parent == (e.parent or m.parent):
                style = "dim" if m.from_outside else "magenta"  # a lead, not a finding
                branch.add(f"[{style}]{m.type}[/{style}] {escape(m.detail or '')}")
        for k in sorted(kids.get(e.child, []), key=lambda x: arts[x.child].published or "~"
                        if x.child in arts else "~"):
            add(branch, k)

    for ext in externals:
        node = tree.add(f"[cyan]external origin: {escape(ext)}[/cyan] (not in the corpus)")
        for e in roots:
            if e.external == ext:
                add(node, e)
    for e in roots:
        if not e.external:
            add(tree.add("[cyan]origin in the corpus[/cyan]"), e)
    _console().print(tree)


@app.command("trace")
def trace_cmd(
    text: str = typer.Argument(..., help="A quote or claim, as it appears (roughly) in articles."),
    db: Path = typer.Option(Path(DEFAULT_DB), "--db", help=DB_OPTION_HELP),
    min_score: float = typer.Option(85.0, "--min-score", help="Fuzzy match threshold (0-100)."),
    as_json: bool = typer.Option(False, "--json", help="Appearances, paths and changes as JSON."),
    limit: int = typer.Option(200, "--limit", min=1, help="At most this many appearances (the best-matching, the earliest always among them)."),
) -> None:
    """Every appearance of a quote or claim, the earliest, and the path to each.

    Also the origin, what each hop on the way changed in the passage, how each appearance's wording differs from the earliest's (trimmed, entity swapped, reworded, a figure stated otherwise: "2,300 -> 2,500"), and where it was lost: the retellings taken from an appearance that do not carry it, with the change that cut it and what they print instead."""
    from retold.lineage.search import (changes_on_the_way, figure_changes, find_appearances,
                                       lost_on_the_way, lost_pages, paths_to, variants)
    from retold.records import Article

    with open_store(db) as store:
        hits = find_appearances(store, text, min_score)
        if not hits:
            fail(f"no article carries {text!r} (score >= {min_score})", 1)
        found, every = len(hits), {h["id"] for h in hits}
        if found > limit:  # "the company said" is in 2,841 Reuters items: 34 s of paths
            hits = _best_with_earliest(hits, limit)
        paths = paths_to(store, hits)
        changes = changes_on_the_way(store, hits, paths)
        figures = figure_changes(hits)
        differs = variants(hits, figures)
        lost = lost_on_the_way(store, hits, carrying=every)  # one not shown still carries it
        ids = sorted({n for p in paths.values() for n in p["path"] if not n.startswith("external:")}
                     | lost_pages(lost))
        names = page_names(store.query_in(Article, "id", ids))  # "Reuters 09:00 → Reuters 10:30"
    if as_json:
        out = {"query": text, "appearances": hits, "paths": paths, "changes": changes,
               "variants": differs, "figures": figures, "lost": lost}
        if found > len(hits):
            out["truncated"] = found
        print(json.dumps(out, ensure_ascii=False))
        return

    def name(node: str) -> str:
        return (f"{node.removeprefix('external:')} (outside the corpus)"
                if node.startswith("external:") else names.get(node, node))
    con = _console()
    earliest = _earliest(hits)
    shown = f" (the {len(hits)} best shown; raise --limit)" if found > len(hits) else ""
    con.print(f"[bold]{found}[/bold] appearances{shown}; earliest: "
              f"{escape(earliest['outlet'] or '?')} {escape(earliest['published'] or 'undated')} "
              f"[dim]{escape(earliest['id'])}[/dim]")
    for h in hits:
        p = paths.get(h["id"], {})
        chain = " → ".join(name(n) for n in p.get("path", [])) or "(no lineage stored)"
        passage = h["passage"] if len(h["passage"]) <= 160 else h["passage"][:159] + "…"
        con.print(f"- {escape(h['outlet'] or '?')} {escape(h['published'] or 'undated')} "
                  f"[dim]{escape(h['id'])}[/dim] score {h['score']:.0f}: {escape(passage)}")
        con.print(f"    origin: [cyan]{escape(name(p['origin'])) if p.get('origin') else '?'}"
                  f"[/cyan]  path: {escape(chain)}")
        if h["id"] in differs:
            fig = f" ({escape(figures[h['id']])})" if h["id"] in figures else ""
            con.print(f"    [yellow]{differs[h['id']].replace('_', ' ')}[/yellow]{fig} against the "
                      f"earliest appearance")
        for c in changes.get(h["id"], []):
            times = f" (×{c['count']})" if c["count"] > 1 else ""
            con.print(f"    [magenta]{c['type']}[/magenta] at {escape(name(c['at']))}: "
                      f"{escape(c['detail'] or '')}{times}")
    _print_lost(con, lost, name)


def _print_lost(con, lost: list[dict], name) -> None:
    """Where the passage stops: the retellings of an appearance that do not carry it."""
    if lost:
        con.print("[bold]Lost on the way[/bold] (taken from an appearance, not carrying it):")
    for x in lost:
        con.print(f"- {escape(name(x['at']))} [dim]{escape(x['at'])}[/dim], from "
                  f"{escape(name(x['from']))}")
        for c in x["changes"]:
            now = f"; now: {escape(_short(c['now']))}" if c["now"] else ""
            among = " [dim](a cut wider than the passage, which is among it)[/dim]" if c["wider"] else ""
            con.print(f"    [magenta]{c['type']}[/magenta] {escape(c['detail'] or '')}{now}{among}")
        if not x["changes"]:
            con.print("    [dim]no typed change on this hop touches the passage[/dim]")
        if x["later"]:
            n = len(x["later"])
            whom = "does the retelling" if n == 1 else f"do the {n} retellings"
            con.print(f"    nor {whom} taken from it: "
                      f"{escape(', '.join(name(n) for n in x['later']))}")


def _short(text: str, most: int = 160) -> str:
    return text if len(text) <= most else text[:most - 1] + "…"


def _earliest(hits: list[dict]) -> dict:
    """The earliest dated appearance, else the first."""
    dated = [h for h in hits if h["published"]]
    return min(dated, key=lambda h: h["published"]) if dated else hits[0]


def _best_with_earliest(hits: list[dict], limit: int) -> list[dict]:
    """The ``limit`` best-scoring appearances, the earliest dated one always among them,
    in the order they came (time order)."""
    first = _earliest(hits)
    best = [h for h in sorted(hits, key=lambda h: -h["score"]) if h is not first]
    keep = {id(first)} | {id(h) for h in best[:limit - 1]}
    return [h for h in hits if id(h) in keep]


@app.command("diff")
def diff_cmd(
    a: str = typer.Argument(..., help="Parent article id."),
    b: str = typer.Argument(..., help="Child article id."),
    db: Path = typer.Option(Path(DEFAULT_DB), "--db", help=DB_OPTION_HELP),
    as_json: bool = typer.Option(False, "--json", help="Pairs and mutations as JSON."),
) -> None:
    """Two articles side by side, with the typed mutations from A to B.

    Shared passages are paired, their changed words marked."""
    from rich.table import Table

    from retold.mutations import diff as mdiff
    from retold.mutations import match_units, split_units

    with open_store(db) as store:
        pa, pb = find_article(store, a, code=2), find_article(store, b, code=2)
    a, b = pa.id, pb.id
    ua, ub = split_units(pa.text), split_units(pb.text)
    m = match_units(ua, ub)
    muts = mdiff(pa, pb, parent_units=ua, child_units=ub, match=m)
    if as_json:
        print(json.dumps({"pairs": [[ua[p].span, ub[c].span, round(s, 3)] for p, c, s, _ in m.pairs],
                          "mutations": [x.to_dict() for x in muts],
                          "bounded": list(m.bounded) if m.bounded else None}, ensure_ascii=False))
        return
    t = Table(title=f"{_plain(pa)}  →  {_plain(pb)}", show_lines=True)
    t.add_column(escape(a), ratio=1)
    t.add_column("sim", justify="right")
    t.add_column(escape(b), ratio=1)
    rows = [(p, c, s) for p, c, s, _ in m.pairs] + [(p, None, 0.0) for p in m.parent_only] + [
        (None, c, 0.0) for c in m.child_only]
    rows.sort(key=lambda r: (r[1] if r[1] is not None else (r[0] or 0) - 0.5))
    con = _console()
    plain_output = con.no_color or not con.is_terminal  # styles alone vanish in a pipe
    for p, c, s in rows:
        # a pair's score reads a cut quotation as the same passage (1.00): the words show it
        changed = p is not None and c is not None and ua[p].text.split() != ub[c].text.split()
        style = ("yellow" if changed else "green") if p is not None and c is not None else "red"
        left = escape(ua[p].text) if p is not None else ""
        right = escape(ub[c].text) if c is not None else ""
        if changed:
            left, right = _word_diff(ua[p].text, ub[c].text, marks=plain_output)
        t.add_row(left, f"[{style}]{s:.2f}[/{style}]", right)
    con.print(t)
    for x in muts:
        con.print(f"[magenta]{x.type}[/magenta] {escape(x.detail or '')}")
    if m.bounded:
        con.print(f"[yellow]note:[/yellow] the passages left unpaired ({m.bounded[0]:,} x "
                  f"{m.bounded[1]:,} characters) are too long to align inside one another; "
                  "they were compared whole only")


def _word_diff(a: str, b: str, marks: bool = False) -> tuple[str, str]:
    """Rich markup for two versions of a passage: words only the parent has struck out in
    red, words only the child has in bold green ("IS" → "Daesh" inside the quotation).
    ``marks``: also write them as wdiff does, ``[-IS-]`` and ``{+Daesh+}``, for output
    without colour (a pipe, a file), where the styles alone vanish."""
    wa, wb = a.split(" "), b.split(" ")
    left, right = [], []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        old, new = escape(" ".join(wa[i1:i2])), escape(" ".join(wb[j1:j2]))
        if op == "equal":
            left.append(old)
            right.append(new)
            continue
        if marks:
            old = escape("[-" + " ".join(wa[i1:i2]) + "-]") if i2 > i1 else ""
            new = escape("{+" + " ".join(wb[j1:j2]) + "+}") if j2 > j1 else ""
        if old:
            left.append(f"[red strike]{old}[/red strike]")
        if new:
            right.append(f"[bold green]{new}[/bold green]")
    return " ".join(left), " ".join(right)


def _plain(a) -> str:
    return escape(f"{a.outlet_name or a.outlet or '?'} {(a.published or 'undated')[:10]} "
                  f"“{(a.title or '')[:50]}”")
