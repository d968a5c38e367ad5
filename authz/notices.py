"""A user's choice of e-mail notices (``NoticePreference``): read by the apps that send them, set on "my data"."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from authz.models import NoticePreference


def preference_of(user) -> NoticePreference:
    """The user's choice (unsaved defaults when never set: notices on, the portal's language)."""
    return NoticePreference.objects.filter(user=user).first() or NoticePreference(user=user)


def set_preference(*, user, rule_changes: bool, language: str) -> NoticePreference:
    preference, _created = NoticePreference.objects.update_or_create(
        user=user, defaults={"rule_changes": rule_changes, "language": language}
    )
    return preference


def remember_language(*, user, language: str | None) -> None:
    """Note the language the user works in as the language of their notices, unless they chose one."""
    code = (language or "")[:2]
    if code not in {code for code, _name in settings.LANGUAGES}:
        return
    NoticePreference.objects.get_or_create(user=user, defaults={"language": code})


class NoticePreferenceForm(forms.Form):
    rule_changes = forms.BooleanField(
        label=_("E-mail me when a change of the rules moves a scenario I saved"), required=False
    )
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES)
