"""Admin of the authz app: users, rights, institutions, integrations (through the gate), register and the log."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from authz import activities
from authz.constants import Channel
from authz.exceptions import ImportRejected
from authz.imports import COLUMNS, import_integrations, read_text
from authz.models import (
    AccessScope,
    ApiToken,
    ChainVerification,
    Disclosure,
    EmployerAccess,
    Institution,
    InstitutionMembership,
    ProcessingActivity,
    QualityCode,
    ReferenceDirectoryEntry,
    User,
)
from authz.services import Subject
from authz.shortcuts import require_disclosure
from portal.admin_site import secure_admin_site  # noqa: F401 - routes the admin log-in through allauth and MFA


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
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


@admin.register(AccessScope)
class AccessScopeAdmin(admin.ModelAdmin):
    list_display = ("code", "label")


@admin.register(EmployerAccess)
class EmployerAccessAdmin(admin.ModelAdmin):
    list_display = ("user", "repertory", "registration_number", "employer_name", "role", "valid_from", "valid_until")
    list_filter = ("role", "repertory", "scopes")
    search_fields = ("user__email", "registration_number", "employer_name", "organisation")
    autocomplete_fields = ("user", "granted_by", "ended_by")
    filter_horizontal = ("scopes",)
    readonly_fields = ("created_at",)


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "active")
    search_fields = ("code", "name")


@admin.register(InstitutionMembership)
class InstitutionMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "institution", "role", "valid_from", "valid_until")
    list_filter = ("institution", "role")
    autocomplete_fields = ("user",)


@admin.register(QualityCode)
class QualityCodeAdmin(admin.ModelAdmin):
    list_display = ("code", "label")


class IntegrationUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_("UTF-8, columns: %s") % ",".join(COLUMNS))


@admin.register(ReferenceDirectoryEntry)
class ReferenceDirectoryEntryAdmin(admin.ModelAdmin):
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

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None and changelist.result_list:
            self._gate(request, [entry.insz for entry in changelist.result_list])
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        entry = self.get_object(request, object_id)
        if entry is not None:
            self._gate(request, [entry.insz])
        return super().change_view(request, object_id, form_url, extra_context)

    def _gate(self, request, insz_numbers):
        subjects = [Subject.person(insz=insz) for insz in dict.fromkeys(insz_numbers)]
        require_disclosure(
            request,
            activity=activities.REFERENCE_DIRECTORY_ADMIN,
            subjects=subjects,
            categories=["integration"],
            channel=Channel.ADMIN,
        )

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


@admin.register(ProcessingActivity)
class ProcessingActivityAdmin(admin.ModelAdmin):
    list_display = ("code", "version", "name", "legal_basis", "valid_from", "valid_until")
    list_filter = ("subject_kind",)

    def has_delete_permission(self, request, obj=None):
        return False  # the log refers to every version ever used


@admin.register(Disclosure)
class DisclosureAdmin(admin.ModelAdmin):
    """Read-only: the log has no add, change or delete path."""

    list_display = ("position", "occurred_at", "actor", "actor_role", "activity", "channel", "outcome", "reason")
    list_filter = ("outcome", "channel", "actor_role", "activity")
    list_select_related = ("actor", "activity")
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}


@admin.register(ChainVerification)
class ChainVerificationAdmin(admin.ModelAdmin):
    list_display = ("verified_at", "intact", "count", "head_position", "first_broken_position")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only: which tokens stand for two-factor authentication, until when. Users create and renew their own
    on /<lang>/my-data/api-token/; staff revoke one by deleting its token (Auth Token admin)."""

    list_display = ("token_user", "created_at", "expires_at", "issued_with_mfa")
    list_filter = ("issued_with_mfa",)
    list_select_related = ("token__user",)
    search_fields = ("token__user__email",)
    fields = ("token_user", "created_at", "expires_at", "issued_with_mfa")
    readonly_fields = fields

    @admin.display(description=_("user"), ordering="token__user__email")
    def token_user(self, obj: ApiToken):
        return obj.token.user

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
