"""Pages of the dmfa app: an agent consults a person's DmfA data or an employer's declaration, through the gate."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from authz import activities
from authz.constants import Channel, Reason
from authz.exceptions import DisclosureRefused
from authz.refusals import explain
from authz.selectors import is_agent, persons_visible_to
from authz.services import count_refusal, mfa_used_in_session
from dmfa import gates, selectors
from dmfa.forms import EmployerSearchForm, PersonSearchForm, default_period
from dmfa.gates import consult_person


def _initial() -> dict:
    start, end = default_period()
    return {"period_from": start, "period_until": end}


@require_http_methods(["GET", "POST"])
def search(request):
    """Search a person by INSZ over a period; the gate decides and logs before anything is read for display."""
    if request.method == "GET":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return render(request, "dmfa/search.html", {"form": PersonSearchForm(initial=_initial())})
    form = PersonSearchForm(request.POST)
    if not form.is_valid():
        return render(request, "dmfa/search.html", {"form": form}, status=400)
    start, end, _period = form.period
    try:
        consultation = consult_person(
            request,
            insz=form.cleaned_data["insz"],
            start=start,
            end=end,
            justification=form.cleaned_data["justification"],
            channel=Channel.WEB,
        )
    except DisclosureRefused as refusal:
        # The refusal is logged; the form keeps what was typed and says why, as far as the user may know it.
        context = {
            "form": form,
            "refusal": explain(refusal.decision, user=request.user, mfa_used=mfa_used_in_session(request)),
        }
        return render(request, "dmfa/search.html", context, status=403)
    context = {
        "form": form,
        "insz": consultation.insz,
        "start": start,
        "end": end,
        "identity": consultation.identity,
        "groups": selectors.by_quarter(consultation.records),
        "consultable": consultation.consultable,
        "not_consultable": consultation.not_consultable,
    }
    return render(request, "dmfa/person.html", context)


@require_http_methods(["GET", "POST"])
def employer(request):
    """An employer's declaration for a quarter: the workers the agent may see, the others only counted."""
    if request.method == "GET":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        form = EmployerSearchForm(initial={"period_from": default_period()[1]})
        return render(request, "dmfa/employer_search.html", {"form": form})
    form = EmployerSearchForm(request.POST)
    if not form.is_valid():
        return render(request, "dmfa/employer_search.html", {"form": form}, status=400)
    quarter, _end, period = form.period
    if not is_agent(user=request.user):
        # Refused without a subject named to the gate: counted for the auditors (authz.RefusalCount), not logged.
        count_refusal(user=request.user, route="dmfa:employer", status=200, reason=Reason.NOT_A_MEMBER)
    declaration = selectors.employer_declaration(registration_number=form.cleaned_data["employer"], quarter=quarter)
    shown, others = [], 0
    if declaration is not None:
        # A worker is listed only when the integration covers the whole quarter (one declaration, see
        # dmfa.gates); the list scope agrees with the gate, which still decides and logs each worker shown.
        visible = persons_visible_to(
            user=request.user, activity=activities.DMFA_GECO_DSP, period=period, whole_period=True
        )
        shown, others = selectors.declaration_persons(declaration=declaration, visible=visible)
        shown = gates.disclose_declaration_workers(
            request, persons=shown, period=period, justification=form.cleaned_data["justification"]
        )
    # With no worker the agent may see, the answer is the one for an employer without a declaration that quarter:
    # that a declaration exists, or how many workers it has, is itself data (personal for a natural-person employer).
    context = {
        "form": form,
        "quarter": quarter,
        "employer_number": form.cleaned_data["employer"],
        "declaration": declaration if shown else None,
        "found": bool(shown),
        "persons": shown,
        "others": others if shown else 0,
        "identities": selectors.identities(insz_numbers=[person.insz for person in shown]),
    }
    return render(request, "dmfa/employer.html", context)
