"""Pages of the GECO/DSP controls: the office's agents only; every worker shown passes the authz gate first."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from authz.constants import Channel
from dmfa import tasks
from dmfa.constants import ControlKind, ControlOutcome
from dmfa.controls import exports, runner
from dmfa.controls.forms import BatchForm, ImportForm, MonthlyStatementForm, QuarterEmployerForm, SubsidisedJobForm
from dmfa.controls.gates import gate_headcount, gate_workers, offices_of, shown_results
from dmfa.controls.imports import CsvImportError, import_csv
from dmfa.controls.presentation import chart, employer_rows, headcount_series
from dmfa.models import ControlResult, ControlRun, SubsidisedJob
from dmfa.selectors import identities
from foundation.quarters import Quarter


def _office(request):
    offices = offices_of(request.user)
    if not offices:
        raise PermissionDenied
    return offices[0]


@login_required
def index(request):
    office = _office(request)
    jobs = SubsidisedJob.objects.filter(institution=office)
    employers = Counter(jobs.values_list("registration_number", flat=True))
    last = Quarter.of(timezone.localdate()).previous()
    context = {
        "office": office,
        "employers": sorted(employers.items()),
        "runs": ControlRun.objects.filter(institution=office)[:10],
        "search_form": QuarterEmployerForm(initial={"quarter": last}),
        "batch_form": BatchForm(initial={"quarter": last}),
    }
    return render(request, "dmfa/controls/index.html", context)


@login_required
def results(request):
    form = QuarterEmployerForm(request.GET)
    if not form.is_valid():
        return render(request, "dmfa/controls/results.html", {"form": form}, status=400)
    quarter, employer = form.cleaned_data["quarter"], form.cleaned_data["employer"]
    outcome = request.GET.get("outcome", "")
    outcome = outcome if outcome in ControlOutcome.values else ""
    shown, total = shown_results(request, quarter, employer, Channel.WEB, outcome)
    names = identities(insz_numbers={result.insz for result in shown})
    context = {
        "form": form,
        "quarter": quarter,
        "employer": employer,
        "results": shown,
        "hidden": total - len(shown) if shown or not total else 0,
        "names": names,
        "outcomes": ControlOutcome.choices,
        "outcome": outcome,
    }
    return render(request, "dmfa/controls/results.html", context)


def _job_for(request, pk: int) -> SubsidisedJob:
    job = get_object_or_404(SubsidisedJob, pk=pk)
    if job.institution_id not in {office.pk for office in offices_of(request.user)}:
        raise Http404
    return job


@login_required
def job_detail(request, pk: int):
    job = _job_for(request, pk)
    try:
        quarter = Quarter.parse(request.GET["quarter"]) if request.GET.get("quarter") else None
    except ValueError:
        quarter = None
    if quarter is None or not runner.job_active_in(job, quarter):
        quarter = Quarter.of(min(timezone.localdate(), job.end_date or timezone.localdate())).previous()
        quarter = max(quarter, Quarter.of(job.start_date))
    gate_workers(request, insz_numbers=[job.insz], quarter=quarter, channel=Channel.WEB)
    gate_headcount(request, hires=[(job.registration_number, job.start_date)], quarter=quarter, channel=Channel.WEB)
    cache = runner.EmployerCache()
    headcount, premium, reconciliation = runner.controls_for(job, quarter, cache)
    series = headcount_series(job, quarter, cache)
    context = {
        "job": job,
        "quarter": quarter,
        "previous": quarter.previous() if runner.job_active_in(job, quarter.previous()) else None,
        "next": quarter.next() if quarter.next().first_day <= timezone.localdate() and runner.job_active_in(
            job, quarter.next()) else None,
        "identity": identities(insz_numbers=[job.insz]).get(job.insz),
        "headcount": headcount,
        "premium": premium,
        "reconciliation": reconciliation,
        "series": series,
        "chart": chart(series, headcount.figures.get("reference")),
    }  # fmt: skip
    return render(request, "dmfa/controls/job.html", context)


@login_required
def report(request):
    """The reconciliation of an employer's jobs for a quarter: page, PDF or CSV (?format=pdf|csv)."""
    form = QuarterEmployerForm(request.GET)
    if not form.is_valid():
        return render(request, "dmfa/controls/results.html", {"form": form}, status=400)
    quarter, employer = form.cleaned_data["quarter"], form.cleaned_data["employer"]
    offices = offices_of(request.user)
    jobs = [
        job
        for job in SubsidisedJob.objects.filter(institution__in=offices, registration_number=employer)
        if runner.job_active_in(job, quarter)
    ]
    export = request.GET.get("format", "")
    channel = Channel.EXPORT if export in {"pdf", "csv"} else Channel.WEB
    allowed = gate_workers(
        request, insz_numbers=[job.insz for job in jobs], quarter=quarter, channel=channel, employer=employer
    )
    shown = [job for job in jobs if job.insz in allowed]
    gate_headcount(request, hires=[(employer, job.start_date) for job in shown], quarter=quarter, channel=channel)
    rows = employer_rows(shown, quarter)
    name = f"reconciliation-{employer}-{quarter}"
    if export == "csv":
        response = HttpResponse(exports.report_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if export == "pdf":
        pdf = exports.report_pdf(employer=employer, quarter=str(quarter), rows=rows)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    context = {"quarter": quarter, "employer": employer, "rows": rows, "form": form}
    return render(request, "dmfa/controls/report.html", context)


@login_required
@require_POST
def start_batch(request):
    office = _office(request)
    form = BatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["quarter"]))
        return redirect("dmfa:controls")
    quarter = form.cleaned_data["quarter"]
    jobs = list(
        runner.jobs_active(institution_id=office.pk, quarter=quarter).values_list(
            "pk", "insz", "registration_number", "start_date"
        )
    )
    if not jobs:
        messages.info(request, _("The office has no subsidised job in %(quarter)s.") % {"quarter": quarter})
        return redirect("dmfa:controls")
    allowed = gate_workers(request, insz_numbers=[job[1] for job in jobs], quarter=quarter, channel=Channel.WEB)
    controlled = [(pk, employer, hired) for pk, insz, employer, hired in jobs if insz in allowed]
    # The batch works out the headcount of every employer of a job it controls: one employer-level row each.
    hires = [(employer, hired) for _pk, employer, hired in controlled]
    gate_headcount(request, hires=hires, quarter=quarter, channel=Channel.WEB)
    with transaction.atomic():
        run = runner.start_run(
            institution_id=office.pk, quarter=quarter, job_ids=[job[0] for job in controlled], user=request.user
        )
        transaction.on_commit(lambda: tasks.run_controls.delay(run.pk))
    return redirect("dmfa:controls-run", pk=run.pk)


