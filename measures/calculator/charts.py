"""Server-rendered SVG bar chart of the benefit per quarter (no script, no library); pages put a table beside it."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

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
    """An amount as the page shows it: grouped digits in the active locale, two decimals, then EUR."""
    return f"{number_format(amount, 2, force_grouping=True)} EUR"


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

    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="1"/>'
        '<text x="{}" y="{}" text-anchor="end" font-size="11" fill="{}">{}</text>',
        (
            (
                LEFT,
                width - RIGHT,
                f"{y(level):.1f}",
                f"{y(level):.1f}",
                GRID,
                LEFT - 6,
                f"{y(level) + 4:.1f}",
                INK,
                eur(level),
            )
            for level in (Decimal(0), ceiling / 2, ceiling)
        ),
    )
    label_every = 1 if count <= 12 else 4
    bars = []
    for index, (period, amount) in enumerate(points):
        x = LEFT + index * slot + (slot - bar) / 2
        top = y(amount)
        bars.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>',
                f"{x:.1f}",
                f"{top:.1f}",
                bar,
                f"{TOP + plot - top:.1f}",
                BAR_FILL,
                period,
                eur(amount),
            )
        )
        if index % label_every == 0:
            bars.append(
                format_html(
                    '<text x="{}" y="{}" font-size="10" fill="{}" text-anchor="end" '
                    'transform="rotate(-45 {} {})">{}</text>',
                    f"{x + bar / 2:.1f}",
                    HEIGHT - BOTTOM + 14,
                    INK,
                    f"{x + bar / 2:.1f}",
                    HEIGHT - BOTTOM + 14,
                    period,
                )
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
    axis = format_html(
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="1.5"/>',
        LEFT,
        width - RIGHT,
        TOP + plot,
        TOP + plot,
        AXIS,
    )
    return format_html(
        '<svg class="benefit-chart" id="{id}" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg"{table}>'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{grid}{bars}{axis}</svg>',
        id=chart_id,
        w=width,
        h=HEIGHT,
        table=format_html(' aria-details="{}"', table_id) if table_id else "",
        title=title,
        desc=description,
        grid=grid,
        bars=mark_safe("".join(bars)),  # noqa: S308 - each piece was built with format_html
        axis=axis,
    )
