"""Admin of the authz app: users, rights, institutions, integrations (through the gate), the register (read-only
versions) and the chain verifications; the disclosure log is read on the auditors' page only."""

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from authz import activities
from authz.admin_accounts import ACCOUNT_CATEGORIES, account_subject
from authz.admin_gate import GatedAdminMixin
from authz.admin_site import secure_admin_site  # noqa: F401 - routes the admin log-in through allauth and MFA
from authz.exceptions import ImportRejected
from authz.imports import COLUMNS, import_integrations, read_text
from authz.models import (
    AccessScope,
    ChainVerification,
    EmployerAccess,
    Institution,
    InstitutionMembership,
    ProcessingActivity,
    QualityCode,
    ReferenceDirectoryEntry,
    User,
)
from authz.services import Subject, add_activity_version, check_activity_version


@admin.register(User)
class UserAdmin(GatedAdminMixin, DjangoUserAdmin):
    """Accounts pass the gate (activity account-admin). Staff set no password and no e-mail address of an existing
    account: either would let them log in as its user (the address receives the password reset)."""

    gate_activity = activities.ACCOUNT_ADMIN
    gate_categories = ACCOUNT_CATEGORIES
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "is_staff", "is_active")
    search_fields = ("email", "first_name", "last_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def gate_subjects(self, users):
        return [account_subject(user.pk) for user in users]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return readonly if obj is None else (*readonly, "email", "last_login", "date_joined")

    def user_change_password(self, request, id, form_url=""):
        raise PermissionDenied  # the user resets their own password, by e-mail


@admin.register(AccessScope)
class AccessScopeAdmin(admin.ModelAdmin):
    list_display = ("code", "label")


@admin.register(EmployerAccess)
class EmployerAccessAdmin(GatedAdminMixin, admin.ModelAdmin):
    """An access names its employer; the name of a natural-person employer is personal data, so the pages pass the
    gate (activity repertory-admin): on the list, one row per such employer shown; on an access's pages, its employer.
    An employer not in the portal's copy of the repertory counts as a natural person (its kind is not known)."""

    gate_activity = activities.REPERTORY_ADMIN
    gate_categories = ("identification",)
    list_display = ("user", "repertory", "registration_number", "employer_name", "role", "valid_from", "valid_until")
    list_select_related = ("user",)
    list_filter = ("role", "repertory", "scopes")
    search_fields = ("user__email", "registration_number", "employer_name", "organisation")
    autocomplete_fields = ("user", "granted_by", "ended_by")
    filter_horizontal = ("scopes",)
    readonly_fields = ("created_at",)

    def gate_subjects(self, accesses):
        return [subject for subject, _natural_person in self._employers(accesses)]

    def gate_list_subjects(self, accesses):
        return [subject for subject, natural_person in self._employers(accesses) if natural_person]

    @staticmethod
    def _employers(accesses) -> list[tuple[Subject, bool]]:
        accesses = list(accesses)
        wanted = {(access.repertory, access.registration_number) for access in accesses}
        known = employer_kinds(wanted) if employer_kinds is not None else {}
        employers = []
        for access in accesses:
            natural_person = known.get((access.repertory, access.registration_number), True)
            subject = Subject.employer(
                repertory=access.repertory, number=access.registration_number, personal=natural_person
            )
            employers.append((subject, natural_person))
        return employers


#: Which of some employers ((repertory, registration number) pairs) are natural persons, as a dict: set by the app
#: that holds the employer repertory (repertory.apps), since authz imports no other app. An employer it does not
#: know, or every employer while it is not set, counts as a natural person (its name as personal data).
employer_kinds: Callable[[set[tuple[str, str]]], dict[tuple[str, str], bool]] | None = None


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "active")
    search_fields = ("code", "name")


@admin.register(InstitutionMembership)
class InstitutionMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "institution", "role", "valid_from", "valid_until")
    list_select_related = ("user", "institution")
    list_filter = ("institution", "role")
    autocomplete_fields = ("user",)


@admin.register(QualityCode)
class QualityCodeAdmin(admin.ModelAdmin):
    list_display = ("code", "label")


class IntegrationUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_("UTF-8, columns: %s") % ",".join(COLUMNS))