@login_required
def run_status(request, pk: int):
    office = _office(request)
    run = get_object_or_404(ControlRun, pk=pk, institution=office)
    counts = Counter(
        (control, outcome)
        for control, outcome in ControlResult.objects.filter(run=run).values_list("control", "outcome")
    )
    if request.GET.get("format") == "json":
        return JsonResponse({"status": run.status, "progress": run.progress, "done": run.done, "total": run.total})
    table = [
        (label, [counts.get((kind, outcome), 0) for outcome in ControlOutcome.values])
        for kind, label in ControlKind.choices
    ]
    employers = sorted(set(ControlResult.objects.filter(run=run).values_list("registration_number", flat=True)))
    context = {"run": run, "table": table, "outcomes": ControlOutcome.choices, "employers": employers}
    return render(request, "dmfa/controls/run.html", context)


def _entry_form(request, form_class, template: str, title: str):
    office = _office(request)
    form = form_class(request.POST or None, institution=office)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        if isinstance(item, SubsidisedJob):
            item.institution = office
        item.save()
        messages.success(request, _("Saved."))
        job = item if isinstance(item, SubsidisedJob) else item.job
        return redirect(reverse("dmfa:controls-job", args=[job.pk]))
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"form": form, "title": title}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def new_job(request):
    return _entry_form(request, SubsidisedJobForm, "dmfa/controls/entry.html", _("New subsidised job"))


@login_required
@require_http_methods(["GET", "POST"])
def new_statement(request):
    return _entry_form(request, MonthlyStatementForm, "dmfa/controls/entry.html", _("New monthly statement"))


@login_required
@require_http_methods(["GET", "POST"])
def import_file(request):
    office = _office(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            count = import_csv(
                content=form.cleaned_data["file"].read(), kind=form.cleaned_data["kind"], institution=office
            )
        except CsvImportError as exc:
            problems = exc.problems
        else:
            messages.success(request, _("%(count)d rows imported.") % {"count": count})
            return redirect("dmfa:controls")
    status = 400 if request.method == "POST" else 200
    return render(request, "dmfa/controls/import.html", {"form": form, "problems": problems}, status=status)
