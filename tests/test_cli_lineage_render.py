"""The commands' terminal output: `retold diff` marks the words that changed inside a
reworded passage; `story`, `trace`, `diff`, `statements`, `articles` and `stories` print
article text, titles and outlets as text (brackets in them are not rich markup, and
"[/]" does not crash)."""
from __future__ import annotations

from rich.console import Console
from rich.style import Style
from rich.text import Text

from retold.cli.lineage import _word_diff
from story_helpers import ingest_rows


def _styled(markup: str, style: str) -> list[str]:
    """The plain text of each span of rendered markup in ``style``."""
    t = Text.from_markup(markup)
    want = Style.parse(style)
    return [t.plain[sp.start:sp.end] for sp in t.spans if Style.parse(str(sp.style)) == want]


def test_the_swapped_words_are_marked_on_each_side():
    left, right = _word_diff("“IS saw the army as a partner,” said Omer, a former technician.",
                             "“Daesh saw the army as a partner,” said Omer, an IS fighter.")
    assert Text.from_markup(left).plain == "“IS saw the army as a partner,” said Omer, a former technician."
    assert _styled(left, "red strike") == ["“IS", "a former technician."]
    assert _styled(right, "bold green") == ["“Daesh", "an IS fighter."]
    assert Text.from_markup(right).plain == "“Daesh saw the army as a partner,” said Omer, an IS fighter."


def test_brackets_in_article_text_stay_text():
    left, right = _word_diff("He said [bold]nothing[/bold] at all.", "He said [red]nothing[/red].")
    console = Console(record=True, width=200)
    console.print(left)
    console.print(right)
    out = console.export_text()
    assert "[bold]nothing[/bold]" in out and "[red]nothing[/red]." in out


def test_retold_diff_prints_bracketed_text_as_it_is(tmp_path):
    from typer.testing import CliRunner

    from retold.cli import _register, app
    from retold.records import Article
    from retold.store import Store

    _register()
    db = tmp_path / "d.duckdb"
    same = "The ministry said [bold]nothing[/bold] about the convoys on Monday evening."
    with Store(db) as store:
        store.upsert([Article(id="pa", text=same + "\n\nThe border stayed open all week, officials said."),
                      Article(id="ch", text=same + "\n\nThe border stayed shut all week, officials said.")])
    res = CliRunner().invoke(app, ["diff", "pa", "ch", "--db", str(db)], terminal_width=220)
    assert res.exit_code == 0, res.output
    assert "[bold]nothing[/bold]" in res.output
    # piped (no terminal): the changed words keep wdiff's marks, not colour alone
    assert "[-open-]" in res.output and "{+shut+}" in res.output


def test_marks_for_plain_output_are_text_not_markup():
    left, right = _word_diff("He said [b] nothing.", "He said [/] nothing.", marks=True)
    assert Text.from_markup(left).plain == "He said [-[b]-] nothing."
    assert Text.from_markup(right).plain == "He said {+[/]+} nothing."


def test_story_trace_and_diff_print_hostile_brackets_as_text(tmp_path):
    from retold.cli import app
    from retold.records import Article, LineageEdge
    from retold.store import Store

    quote = "“We crossed [/] at night, every night of the week,” Omer told Newsweek."
    arts = [{"id": f"h{i}", "title": f"[/] Breaking [bold]news[/bold] {i}",
             "outlet": "[red]evil.example" if i == 1 else "copy.example",
             "published": f"2024-01-01T1{i}:00:00Z",
             "text": quote + f"\n\nThe convoy [bold]left[/bold] Raqqa in month {i} with forty "
                             "trucks and their drivers, a border official said."}
            for i in (1, 2)]
    db, runner = ingest_rows(tmp_path, arts, "hostile")
    with Store(db, read_only=True) as store:
        ids = [a.id for a in sorted(store.query(Article), key=lambda a: a.published)]
        story = store.query(LineageEdge)[0].story_id
    for args in (["story", story], ["trace", "We crossed at night, every night of the week"],
                 ["diff", ids[0], ids[1]], ["statements"], ["articles"],
                 ["stories", "--min-size", "1"]):
        res = runner.invoke(app, [*args, "--db", str(db)], terminal_width=240)
        assert res.exit_code == 0, (args, res.output)
        assert "[/]" in res.output, args
    assert "[red]evil.example" in runner.invoke(app, ["story", story, "--db", str(db)],
                                                terminal_width=240).output


def test_error_messages_print_a_hostile_claim_or_path_as_text(tmp_path):
    from typer.testing import CliRunner

    from retold.cli import _register, app

    _register()
    runner = CliRunner()
    db = tmp_path / "s.duckdb"
    src = tmp_path / "a.jsonl"
    src.write_text('{"id": "a", "text": "Prices rose again on Monday, traders said."}\n')
    assert runner.invoke(app, ["ingest", str(src), "--db", str(db), "--quiet"]).exit_code == 0
    for args, code in ((["trace", "[/] [bold]nowhere"], 1), (["show", "[/]nope"], 1),
                       (["export", "--format", "[/]x", "--output", str(tmp_path / "o")], 2)):
        res = runner.invoke(app, [*args, "--db", str(db)], terminal_width=240)
        assert res.exit_code == code, (args, res.output)
        assert "error:" in res.output and "[/]" in res.output, (args, res.output)
    res = runner.invoke(app, ["lineage", "--input", str(tmp_path / "[bold]none.jsonl")])
    assert res.exit_code == 2 and "[bold]none.jsonl" in res.output


def test_story_names_the_candidate_a_tie_is_with(tmp_path):
    """"(tie)" alone left the reader to guess with whom, beside a confidence of 0.69."""
    from typer.testing import CliRunner

    from retold.cli import _register, app
    from retold.store import Store
    from retold.web.demo import CHAIN_STORY, write_chain

    _register()
    db = tmp_path / "chain.duckdb"
    with Store(db) as store:
        write_chain(store)
    res = CliRunner().invoke(app, ["story", CHAIN_STORY, "--db", str(db)], terminal_width=240)
    assert res.exit_code == 0, res.output
    lines = " ".join(res.output.split())
    assert "(tie on the text with Outlet B 0.50)" in lines
    assert "(tie on the text with Outlet A 0.50)" in lines


def test_trace_paths_name_the_pages_of_one_wire_apart(tmp_path):
    """`retold trace` over a wire's archive printed "path: Reuters → Reuters": a page of
    an outlet shown twice is named with its time (outlets.page_names)."""
    from typer.testing import CliRunner

    from retold.cli import _register, app
    from retold.store import Store
    from story_helpers import write_wire_story

    _register()
    db = tmp_path / "wire.duckdb"
    with Store(db) as store:
        write_wire_story(store)
    res = CliRunner().invoke(app, ["trace", "Bank of England raised its main interest rate",
                                   "--db", str(db)], terminal_width=240)
    assert res.exit_code == 0, res.output
    printed = " ".join(res.output.split())  # the console wraps long lines
    assert "path: Reuters 1987-03-11 09:00 → Reuters 1987-03-11 10:30 → The Herald" in printed
