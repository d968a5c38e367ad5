"""Admin of the measure catalogue: translations side by side, rule versions inline, preview, publication, history.

Every save goes through ``measures.services``: it records a revision (who, when, which fields) and makes the
cached catalogue pages stale. Rule versions are edited inline on the measure; their benefit rules on the rule
version's own page (Django's admin does not nest inlines), linked from each inline row.
"""

from __future__ import annotations

import itertools

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from measures import constants, services
from measures.changes import editions
from measures.changes import services as change_log
from measures.models import Assumption, BenefitRule, CumulationRule, Measure, MeasureRevision, Parameter, RuleVersion

LANGS = ("nl", "fr", "de", "en")


def side_by_side(*fields: str) -> tuple:
    """One admin row per translated field, its languages next to each other."""
    return tuple(tuple(f"{field}_{lang}" for lang in LANGS) for field in fields)


class AdminMedia:
    css = {"all": ("measures/admin.css",)}


class RuleVersionForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The formset compares the submitted versions with each other and with the saved ones; compared with the
        # database alone, closing a version and adding the next one in the same submit would look like an overlap.
        self.instance.check_overlap_in_database = False


class RuleVersionFormSet(BaseInlineFormSet):
    """The rule versions of one measure, as submitted: no two of them may be valid on the same day."""

    def clean(self) -> None:
        super().clean()
        periods, submitted = [], set()
        for form in self.forms:
            if form.instance.pk:
                submitted.add(form.instance.pk)
            data = getattr(form, "cleaned_data", None) or {}
            if (self.can_delete and self._should_delete_form(form)) or data.get("valid_from") is None:
                continue
            announced = data.get("status") == constants.Status.ANNOUNCED
            periods.append((data["valid_from"], data.get("valid_until"), announced))
        if self.instance.pk:
            saved = RuleVersion.objects.filter(measure=self.instance).exclude(pk__in=submitted)
            periods += [
                (start, end, status == constants.Status.ANNOUNCED)
                for start, end, status in saved.values_list("valid_from", "valid_until", "status")
            ]
        # Announced versions may overlap the ones in force (they replace them when asked for), never each other.
        periods.sort(key=lambda period: (period[2], period[0]))
        errors = [
            ValidationError(
                _(
                    "The rule version valid from %(start)s overlaps the one valid from %(other)s, "
                    "which runs until %(until)s. Let each version end before the next one starts."
                ),
                code="overlap",
                params={
                    "start": later[0].isoformat(),
                    "other": earlier[0].isoformat(),
                    "until": earlier[1].isoformat() if earlier[1] else _("no end date"),
                },
            )
            for earlier, later in itertools.pairwise(periods)
            if earlier[2] == later[2] and (earlier[1] is None or earlier[1] >= later[0])
        ]
        if errors:
            raise ValidationError(errors)


class RuleVersionInline(TranslationStackedInline):
    model = RuleVersion
    form = RuleVersionForm
    formset = RuleVersionFormSet
    extra = 0
    show_change_link = True
    readonly_fields = ["sort_amount", "benefit_summary"]
    fieldsets = (
        (
            None,
            {"fields": (("valid_from", "valid_until"), ("date_basis", "period_unit", "prorated"), "benefit_summary")},
        ),
        (
            _("Eligibility of the worker"),
            {
                "fields": (
                    ("age_min", "age_max", "age_reference"),
                    ("jobseeker_months_min", "qualification_max", "reduced_work_capacity_required"),
                    ("work_fraction_min", "work_fraction_full", "wage_ceiling"),
                )
            },
        ),
        (
            _("Eligibility of the employer"),
            {
                "fields": (
                    "employer_types",
                    ("employer_categories", "employer_categories_excluded"),
                    ("nace_included", "nace_excluded"),
                    ("joint_committees_included", "joint_committees_excluded"),
                    ("size_min", "size_max"),
                )
            },
        ),
        (
            _("Amount, note and source"),
            {
                "fields": (
                    ("placement_window", "typical_amount", "sort_amount"),
                    side_by_side("note")[0],
                    ("source_key", "status", "announcement_key"),
                    ("ends", "replaced_by"),
                )
            },
        ),
    )

    @admin.display(description=_("benefit rules"))
    def benefit_summary(self, version):
        if not version.pk:
            return _("Save first, then add the benefit rules on the rule version's page.")
        count = version.benefits.count()
        url = reverse("admin:measures_ruleversion_change", args=[version.pk])
        return format_html('<a href="{}">{}</a>', url, _("%(count)s benefit rule(s): edit") % {"count": count})


