"""The result of each hire on the calculator's pages, written in Python with the very markup of the template it
replaces (``tests/measures/calculator/reference/_result.html`` keeps that template; a test compares the two byte for
byte, in every language).

A result of 50 hires is about 50 sections of tables, explanations and charts: through the template engine (a lookup
and a filter call per value, a template per translation) that was most of the page's time. The words of the page are
translated once per page (``HireWords``), every value is escaped as the template engine escapes it, and amounts are
written by the same filter (``foundation.formatting.money``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from foundation import formatting
from foundation.markup import escaped

DASH = "–"


def _date(value, format_name: str) -> str:
    """``{{ value|date:format_name }}`` (escaped)."""
    if value in (None, ""):
        return ""
    return escaped(date_format(value, format_name))


@dataclass
class HireWords:
    """The words every hire's section repeats, translated once per page, and the amounts and links already written
    on it."""

    amounts: dict[tuple[type, str], str] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)

    @cached_property
    def fixed(self) -> Mapping[str, str]:
        words = {
            "applies": "Measures that apply",
            "no_end": "(no end date: shown over the chosen horizon only)",
            "assumption": "(a figure used is an assumption, see the measure's page)",
            "quarters": "Quarters",
            "rules_valid": "Rules valid",
            "variant": "Variant",
            "values_used": "Values used",
            "source": "Source",
            "quarter": "Quarter",
            "total": "Total",
            "none_applies": "No measure applies to this hire.",
            "decisions": "Cumulation decisions",
        }
        # A literal of ``{% translate %}`` is safe text: its translation is written as it is, never escaped.
        return {key: gettext(message) for key, message in words.items()}

    def money(self, amount) -> str:
        """``{{ amount|money }}``: the same amounts come back in every table of the page."""
        key = (type(amount), str(amount))  # 0.00 and -0.00 are equal, and written differently
        if key not in self.amounts:
            self.amounts[key] = escaped(formatting.money(amount, 2))
        return self.amounts[key]

    def detail_url(self, url: str, code: str) -> str:
        """``{% if url %}{{ url }}{% else %}{% url 'measures:detail' code %}{% endif %}``."""
        if url:
            return escaped(url)
        if code not in self.links:
            self.links[code] = escaped(reverse("measures:detail", args=[code]))
        return self.links[code]


def _trace_row(row, words: HireWords) -> str:
    trace = row.item
    if trace.version_until:
        rules = gettext("%(start)s to %(end)s") % {
            "start": _date(trace.version_from, "SHORT_DATE_FORMAT"),
            "end": _date(trace.version_until, "SHORT_DATE_FORMAT"),
        }
    else:
        rules = gettext("from %(start)s") % {"start": _date(trace.version_from, "SHORT_DATE_FORMAT")}
    values = "; ".join(f"{escaped(name)}: {escaped(value)}" for name, value in row.values) or DASH
    if trace.source_url:
        source = (
            f'<a href="{escaped(trace.source_url)}" rel="noopener noreferrer">'
            f"{escaped(trace.source_title or trace.source_url)}</a>"
        )
    else:
        source = escaped(trace.source_title or DASH)
    return (
        "\n                        <tr>\n"
        f'                          <th scope="row">{escaped(row.quarters)}</th>\n'
        f"                          <td>{rules}</td>\n"
        f"                          <td>{escaped(trace.variant or DASH)}</td>\n"
        f"                          <td>{values}</td>\n"
        f"                          <td>{source}</td>\n"
        "                        </tr>\n"
        "                      "
    )


def _measure_entry(measure, trace_rows: Sequence, words: HireWords) -> str:
    fixed = words.fixed
    name = escaped(measure.name)
    unlimited = f'<span class="meta">{fixed["no_end"]}</span>' if measure.unlimited else ""
    assumption = f'<span class="meta">{fixed["assumption"]}</span>' if measure.assumption else ""
    parts = [
        "\n"
        f'            <li class="calc-measure" data-code="{escaped(measure.code)}">\n'
        f'              <p><a href="{words.detail_url(measure.url, measure.code)}" '
        f'class="calc-measure-name">{name}</a>: '
        f"<strong>{words.money(measure.total)}</strong>\n"
        f"                {unlimited}\n"
        f"                {assumption}</p>\n"
        f"              <p>{escaped(measure.explanation)}</p>\n"
        "              "
    ]
    if measure.trace:
        parts.append(
            "\n"
            "                <details>\n"
            f"                  <summary>{gettext('How %(name)s was calculated') % {'name': name}}</summary>\n"
            f'                  <div class="calc-table-scroll" role="region" aria-label="'
            f'{gettext("Trace of %(name)s") % {"name": name}}" tabindex="0">\n'
            '                  <table class="calc-table calc-trace">\n'
            '                    <caption class="visually-hidden">'
            f"{gettext('Rule versions and values used for %(name)s') % {'name': name}}</caption>\n"
            f'                    <thead><tr><th scope="col">{fixed["quarters"]}</th><th scope="col">'
            f'{fixed["rules_valid"]}</th><th scope="col">{fixed["variant"]}</th><th scope="col">'
            f'{fixed["values_used"]}</th><th scope="col">{fixed["source"]}</th></tr></thead>\n'
            "                    <tbody>\n"
            "                      "
        )
        parts.extend(_trace_row(row, words) for row in trace_rows)
        parts.append(
            "\n"
            "                    </tbody>\n"
            "                  </table>\n"
            "                  </div>\n"
            "                </details>\n"
            "              "
        )
    parts.append("\n            </li>\n          ")
    return "".join(parts)


def _amount_rows(item: Mapping, words: HireWords) -> str:
    colspan = len(item["measures"]) + 1
    parts = []
    for row in item["rows"]:
        if getattr(row, "empty", False):
            text = ngettext("no benefit in this quarter", "no benefit in these %(counter)s quarters", row.count) % {
                "counter": escaped(row.count)
            }
            parts.append(
                "\n                  \n"
                f'                    <tr class="calc-empty-quarters"><th scope="row">{escaped(row.quarters)}</th>'
                f'<td colspan="{colspan}">{text}</td></tr>\n'
                "                  \n                "
            )
        else:
            period, amounts, total = row[0], row[1], row[2]
            cells = "".join(f'<td class="num">{words.money(amount)}</td>' for amount in amounts)
            parts.append(
                "\n                  \n"
                f'                    <tr><th scope="row">{escaped(period)}</th>{cells}'
                f'<td class="num">{words.money(total)}</td></tr>\n'
                "                  \n                "
            )
    return "".join(parts)


def hire_section(item: Mapping, words: HireWords) -> str:
    """One hire's section: what ``{% with hire=item.result number=item.number %}…{% endwith %}`` wrote."""
    fixed = words.fixed
    hire = item["result"]
    number = escaped(item["number"])
    label = escaped(hire.label)
    periods = hire.periods
    start = gettext("Start %(start)s; quarters %(first)s to %(last)s.") % {
        "start": _date(hire.hire.start_date, "DATE_FORMAT"),
        "first": escaped(periods[0]) if periods else "",
        "last": escaped(periods[-1]) if periods else "",
    }
    parts = [
        "\n"
        f'    <section class="calc-hire-result" aria-labelledby="hire-result-{number}">\n'
        f'      <h3 id="hire-result-{number}">{label}: {words.money(hire.total)}</h3>\n'
        f'      <p class="meta">{start}</p>\n'
        "      "
    ]
    if item["measures"]:
        parts.append(f'\n        <h4>{fixed["applies"]}</h4>\n        <ol class="calc-measures">\n          ')
        parts.extend(_measure_entry(measure, trace_rows, words) for measure, trace_rows in item["entries"])
        heads = "".join(f'<th scope="col" class="num">{escaped(measure.name)}</th>' for measure in item["measures"])
        totals = "".join(f'<td class="num">{words.money(measure.total)}</td>' for measure in item["measures"])
        figcaption = gettext("Benefit per quarter for %(label)s (the table gives the same figures).") % {"label": label}
        caption = gettext("Amount per quarter and measure for %(label)s") % {"label": label}
        parts.append(
            "\n"
            "        </ol>\n"
            '        <div class="calc-chart calc-chart-stacked">\n'
            "          <figure>\n"
            '            <div class="chart-scroll" tabindex="0" role="region" '
            f'aria-labelledby="chart-hire-{number}-title">'
            f"{escaped(item['chart'])}</div>\n"
            f"            <figcaption>{figcaption}</figcaption>\n"
            "          </figure>\n"
            f'          <div class="calc-table-scroll" role="region" aria-labelledby="table-hire-{number}-caption" '
            'tabindex="0">\n'
            f'            <table class="calc-table" id="table-hire-{number}">\n'
            f'              <caption id="table-hire-{number}-caption">{caption}</caption>\n'
            f'              <thead><tr><th scope="col">{fixed["quarter"]}</th>{heads}<th scope="col" class="num">'
            f"{fixed['total']}</th></tr></thead>\n"
            "              <tbody>\n"
            "                "
            f"{_amount_rows(item, words)}\n"
            "              </tbody>\n"
            f'              <tfoot><tr><th scope="row">{fixed["total"]}</th>{totals}<td class="num">'
            f"{words.money(hire.total)}</td></tr></tfoot>\n"
            "            </table>\n"
            "          </div>\n"
            "        </div>\n"
            "      "
        )
    else:
        parts.append(f"\n        <p>{fixed['none_applies']}</p>\n      ")
    parts.append("\n\n      ")
    if item["decisions"]:
        decisions = "".join(
            f"<li>{f'<strong>{escaped(quarters)}</strong>: ' if quarters else ''}{escaped(text)}</li>"
            for quarters, text in item["decisions"]
        )
        parts.append(
            "\n"
            f"        <h4>{fixed['decisions']}</h4>\n"
            '        <ul class="calc-decisions">\n'
            f"          {decisions}\n"
            "        </ul>\n"
            "      "
        )
    parts.append("\n\n      ")
    excluded = hire.not_applicable
    if excluded:
        summary = ngettext(
            "%(counter)s measure does not apply, and why", "%(counter)s measures do not apply, and why", len(excluded)
        ) % {"counter": escaped(len(excluded))}
        rows = "".join(
            "\n"
            f'              <li><a href="{words.detail_url(other.url, other.code)}">{escaped(other.name)}</a>: '
            f"{'; '.join(escaped(reason) for reason in other.reasons)}</li>\n"
            "            "
            for other in excluded
        )
        parts.append(
            "\n"
            '        <details class="calc-not-applicable">\n'
            f"          <summary>{summary}</summary>\n"
            "          <ul>\n"
            f"            {rows}\n"
            "          </ul>\n"
            "        </details>\n"
            "      "
        )
    parts.append("\n    </section>\n    ")
    return "".join(parts)


def hire_sections(items: Iterable[Mapping]) -> SafeString:
    """Every hire's section, as the template's loop over ``hire_results`` wrote them."""
    words = HireWords()
    return mark_safe(  # noqa: S308 - every value above is escaped, every piece of markup is ours
        "".join(f"\n    {hire_section(item, words)}\n  " for item in items)
    )
