"""Server-rendered SVG bar chart of the benefit per quarter (no script, no library); pages put a table beside it."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from foundation.markup import escaped

HEIGHT = 220
TOP, BOTTOM, LEFT, RIGHT = 16, 44, 84, 12
SLOT = 30  # least horizontal room per bar
MAX_SLOT = 72
WIDE = 560  # the room the bars share when there are few of them
BAR_FILL = "#1d3a6e"
AXIS = "#4a4a4a"
GRID = "#b8c0cc"
INK = "#1a1a1a"


def eur(amount: Decimal) -> str:
    """An amount as the page shows it: grouped digits in the active locale, two decimals, then EUR (a Decimal is
    written once per language and value: a page of 50 charts repeats the same amounts)."""
    if type(amount) is Decimal:
        return _eur(get_language(), str(amount))
    return f"{number_format(amount, 2, force_grouping=True)} EUR"


@lru_cache(maxsize=4096)
def _eur(language: str | None, text: str) -> str:
    # Decimal(str(d)) is d, digit for digit and sign included ("-0.00" stays negative zero).
    return f"{number_format(Decimal(text), 2, force_grouping=True)} EUR"


def _nice_ceiling(value: Decimal) -> Decimal:
    """A round number at least ``value`` (1, 2 or 5 times a power of ten), so the axis reads easily."""
    if value <= 0:
        return Decimal(1)
    power = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def benefit_chart(points: Sequence[tuple[object, Decimal]], *, chart_id: str, title: str, table_id: str = "") -> str:
    """A bar per period (``points``: (period, amount)), as an ``<svg role="img">`` with a <title> and <desc>.

    The figures are in the description too, for readers that do not reach the table (``table_id`` names it).
    """
    count = max(len(points), 1)
    slot = max(SLOT, min(MAX_SLOT, WIDE // count))  # a few quarters get wider bars, many keep their minimum
    bar = round(slot * 0.66)
    width = LEFT + count * slot + RIGHT
    plot = HEIGHT - TOP - BOTTOM
    highest = max((amount for _period, amount in points), default=Decimal(0))
    ceiling = _nice_ceiling(highest)

    def y(amount: Decimal) -> Decimal:
        return TOP + plot - (plot * amount / ceiling)

    grid = "".join(
        f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{y(level):.1f}" y2="{y(level):.1f}" stroke="{GRID}" '
        f'stroke-width="1"/><text x="{LEFT - 6}" y="{y(level) + 4:.1f}" text-anchor="end" font-size="11" '
        f'fill="{INK}">{escaped(eur(level))}</text>'
        for level in (Decimal(0), ceiling / 2, ceiling)
    )
    label_every = 1 if count <= 12 else 4
    bars = []
    for index, (period, amount) in enumerate(points):
        x = LEFT + index * slot + (slot - bar) / 2
        top = y(amount)
        shown = escaped(period)
        bars.append(
            f'<rect x="{x:.1f}" y="{top:.1f}" width="{bar}" height="{TOP + plot - top:.1f}" fill="{BAR_FILL}">'
            f"<title>{shown}: {escaped(eur(amount))}</title></rect>"
        )
        if index % label_every == 0:
            middle = f"{x + bar / 2:.1f}"
            bars.append(
                f'<text x="{middle}" y="{HEIGHT - BOTTOM + 14}" font-size="10" fill="{INK}" text-anchor="end" '
                f'transform="rotate(-45 {middle} {HEIGHT - BOTTOM + 14})">{shown}</text>'
            )
    if points:
        first, last = points[0][0], points[-1][0]
        peak_period, peak = max(points, key=lambda point: point[1])
        description = _(
            "Bars from %(first)s to %(last)s; the highest is %(peak)s in %(period)s. The figures are in the table "
            "next to the chart."
        ) % {"first": first, "last": last, "peak": eur(peak), "period": peak_period}
    else:
        description = _("No period to show.")
    if highest <= 0 and points:
        description = _("No benefit in any of these periods.")
    axis = (
        f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{TOP + plot}" y2="{TOP + plot}" stroke="{AXIS}" '
        'stroke-width="1.5"/>'
    )
    name = escaped(chart_id)
    table = f' aria-details="{escaped(table_id)}"' if table_id else ""
    return mark_safe(  # noqa: S308 - every value is escaped, the markup is ours
        f'<svg class="benefit-chart" id="{name}" role="img" aria-labelledby="{name}-title {name}-desc" '
        f'viewBox="0 0 {width} {HEIGHT}" width="{width}" height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg"{table}>'
        f'<title id="{name}-title">{escaped(title)}</title><desc id="{name}-desc">{escaped(description)}</desc>'
        f"{grid}{''.join(bars)}{axis}</svg>"
    )
