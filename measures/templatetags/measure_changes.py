"""``{% measure_changes measure %}``: a measure's own change log on its page (issue 18)."""

from django import template

from measures.changes.views import rows
from measures.models import MeasureChange

register = template.Library()

SHOWN = 20


@register.inclusion_tag("measures/changes/_measure_changes.html")
def measure_changes(measure):
    changes = list(MeasureChange.objects.filter(measure=measure).select_related("measure")[: SHOWN + 1])
    return {"measure": measure, "rows": rows(changes[:SHOWN]), "more": len(changes) > SHOWN}
