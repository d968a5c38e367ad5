"""The public change log: ``/<lang>/measures/changes/`` (filterable, paginated) and its Atom feed per language."""

from __future__ import annotations

from django import forms
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from measures import constants
from measures.changes import describe
from measures.forms import page_number
from measures.models import Measure, MeasureChange

PAGE_SIZE = 25
FEED_SIZE = 50
TAG_AUTHORITY = "front-office-tewerkstelling.be"


class ChangeFilterForm(forms.Form):
    level = forms.ChoiceField(
        label=gettext_lazy("Level"), required=False, choices=[("", "—"), *constants.Level.choices]
    )
    region = forms.ChoiceField(
        label=gettext_lazy("Region"), required=False, choices=[("", "—"), *constants.Region.choices]
    )
    measure = forms.SlugField(label=gettext_lazy("Measure (code)"), required=False, max_length=60)

    def filter(self, queryset):
        """The entries matching the valid filters; an invalid filter is ignored (and shown as such by the page)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("level"):
            queryset = queryset.filter(measure__level=data["level"])
        if data.get("region"):
            queryset = queryset.filter(measure__region=data["region"])
        if data.get("measure"):
            queryset = queryset.filter(measure__code=data["measure"])
        return queryset


def published_changes():
    """Entries of published measures, newest first, with the measure read in the same query."""
    shown = Q(measure__is_published=True) | Q(measure__isnull=True)  # a shared parameter belongs to no measure
    return MeasureChange.objects.filter(shown).select_related("measure")


def rows(changes) -> list[dict]:
    return [
        {
            "change": change,
            "headline": describe.headline(change),
            "old": describe.old_text(change),
            "new": describe.new_text(change),
            "shows_values": change.kind not in (MeasureChange.Kind.ADDED, MeasureChange.Kind.NEW_VERSION),
            "source_read": describe.value_text("valid_from", (change.source or {}).get("read")),
        }
        for change in changes
    ]


@require_GET
def change_log(request):
    form = ChangeFilterForm(request.GET)
    changes = form.filter(published_changes())
    number = page_number(request.GET.get("page"))
    page = Paginator(changes, PAGE_SIZE).get_page(number or 1)
    measure = None
    if form.is_valid() and form.cleaned_data.get("measure"):
        measure = Measure.objects.published().filter(code=form.cleaned_data["measure"]).first()
    return render(
        request,
        "measures/changes/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows(page.object_list),
            "measure": measure,
            "invalid": bool(form.errors) or number is None,
        },
    )


class ChangeFeed(Feed):
    """The change log as Atom, in the language of the URL (``/<lang>/measures/changes.atom``)."""

    feed_type = Atom1Feed
    author_name = "Front Office Tewerkstelling"

    def title(self):
        return _("Employment measures: change log")

    def subtitle(self):
        return _("Every published change to a measure of the catalogue, with its source.")

    def link(self):
        return reverse("measures:changes")

    def feed_url(self):
        return reverse("measures:changes-feed")

    def get_object(self, request, *args, **kwargs):
        # The page's filters apply to the feed too (``?measure=fed-first-hires``, ``?region=WAL``).
        return ChangeFilterForm(request.GET)

    def items(self, form):
        return form.filter(published_changes())[:FEED_SIZE]

    def item_title(self, item):
        if item.measure is None:
            return describe.headline(item)
        return f"{item.measure.name}: {describe.headline(item)}"

    def item_description(self, item):
        text = describe.plain(item)
        source = item.source or {}
        if source.get("title"):
            text += f" {_('Source')}: {source['title']}"
            if source.get("url") or source.get("reference"):
                text += f" ({source.get('url') or source.get('reference')})"
        return text

    def item_link(self, item):
        if item.measure is None:
            return f"{reverse('measures:changes')}#change-{item.pk}"
        return f"{item.measure.get_absolute_url()}#change-{item.pk}"

    def item_guid(self, item):
        # Atom wants an absolute IRI that never changes: a tag URI (RFC 4151) per entry and language.
        return f"tag:{TAG_AUTHORITY},2026:measures/changes/{get_language()}/{item.pk}"

    def item_updateddate(self, item):
        return item.published_at

    def item_pubdate(self, item):
        return item.published_at
