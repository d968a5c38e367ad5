"""The table `make bench` ends with: every row of issue 17's table, in its order, then the other reports."""

from __future__ import annotations

from tests.benchmarks.conftest import ISSUE_ROWS, Row, ordered_rows, table


def _row(name: str, met: bool | None = True) -> Row:
    return Row(name, "1 ms", "", None, "", met)


def test_every_issue_row_is_in_the_table_in_order_with_the_other_reports_after():
    reported = [
        _row("scenario re-evaluation, 1,000 scenarios"),
        _row("employer-category look-up"),
        _row("gate + 1 log row (postgresql)"),
        _row("dmfa import memory"),
        _row("dmfa import"),
    ]
    rows = ordered_rows(reported)
    names = [row.name for row in rows]
    assert names[0] == "gate + 1 log row (postgresql)"
    assert names[2:4] == ["dmfa import memory", "dmfa import"]  # both under the issue's DmfA row, as they ran
    assert names[-1] == "scenario re-evaluation, 1,000 scenarios"
    assert len(rows) == len(ISSUE_ROWS) - 3 + len(reported)
    not_run = [row for row in rows if row.figure == "not run in this session"]
    assert [row.name for row in not_run] == [
        "verify",
        "catalogue page, a new filter combination each request",
        "catalogue page, the same URL (cached)",
        "calculator result over HTTP (page), 50 hires",
        "calculator result over HTTP (page), 10 hires",
        "KBO full extract import",
    ]
    assert all(row.target and row.met is None for row in not_run)


def test_the_table_is_markdown_with_a_line_per_row_and_escaped_cells():
    lines = table([Row("a | b", "2 ms", "", 0.5, "< 1 ms", False)])
    assert lines[0].startswith("| benchmark | figure |")
    assert lines[2] == "| a \\| b | 2 ms | — | 0.5 | < 1 ms | **no** |"