class CumulationRuleInline(TranslationStackedInline):
    # Stacked, not tabular: every field has its own label, and the texts' four languages sit side by side in the
    # width of the page (a table of twelve columns was 5,000 px wide, its fields named by column headers only).
    model = CumulationRule
    fk_name = "measure"
    extra = 0
    autocomplete_fields = ["other_measure"]
    fields = (
        ("kind", "other_measure"),
        side_by_side("other_text")[0],
        ("ceiling", "source_key"),
        side_by_side("note")[0],
    )


class AssumptionInline(TranslationStackedInline):
    model = Assumption
    extra = 0
    fields = ("about", side_by_side("text")[0])


class RevisionInline(admin.TabularInline):
    model = MeasureRevision
    extra = 0
    can_delete = False
    fields = readonly_fields = ["changed_at", "changed_by", "origin", "changed_fields", "summary"]
    verbose_name_plural = _("history")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Measure)
class MeasureAdmin(TranslationAdmin):
    list_display = ["code", "name", "level", "technique", "is_published", "valid_from", "valid_until", "updated_at"]
    list_filter = ["is_published", "level", "technique", "region", "region_basis"]
    search_fields = ["code", "name_nl", "name_fr", "name_de", "name_en"]
    ordering = ["code"]
    readonly_fields = [
        "preview_link",
        "changes_link",
        "valid_from",
        "valid_until",
        "published_at",
        "created_at",
        "updated_at",
    ]
    inlines = [RuleVersionInline, CumulationRuleInline, AssumptionInline, RevisionInline]
    actions = ["publish", "unpublish"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (
            None,
            {"fields": (("code", "is_published"), ("preview_link", "changes_link"), ("published_at", "updated_at"))},
        ),
        (
            _("Texts (nl, fr, de, en side by side)"),
            {"fields": side_by_side("name", "summary", "description", "employer_text", "worker_text", "how_to_apply")},
        ),
        (
            _("Classification"),
            {
                "fields": (
                    ("level", "region", "region_basis"),
                    ("technique", "reduction_role"),
                    "audiences",
                    "in_calculator",
                )
            },
        ),
        (
            _("Institution, legal references and sources"),
            {
                "fields": (
                    ("institution", "institution_url"),
                    "legal_references",
                    "sources",
                    ("valid_from", "valid_until"),
                )
            },
        ),
    )
    Media = AdminMedia

    @admin.display(description=_("preview"))
    def preview_link(self, measure):
        if not measure.pk:
            return "-"
        return format_html(
            '<a href="{}?preview=1" target="_blank" rel="noopener">{}</a>',
            measure.get_absolute_url(),
            _("Preview the public page"),
        )

    @admin.display(description=_("changes to publish"))
    def changes_link(self, measure):
        if not measure.pk:
            return "-"
        url = reverse("admin:measures_measure_changes", args=[measure.pk])
        return format_html('<a href="{}">{}</a>', url, _("Preview the changes and their reach, then publish them"))

    def get_urls(self):
        from django.urls import path

        urls = [
            path(
                "<path:object_id>/changes/",
                self.admin_site.admin_view(self.changes_view),
                name="measures_measure_changes",
            )
        ]
        return urls + super().get_urls()

    def changes_view(self, request, object_id):
        """The measure's changes not yet in the public change log, how many saved scenarios they would move and by
        how much in total (counts and sums only); a POST publishes them to the change log."""
        from django.core.exceptions import PermissionDenied
        from django.http import Http404, HttpResponseRedirect
        from django.template.response import TemplateResponse

        from measures.changes import describe
        from measures.changes.reach import reach

        measure = self.get_object(request, object_id)
        if measure is None:
            raise Http404
        if not self.has_view_or_change_permission(request, measure):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_change_permission(request, measure):
                raise PermissionDenied
            published = change_log.publish(measure)
            self.message_user(
                request,
                _("%(count)s change(s) published to the change log.") % {"count": len(published)},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.path)
        pending = change_log.pending(measure)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Changes to publish: %(name)s") % {"name": measure.name},
            "opts": self.model._meta,
            "original": measure,
            "measure": measure,
            "rows": [
                {"headline": describe.headline(item), "old": describe.old_text(item), "new": describe.new_text(item)}
                for item in pending
            ],
            "reaches": [
                (constants.RulesMode(mode).label, result)
                for mode, result in (reach(measure) if pending else {}).items()
            ],
            "has_baseline": change_log.baseline(measure) is not None,
            "can_publish": self.has_change_permission(request, measure) and measure.is_published,
        }
        return TemplateResponse(request, "admin/measures/measure/changes_preview.html", context)

    def save_model(self, request, obj, form, change):
        # The admin object serves every request: keep what changed on the request, not on self.
        request.measure_changes = list(form.changed_data)
        services.date_publication(measure=obj, was_published=change and form.initial.get("is_published", False))
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            request.measure_changes.append(str(formset.model._meta.verbose_name_plural))

    def save_related(self, request, form, formsets, change):
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            measure = form.instance
            services.refresh_derived(measure)
            services.record_change(
                measure=measure,
                user=request.user,
                origin=constants.ChangeOrigin.ADMIN,
                summary="Changed in the admin" if change else "Added in the admin",
                changed_fields=getattr(request, "measure_changes", []),
            )

    def delete_model(self, request, obj):
        services.delete_measures(measures=[obj], user=request.user)

    def delete_queryset(self, request, queryset):
        services.delete_measures(measures=list(queryset), user=request.user)

    @admin.action(description=_("Publish the selected measures"), permissions=["change"])
    def publish(self, request, queryset):
        count = 0
        for measure in queryset:
            first = measure.published_at is None
            count += services.set_published(measure=measure, published=True, user=request.user)
            change_log.publish(measure, new=first)
        self.message_user(request, _("%(count)s measure(s) published.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Unpublish the selected measures"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = sum(services.set_published(measure=m, published=False, user=request.user) for m in queryset)
        self.message_user(request, _("%(count)s measure(s) unpublished.") % {"count": count}, messages.SUCCESS)


class BenefitRuleInline(TranslationStackedInline):
    model = BenefitRule
    extra = 0
    fields = (
        ("position", "kind"),
        side_by_side("label")[0],
        "conditions",
        "steps",
        ("percentage", "wage_base", "cap", "duration"),
        "formula",
        "parameters",
        "share",
        ("source_key", "status", "applies_to_running"),
    )


@admin.register(RuleVersion)
class RuleVersionAdmin(TranslationAdmin):
    list_display = ["measure", "valid_from", "valid_until", "period_unit", "sort_amount"]
    list_filter = ["period_unit", "date_basis"]
    search_fields = ["measure__code"]
    inlines = [BenefitRuleInline]
    readonly_fields = ["sort_amount"]
    Media = AdminMedia

    def save_related(self, request, form, formsets, change):
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            version = form.instance
            services.refresh_derived(version.measure)
            services.record_change(
                measure=version.measure,
                user=request.user,
                origin=constants.ChangeOrigin.ADMIN,
                summary=f"Rule version from {version.valid_from.isoformat()} changed in the admin",
                changed_fields=["rule_versions", *form.changed_data],
            )

    def delete_model(self, request, obj):
        services.delete_rule_versions(versions=[obj], user=request.user)

    def delete_queryset(self, request, queryset):
        services.delete_rule_versions(versions=list(queryset.select_related("measure")), user=request.user)


@admin.register(Parameter)
class ParameterAdmin(admin.ModelAdmin):
    list_display = ["key", "valid_from", "valid_until", "value", "unit", "status", "source_read"]
    list_filter = ["key"]
    search_fields = ["key", "description"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        # A shared parameter is published when saved: its change enters the change log at once.
        with transaction.atomic():
            editions.ensure_first()
            super().save_model(request, obj, form, change)
            change_log.publish_parameters()
        transaction.on_commit(services.invalidate_catalogue_cache)

    def delete_model(self, request, obj):
        services.delete_parameters(parameters=[obj])

    def delete_queryset(self, request, queryset):
        services.delete_parameters(parameters=list(queryset))
