"""Pages of a job seeker logged in with eID: their profile, the measures it opens, a summary for an employer."""

from __future__ import annotations

from decimal import Decimal
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from foundation.identifiers import insz_birth_date
from jobseekers import exports, gates, services
from jobseekers.constants import ShowOnSummary
from jobseekers.forms import HireForm, ProfileForm, SummaryForm
from jobseekers.selectors import profile_of, typical_wage
from measures.calculator.values import age_on


def jobseeker_required(view):
    """Logged in, with a profile an eID log-in created; anyone else gets a page that says what this part is for."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        profile = profile_of(request.user)
        if profile is None:
            return render(request, "jobseekers/not_a_jobseeker.html", status=403)
        return view(request, profile, *args, **kwargs)

    return wrapper


@jobseeker_required
def start(request, profile):
    # After the eID log-in: the dashboard, or first the profile (the measures depend on it), which says so.
    return redirect("dashboard" if profile.is_complete else "jobseekers:profile")


@jobseeker_required
def profile_page(request, profile):
    gates.disclose_own_profile(request, profile)
    needs_birth_date = insz_birth_date(profile.insz) is None
    form = ProfileForm(request.POST or None, instance=profile, needs_birth_date=needs_birth_date)
    if request.method == "POST" and form.is_valid():
        services.update_profile(profile=profile, facts=form.cleaned_data)
        messages.success(request, _("Your profile was saved."))
        return redirect("jobseekers:measures")
    context = {"form": form, "profile": profile, "age": _age(profile)}
    return render(request, "jobseekers/profile.html", context, status=400 if form.errors else 200)


def _age(profile) -> int | None:
    birth = services.birth_date_of(profile)
    return age_on(birth, timezone.localdate()) if birth else None


def _terms(form) -> services.HireTerms:
    data = form.cleaned_data
    return services.HireTerms(
        gross_monthly_wage=data["gross_monthly_wage"],
        work_fraction=Decimal(data["work_percent"]) / 100,
        start_date=data["start_date"],
        horizon=data["horizon"],
    )


def _hire_form(request, form_class=HireForm):
    """The job as the job seeker typed it; on a first visit, a full-time job from today at the typical wage (the
    guaranteed minimum monthly income valid today, from the measures data), already worked out. Without a figure for
    today the wage is left empty for them to type."""
    today = timezone.localdate()
    wage = typical_wage(today)
    if request.GET.get("gross_monthly_wage"):
        return form_class(request.GET, typical_wage=wage, on=today)
    defaults = {"start_date": today.isoformat(), "horizon": "8", "work_percent": "100"}
    if wage is None:
        return form_class(initial=defaults, typical_wage=None, on=today)
    return form_class(defaults | {"gross_monthly_wage": str(wage.amount)}, typical_wage=wage, on=today)


@jobseeker_required
def measures_page(request, profile):
    if not profile.is_complete:
        messages.info(request, _("First tell us a little about yourself: the measures depend on it."))
        return redirect("jobseekers:profile")
    gates.disclose_own_profile(request, profile)
    form = _hire_form(request)
    result = services.measures_for(profile=profile, terms=_terms(form)) if form.is_bound and form.is_valid() else None
    context = {
        "form": form,
        "profile": profile,
        "age": _age(profile),
        "result": result,
        "hire": result.hires[0] if result else None,
        "query": request.GET.urlencode(),
    }
    return render(request, "jobseekers/measures.html", context, status=400 if form.errors else 200)


def _summary(request, profile):
    form = _hire_form(request, SummaryForm)
    if not (form.is_bound and form.is_valid()):
        return form, None
    result = services.measures_for(profile=profile, terms=_terms(form))
    return form, exports.summary(profile=profile, result=result, show=form.cleaned_data["show"])


@jobseeker_required
def summary_page(request, profile):
    if not profile.is_complete:
        return redirect("jobseekers:profile")
    gates.disclose_own_profile(request, profile)
    form, summary = _summary(request, profile)
    context = {"form": form, "summary": summary, "query": request.GET.urlencode(), "shows": ShowOnSummary}
    return render(request, "jobseekers/summary.html", context, status=400 if form.errors else 200)


@jobseeker_required
def summary_pdf(request, profile):
    if not profile.is_complete:
        return redirect("jobseekers:profile")
    _form, summary = _summary(request, profile)
    if summary is None:
        messages.error(request, _("Check the figures of the job first."))
        return redirect("jobseekers:summary")
    gates.disclose_own_profile(request, profile)
    response = HttpResponse(exports.summary_pdf(summary), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="measures-summary.pdf"'
    return response
