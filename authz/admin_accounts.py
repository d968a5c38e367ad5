"""The admin of accounts and their credentials: nothing in it lets staff act as someone else.

No secret is shown (API keys are stored as digests, TOTP secrets and recovery codes are not displayed), no credential
can be made or changed for another user (no token, password, e-mail address or authenticator added or edited by
staff), and every page that names accounts passes the gate (activity account-admin, channel admin), so that the
log says which staff member looked at whose account.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialApp, SocialToken
from knox.models import AuthToken
from rest_framework.authtoken.models import TokenProxy

from authz import activities
from authz.admin_gate import GatedAdminMixin
from authz.constants import SubjectKind
from authz.models import ApiToken
from authz.services import Subject

#: What the account pages show, named to the gate (the register row account-admin lists them).
ACCOUNT_CATEGORIES = ("account_identification", "authentication_factors")


def account_subject(user_id) -> Subject:
    """A user account as a subject of the log (its identifier is the account's number, pseudonymised there)."""
    return Subject(SubjectKind.ACCOUNT, str(user_id), True)


class AccountGatedAdmin(GatedAdminMixin):
    """Pages about accounts pass the gate for each account they name; ``account_field`` leads to the user."""

    gate_activity = activities.ACCOUNT_ADMIN
    gate_categories = ACCOUNT_CATEGORIES
    account_field = "user_id"

    def gate_subjects(self, objects):
        return [account_subject(getattr(obj, self.account_field)) for obj in objects]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Staff may look and delete (a lost device, a leaked key), never add or change."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# Registered by the packages with pages that show secrets (the key of a DRF token, the e-mail confirmation keys, the
# eID provider's access tokens and client secret) or make one for any user (knox's add form shows the new key to the
# staff member who made it). The eID client is configured in the environment (EID_OIDC_*), not in the admin.
for model in (TokenProxy, AuthToken, EmailConfirmation, Authenticator, EmailAddress, SocialToken, SocialApp):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(Authenticator)
class AuthenticatorAdmin(AccountGatedAdmin, ReadOnlyAdmin):
    """Which second factors an account has; never their data (the TOTP secret, the recovery codes' seed)."""

    list_display = ("user", "type", "created_at", "last_used_at")
    list_filter = ("type",)
    list_select_related = ("user",)
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = fields


@admin.register(EmailAddress)
class EmailAddressAdmin(AccountGatedAdmin, ReadOnlyAdmin):
    """Read-only: an address set by staff could receive the account's password reset."""

    list_display = ("email", "user", "primary", "verified")
    list_filter = ("primary", "verified")
    list_select_related = ("user",)
    fields = ("email", "user", "primary", "verified")
    readonly_fields = fields


@admin.register(ApiToken)
class ApiTokenAdmin(AccountGatedAdmin, ReadOnlyAdmin):
    """Which tokens stand for two-factor authentication, until when; only a digest of a key is stored, so nothing here
    can be used as one. Users create and renew their own on /<lang>/my-data/api-token/; staff revoke one by
    deleting it (the key stops working at once)."""

    list_display = ("token_user", "created_at", "expires_at", "issued_with_mfa")
    list_filter = ("issued_with_mfa",)
    list_select_related = ("token__user",)
    search_fields = ("token__user__email",)
    fields = ("token_user", "created_at", "expires_at", "issued_with_mfa")
    readonly_fields = fields

    def gate_subjects(self, objects):
        return [account_subject(obj.token.user_id) for obj in objects]

    @admin.display(description=_("user"), ordering="token__user__email")
    def token_user(self, obj: ApiToken):
        return obj.token.user

    def delete_model(self, request, obj):
        obj.token.delete()  # the key itself (its issuance goes with it)

    def delete_queryset(self, request, queryset):
        AuthToken.objects.filter(issuance__in=queryset).delete()
