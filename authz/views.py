"""Pages of the authz app: mandates, the acting-for switcher, the auditors' log, a person's own log and API token."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from knox.models import AuthToken

from authz import activities, audit, mandates, notices
from authz.constants import Channel, Repertory
from authz.context_processors import (
    ACTING_FOR_SESSION_KEY,
    acting_access,
    employer_key,
    needs_mfa_first,
    valid_accesses,
)
from authz.exceptions import MFARequired
from authz.forms import AuditSearchForm, MandateForm
from authz.models import Disclosure, EmployerAccess, MandateInvitation
from authz.models.api_token import API_TOKEN_LIFETIME
from authz.services import Subject, issue_api_token, mfa_used_in_session, revoke_api_token
from authz.shortcuts import require_disclosure
from foundation.quarters import Quarter

PAGE_SIZE = 50
#: How far back the audit page lists the refusals counted without a log row.
REFUSALS_SHOWN_DAYS = 30
STATUS_LABELS = {
    "valid": gettext_lazy("current"),
    "future": gettext_lazy("not yet started"),
    "expired": gettext_lazy("ended (end date passed)"),
    "ended": gettext_lazy("ended early"),
}
INVITATION_STATUS_LABELS = {
    "pending": gettext_lazy("waiting for acceptance"),
    "accepted": gettext_lazy("accepted"),
    "withdrawn": gettext_lazy("withdrawn"),
    "expired": gettext_lazy("expired"),
}


# Mandates ---------------------------------------------------------------------------------------------------


@login_required
def mandate_employers(request):
    owned = list(mandates.owned_employers(user=request.user))
    if len(owned) == 1:
        return redirect("authz:mandates", repertory=owned[0].repertory, number=owned[0].registration_number)
    return render(request, "authz/mandate_employers.html", {"owned": owned})


def _owned_employer(request, repertory: str, number: str):
    """The user's owner access to the employer; 404 alike for an unknown employer and someone else's."""
    if repertory not in Repertory.values:
        raise Http404
    owner = mandates.owner_access(user=request.user, employer=(repertory, number))
    if owner is None:
        raise Http404
    return owner


@login_required
def employer_mandates(request, repertory: str, number: str):
    owner = _owned_employer(request, repertory, number)
    employer = (repertory, number)
    form = MandateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email, terms = form.cleaned_data["email"], form.terms()
        try:
            if request.POST.get("action") == "invite":
                invitation = mandates.invite(
                    employer=employer,
                    invited_by=request.user,
                    email=email,
                    terms=terms,
                    link_for=lambda token: request.build_absolute_uri(reverse("authz:accept-invitation", args=[token])),
                )
                messages.success(request, _("An invitation was sent to %(email)s.") % {"email": invitation.email})
            else:
                access = mandates.grant_mandate(employer=employer, granted_by=request.user, email=email, terms=terms)
                messages.success(
                    request, _("%(email)s now holds a mandate for this employer.") % {"email": access.user.email}
                )
        except mandates.NotAnOwner:
            raise Http404 from None
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("authz:mandates", repertory=repertory, number=number)
    today = timezone.localdate()
    accesses = [
        {"access": access, "status": access.status_on(today), "status_label": STATUS_LABELS[access.status_on(today)]}
        for access in mandates.accesses_to(employer=employer)
    ]
    from allauth.mfa.models import Authenticator

    context = {
        "owner": owner,
        "form": form,
        "accesses": accesses,
        "invitations": [
            {
                "invitation": invitation,
                "status": invitation.status,
                "status_label": INVITATION_STATUS_LABELS[invitation.status],
            }
            for invitation in mandates.invitations_to(employer=employer)
        ],
        "quarter_end": Quarter.of(today).last_day,
        "has_mfa": Authenticator.objects.filter(user=request.user).exists(),
    }
    return render(request, "authz/employer_mandates.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def end_access(request, pk: int):
    try:
        access = mandates.end_access(access_id=pk, ended_by=request.user, immediately=request.POST.get("when") == "now")
    except mandates.NotAnOwner:
        raise Http404 from None
    except ValidationError as exc:
        access = EmployerAccess.objects.get(pk=pk)
        messages.error(request, " ".join(exc.messages))
    else:
        if access.ended_at:
            messages.success(request, _("The access of %(email)s has ended.") % {"email": access.user.email})
        else:
            messages.success(
                request,
                _("The access of %(email)s ends on %(end)s.")
                % {"email": access.user.email, "end": mandates.format_day(access.valid_until)},
            )
    return redirect("authz:mandates", repertory=access.repertory, number=access.registration_number)


@login_required
@require_POST
def withdraw_invitation(request, pk: int):
    try:
        invitation = mandates.withdraw_invitation(invitation_id=pk, withdrawn_by=request.user)
    except mandates.NotAnOwner:
        raise Http404 from None
    except ValidationError as exc:
        invitation = MandateInvitation.objects.get(pk=pk)
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email})
    return redirect("authz:mandates", repertory=invitation.repertory, number=invitation.registration_number)


@login_required
def accept_invitation(request, token: str):
    invitation = mandates.invitation_for_token(token)
    if invitation is None:
        raise Http404
    if invitation.email.lower() != request.user.email.lower():
        # Say nothing of the employer to another account that holds the link.
        return render(request, "authz/invitation_other_account.html", {"email": request.user.email}, status=403)
    problem = mandates.invitation_closed_reason(invitation)
    if request.method == "POST":
        try:
            access = mandates.accept_invitation(token=token, user=request.user)
        except mandates.InvitationInvalid as exc:
            problem = exc.message
        else:
            request.session[ACTING_FOR_SESSION_KEY] = employer_key(access.repertory, access.registration_number)
            messages.success(request, _("You now act for %(employer)s.") % {"employer": access.employer_label})
            return redirect("authz:acting-for")
    return render(
        request,
        "authz/accept_invitation.html",
        {"invitation": invitation, "problem": problem},
        status=400 if problem and request.method == "POST" else 200,
    )


# Acting for -------------------------------------------------------------------------------------------------


@login_required
def acting_for(request):
    accesses = valid_accesses(request.user)
    today = timezone.localdate()
    not_valid = list(mandates.own_accesses_not_valid(user=request.user, on=today))
    if needs_mfa_first(request, accesses + not_valid):
        from allauth.mfa.models import Authenticator

        raise MFARequired(has_authenticator=Authenticator.objects.filter(user=request.user).exists())
    keys = {employer_key(a.repertory, a.registration_number): a for a in accesses}
    if request.method == "POST":
        chosen = request.POST.get("employer", "")
        if chosen not in keys:
            messages.error(request, _("You do not act for that employer (or no longer)."))
            return redirect("authz:acting-for")
        request.session[ACTING_FOR_SESSION_KEY] = chosen
        messages.success(request, _("You now act for %(employer)s.") % {"employer": keys[chosen].employer_label})
        target = request.POST.get("next", "")
        hosts = {request.get_host()}
        if url_has_allowed_host_and_scheme(target, allowed_hosts=hosts, require_https=request.is_secure()):
            return redirect(target)
        return redirect("authz:acting-for")
    current = acting_access(request)
    prefetch_related_objects(list(keys.values()), "scopes")  # one query for every access's scopes
    rows = [
        {
            "key": key,
            "access": access,
            "current": current is not None and access.pk == current.pk,
            "scopes": ", ".join(_(scope.label) for scope in access.scopes.all()),
        }
        for key, access in keys.items()
    ]
    others = [
        {
            "access": access,
            "status": access.status_on(today),
            "status_label": STATUS_LABELS[access.status_on(today)],
            "ended_on": access.ended_at.date() if access.ended_at else None,
            "scopes": ", ".join(_(scope.label) for scope in access.scopes.all()),
        }
        for access in not_valid
    ]
    return render(request, "authz/acting_for.html", {"rows": rows, "others": others})


# The auditors' log ------------------------------------------------------------------------------------------

_LOG_SUBJECT = Subject.log(description="disclosure-log")


def _auditor_gate(request, *, channel: str, filters: audit.LogFilters, back_to: str = "") -> HttpResponse | None:
    """Auditors with MFA pass (and the consultation is logged); others get 403, anonymous visitors the log-in."""
    try:
        require_disclosure(
            request,
            activity=activities.AUDIT_LOG_EXPORT,
            subjects=[_LOG_SUBJECT],
            categories=["disclosure_log"],
            channel=channel,
            justification=filters.describe(),
        )
    except PermissionDenied:
        if not request.user.is_authenticated:
            return redirect_to_login(back_to or request.get_full_path())
        raise
    return None


def _search(request) -> tuple[AuditSearchForm, audit.LogFilters | None]:
    form = AuditSearchForm(request.GET or None)
    if not form.is_bound:
        return form, audit.LogFilters()
    return form, form.filters() if form.is_valid() else None


def audit_disclosures(request):
    form, filters = _search(request)
    refusal = _auditor_gate(request, channel=Channel.WEB, filters=filters or audit.LogFilters())
    if refusal:
        return refusal
    rows = audit.search_log(filters) if filters is not None else Disclosure.objects.none()
    page = audit.LogPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "verification": audit.last_verification(),
        "refusals": audit.refusal_counts(days=REFUSALS_SHOWN_DAYS),
        "refusal_days": REFUSALS_SHOWN_DAYS,
        "count_limit": audit.COUNT_LIMIT,
    }
    return render(request, "authz/audit_disclosures.html", context, status=400 if form.errors else 200)


def audit_export(request):
    _form, filters = _search(request)
    if filters is None:
        return redirect(f"{reverse('authz:audit-disclosures')}?{request.GET.urlencode()}")
    refusal = _auditor_gate(request, channel=Channel.EXPORT, filters=filters)
    if refusal:
        return refusal
    rows = audit.search_log(filters).iterator(chunk_size=2000)
    response = StreamingHttpResponse(audit.csv_lines(rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="disclosure-log-{stamp}.csv"'
    return response


@require_POST
def audit_verify(request):
    back_to = reverse("authz:audit-disclosures")
    refusal = _auditor_gate(request, channel=Channel.WEB, filters=audit.LogFilters(), back_to=back_to)
    if refusal:
        return refusal
    from authz.tasks import verify_disclosures

    # Asked for by an auditor: the whole chain, not only the entries since the latest checkpoint.
    verify_disclosures.delay(full=True)
    messages.success(request, _("The verification of the chain was started; its result shows below once it has run."))
    return redirect("authz:audit-disclosures")


# A person's own log -----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def my_disclosures(request):
    if request.method == "POST":
        return _notice_preference(request)
    insz = getattr(request.user, "insz", "")
    if insz:
        # A person reading the log about their own INSZ is itself a disclosure of personal data, logged like any.
        require_disclosure(
            request,
            activity=activities.OWN_DISCLOSURES,
            subjects=[Subject.person(insz=insz)],
            categories=["disclosure_log"],
        )
    subjects = audit.my_subjects(user=request.user)
    page = Paginator(audit.disclosures_about(subjects), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"entry": entry, "subject": subjects[entry.subject_pseudonym].label} for entry in page]
    context = {"page": page, "rows": rows, "subjects": sorted(subject.label for subject in subjects.values())}
    preference = notices.preference_of(request.user)
    context["notice_form"] = notices.NoticePreferenceForm(
        initial={"rule_changes": preference.rule_changes, "language": preference.language or request.LANGUAGE_CODE}
    )
    return render(request, "authz/my_disclosures.html", context)


def _notice_preference(request) -> HttpResponse:
    """The user's own choice of e-mail notices (no one's personal data is shown: nothing to ask the gate)."""
    form = notices.NoticePreferenceForm(request.POST)
    if form.is_valid():
        notices.set_preference(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your choice of e-mails is saved."))
    else:
        messages.error(request, _("Your choice of e-mails could not be saved: choose one of the languages offered."))
    return redirect("authz:my-disclosures")


# A user's own API token --------------------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_token(request):
    """Create, renew or revoke one's API token; only after two-factor authentication used in this session, so that
    the token may stand for it on API calls (authz.services.mfa_used) until it expires."""
    if not mfa_used_in_session(request):
        from allauth.mfa.models import Authenticator

        raise MFARequired(has_authenticator=Authenticator.objects.filter(user=request.user).exists())
    new_key = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            if revoke_api_token(user=request.user):
                messages.success(request, _("Your API token was revoked: it no longer works."))
            return redirect("authz:api-token")
        new_key = issue_api_token(user=request.user, mfa_used_in_session=True).key
    token = AuthToken.objects.filter(user=request.user).select_related("issuance").first()
    issuance = getattr(token, "issuance", None) if token is not None else None
    context = {
        "token": token,
        "issuance": issuance,
        "new_key": new_key,
        "lifetime_days": API_TOKEN_LIFETIME.days,
        "api_example": request.build_absolute_uri(
            reverse("api:dmfa-person-declarations", kwargs={"insz": "90051512391"})
        ),
    }
    return render(request, "authz/api_token.html", context)