@admin.register(ReferenceDirectoryEntry)
class ReferenceDirectoryEntryAdmin(GatedAdminMixin, admin.ModelAdmin):
    """INSZ numbers are personal data: every list and form passes the gate (channel admin) before it renders."""

    list_display = ("insz", "institution", "quality_code", "valid_from", "valid_until")
    list_filter = ("institution", "quality_code")
    search_fields = ("=insz",)
    list_select_related = ("institution", "quality_code")
    change_list_template = "admin/authz/referencedirectoryentry/change_list.html"

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="authz_integration_import"),
            *super().get_urls(),
        ]

    gate_activity = activities.REFERENCE_DIRECTORY_ADMIN
    gate_categories = ("integration",)

    def gate_subjects(self, entries):
        return [Subject.person(insz=entry.insz) for entry in entries]

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = IntegrationUploadForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            from django.conf import settings

            if upload.size > settings.UPLOAD_MAX_MB * 1024 * 1024:
                errors = [
                    (
                        0,
                        _("The file is larger than %(mb)d MB: use manage.py import_integrations.")
                        % {"mb": settings.UPLOAD_MAX_MB},
                    )
                ]
            else:
                try:
                    result = import_integrations(text=read_text(upload))
                except ImportRejected as rejected:
                    errors = rejected.errors
                else:
                    messages.success(
                        request,
                        _("%(name)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
                        % {
                            "name": upload.name,
                            "created": result.created,
                            "updated": result.updated,
                            "unchanged": result.unchanged,
                        },
                    )
                    return redirect(reverse("admin:authz_referencedirectoryentry_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "errors": errors,
            "title": _("Import integrations"),
        }
        return render(request, "admin/authz/referencedirectoryentry/import.html", context)


REGISTER_FIELDS = (
    "code",
    "version",
    "name",
    "legal_basis",
    "purpose",
    "data_source",
    "subject_kind",
    "data_categories",
    "recipients",
    "recipient_institutions",
    "required_scopes",
    "quality_codes_required",
    "requires_justification",
    "valid_from",
    "valid_until",
)


class ProcessingActivityVersionForm(forms.ModelForm):
    """A new version of a register row; its number and the end of the version it follows are set on saving."""

    class Meta:
        model = ProcessingActivity
        fields = [name for name in REGISTER_FIELDS if name not in ("version", "valid_until")]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("code") and cleaned.get("valid_from"):
            try:
                check_activity_version(code=cleaned["code"], valid_from=cleaned["valid_from"])
            except ValidationError as exc:
                self.add_error(None, exc)
        return cleaned


@admin.register(ProcessingActivity)
class ProcessingActivityAdmin(admin.ModelAdmin):
    """The register: a version, once saved, is read-only (the log refers to it). A change is a new version, added
    here (prefilled from an existing version with its "new version" link); the version it follows then ends the day
    before the new one starts."""

    form = ProcessingActivityVersionForm
    list_display = ("code", "version", "name", "legal_basis", "valid_from", "valid_until")
    list_filter = ("subject_kind",)

    def get_fields(self, request, obj=None):
        if obj is None:
            return [name for name in REGISTER_FIELDS if name not in ("version", "valid_until")]
        return [*REGISTER_FIELDS, "new_version"]

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.get_fields(request, obj)

    @admin.display(description=_("change"))
    def new_version(self, obj: ProcessingActivity):
        url = reverse("admin:authz_processingactivity_add") + "?" + urlencode({"from_version": obj.pk})
        return format_html('<a href="{}">{}</a>', url, _("Add a new version from this one"))

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        source = ProcessingActivity.objects.filter(pk=request.GET.get("from_version") or None).first()
        if source is not None:
            initial.update(
                {name: getattr(source, name) for name in REGISTER_FIELDS if name not in ("version", "valid_until")}
            )
            initial.pop("valid_from")  # the day the new version starts is the one thing to decide anew
        return initial

    def has_change_permission(self, request, obj=None):
        if obj is not None:
            return False  # a saved version is never edited: add a new one
        return super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False  # the log refers to every version ever used

    def save_model(self, request, obj, form, change):
        add_activity_version(activity=obj)


# The disclosure log has no admin page: auditors read it on /<lang>/audit/disclosures/ (group auditor, two-factor
# authentication, the reading itself logged), the one reader of the log.


@admin.register(ChainVerification)
class ChainVerificationAdmin(admin.ModelAdmin):
    """Read-only: each verification of the chain, a witness of the head as it was then."""

    list_display = ("verified_at", "intact", "count", "head_position", "first_broken_position")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
