"""The three controls of one subsidised job for one quarter, their stored results, and the batch over an office."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dmfa.constants import ControlKind, ControlOutcome, ControlRunStatus, ParameterKey
from dmfa.controls import facts, fte, premium, reconciliation
from dmfa.models import ControlResult, ControlRun, MonthlyStatement, SubsidisedJob
from foundation.quarters import Quarter

logger = logging.getLogger(__name__)
ZERO = Decimal("0")


def _number(value: Decimal | None, places: str = "0.01") -> str | None:
    return None if value is None else str(value.quantize(Decimal(places)))


def _plain(value) -> str | None:
    """A figure as the page, the API and the report show it: amounts, days and hours to the hundredth."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass
class Control:
    """One control's outcome, its figures (JSON-ready, stored and returned by the API) and the full detail."""

    kind: str
    outcome: str
    figures: dict
    detail: object = None


@dataclass
class EmployerCache:
    """Regular-staff FTE per employer and quarter, worked out once per batch (many jobs share an employer)."""

    fte: dict[tuple[str, Quarter], tuple[Decimal, int] | None] = field(default_factory=dict)
    parameters: dict[str, facts.Parameters] = field(default_factory=dict)

    def regular(self, registration_number: str, quarters: list[Quarter]) -> dict[Quarter, tuple[Decimal, int] | None]:
        wanted = [quarter for quarter in quarters if (registration_number, quarter) not in self.fte]
        if wanted:
            declarations = facts.declared_quarters(registration_number=registration_number, quarters=wanted)
            lines = facts.occupation_lines(declarations=declarations)
            for quarter in wanted:
                if quarter not in declarations:
                    self.fte[(registration_number, quarter)] = None
                    continue
                excluded = facts.subsidised_insz(registration_number=registration_number, quarter=quarter)
                self.fte[(registration_number, quarter)] = fte.regular_fte(lines[quarter], subsidised_insz=excluded)
        return {quarter: self.fte[(registration_number, quarter)] for quarter in quarters}

    def programme(self, programme: str) -> facts.Parameters:
        if programme not in self.parameters:
            self.parameters[programme] = facts.Parameters(programme)
        return self.parameters[programme]


def headcount(job: SubsidisedJob, quarter: Quarter, cache: EmployerCache | None = None) -> Control:
    """05/012 §2.2: regular FTE in the quarter against the mean of the four quarters of the year before the hire."""
    cache = cache or EmployerCache()
    references = fte.reference_quarters(job.start_date)
    levels = cache.regular(job.registration_number, [*references, quarter])
    missing = [str(q) for q, level in levels.items() if level is None]
    reference_figures = [
        {"quarter": str(q), "fte": _number(levels[q][0], "0.0001") if levels[q] else None} for q in references
    ]
    if missing:
        figures = {"missing_quarters": missing, "reference_quarters": reference_figures}
        return Control(ControlKind.HEADCOUNT, ControlOutcome.NOT_AVAILABLE, figures)
    outcome = fte.HeadcountOutcome(
        reference_quarters=[(q, levels[q][0]) for q in references],
        reference=fte.reference_level([(q, levels[q][0]) for q in references]),
        quarter=quarter,
        fte=levels[quarter][0],
        persons=levels[quarter][1],
    )
    figures = {
        "reference_quarters": reference_figures,
        "reference": _number(outcome.reference, "0.0001"),
        "fte": _number(outcome.fte, "0.0001"),
        "persons": outcome.persons,
        "difference": str(outcome.difference),
        "kept": outcome.kept,
    }
    return Control(
        ControlKind.HEADCOUNT, ControlOutcome.PASSED if outcome.kept else ControlOutcome.FAILED, figures, outcome
    )


def _terms(job: SubsidisedJob) -> premium.JobTerms:
    return premium.JobTerms(
        basis=job.basis,
        start=job.start_date,
        end=job.end_date,
        days_per_week=job.days_per_week,
        fraction=job.fraction,
        monthly_wage=job.monthly_wage,
        minimum_wage_basis=job.minimum_wage_basis,
        share_exempt=job.share_exempt,
    )


def _statements(job: SubsidisedJob, quarter: Quarter) -> list[MonthlyStatement]:
    months = premium.quarter_months(quarter)
    prefetched = getattr(job, "_prefetched_objects_cache", {}).get("statements")
    if prefetched is not None:
        return [statement for statement in prefetched if statement.month in months]
    return list(job.statements.filter(month__in=months))


def _worker(job: SubsidisedJob, quarter: Quarter) -> facts.WorkerQuarter | None:
    declarations = facts.declared_quarters(registration_number=job.registration_number, quarters=[quarter])
    if quarter not in declarations:
        return None
    return facts.worker_quarter(declaration_id=declarations[quarter], insz=job.insz)


def _classes(parameters: facts.Parameters, job: SubsidisedJob, quarter: Quarter) -> tuple[set[str], set[str]]:
    on = max(quarter.first_day, job.start_date)
    return (
        parameters.codes(ParameterKey.WORKED_CODES, on, job.joint_committee),
        parameters.codes(ParameterKey.ASSIMILATED_CODES, on, job.joint_committee),
    )


def premium_check(job: SubsidisedJob, quarter: Quarter, worker=None, cache: EmployerCache | None = None) -> Control:
    """05/012 §3.1–3.3: the premium due per month from the DmfA against what the office paid."""
    cache = cache or EmployerCache()
    worker = worker if worker is not None else _worker(job, quarter)
    if worker is None:
        return Control(ControlKind.PREMIUM, ControlOutcome.NOT_AVAILABLE, {"missing_quarters": [str(quarter)]})
    parameters = cache.programme(job.programme)
    worked, assimilated = _classes(parameters, job, quarter)
    months = premium.quarter_months(quarter)
    paid = {statement.month: statement.premium_paid for statement in _statements(job, quarter)}
    check = premium.check_premium(
        terms=_terms(job),
        quarter=quarter,
        facts=worker.premium_facts(worked, assimilated),
        parameters={month: parameters.month(month, job.joint_committee) for month in months},
        paid=paid,
    )
    figures = {
        "worked_days": _number(check.worked_days),
        "assimilated_days": _number(check.assimilated_days),
        "worked_codes": sorted(worked),
        "assimilated_codes": sorted(assimilated),
        "months": [
            {
                "month": line.month.strftime("%Y-%m"),
                "working_days": _number(line.working_days_month),
                "counted_days": _number(line.counted_days),
                "basis": _number(line.basis),
                "basis_explanation": line.basis_explanation,
                "gross": _number(line.gross),
                "employer_share": _number(line.share),
                "due": _number(line.due),
                "paid": _number(line.paid),
            }
            for line in check.months
        ],
        "due_before_ceiling": _number(check.due_before_ceiling),
        "wage_cost": _number(check.wage_cost),
        "ceiling_applied": check.ceiling_applied,
        "due": _number(check.due),
        "paid": _number(check.paid),
        "difference": _number(check.difference),
        "missing_parameters": check.missing,
        "sources": parameters.sources(max(quarter.first_day, job.start_date), job.joint_committee),
    }
    if check.missing:
        outcome = ControlOutcome.NOT_AVAILABLE
    else:
        outcome = ControlOutcome.PASSED if check.passed else ControlOutcome.FAILED
    return Control(ControlKind.PREMIUM, outcome, figures, check)


def reconciliation_check(
    job: SubsidisedJob, quarter: Quarter, worker=None, cache: EmployerCache | None = None, identity=None
) -> Control:
    """05/012 §3.4–3.8: the quarter's monthly statements against the DmfA, and the identity against the register."""
    cache = cache or EmployerCache()
    worker = worker if worker is not None else _worker(job, quarter)
    if worker is None:
        return Control(ControlKind.RECONCILIATION, ControlOutcome.NOT_AVAILABLE, {"missing_quarters": [str(quarter)]})
    worked, assimilated = _classes(cache.programme(job.programme), job, quarter)
    statements = _statements(job, quarter)
    declared = {
        name: sum((getattr(statement, name) for statement in statements), ZERO)
        for name, _label, _kind in reconciliation.FIGURES
    }
    dmfa = {
        "days_worked": worker.days(worked),
        "assimilated_days": worker.days(assimilated),
        "hours": worker.hours(worked | assimilated),
        "gross_wage": worker.gross_wage,
        "employer_contributions": worker.employer_contributions,
        "reductions": worker.reductions,
    }
    declared_identity = {
        "last_name": job.last_name,
        "first_name": job.first_name,
        "birth_date": job.birth_date,
        "postcode": job.postcode,
        "street": job.street,
    }
    result = reconciliation.reconcile(
        declared=declared,
        dmfa=dmfa,
        declared_identity=declared_identity,
        register_identity=identity if identity is not None else facts.register_identity(insz=job.insz),
        statements=len(statements),
    )
    figures = {
        "statements": result.statements,
        "lines": [
            {
                "field": line.field,
                "declared": _plain(line.declared),
                "dmfa": _plain(line.dmfa),
                "difference": _plain(line.difference),
                "direction": line.direction,
                "within_tolerance": line.within_tolerance,
            }
            for line in result.lines
        ],
    }
    outcome = ControlOutcome.PASSED if result.passed else ControlOutcome.FAILED
    return Control(ControlKind.RECONCILIATION, outcome, figures, result)


def job_active_in(job: SubsidisedJob, quarter: Quarter) -> bool:
    return job.start_date <= quarter.last_day and (job.end_date is None or job.end_date >= quarter.first_day)


def controls_for(job: SubsidisedJob, quarter: Quarter, cache: EmployerCache | None = None) -> list[Control]:
    """The three controls of the job for the quarter (the worker's DmfA read once)."""
    cache = cache or EmployerCache()
    worker = _worker(job, quarter)
    return [
        headcount(job, quarter, cache),
        premium_check(job, quarter, worker, cache),
        reconciliation_check(job, quarter, worker, cache),
    ]


def jobs_active(*, institution_id: int, quarter: Quarter):
    return SubsidisedJob.objects.filter(institution_id=institution_id, start_date__lte=quarter.last_day).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=quarter.first_day)
    )


def start_run(*, institution_id: int, quarter: Quarter, job_ids: list[int], user) -> ControlRun:
    return ControlRun.objects.create(
        institution_id=institution_id, quarter=quarter, job_ids=job_ids, total=len(job_ids), started_by=user
    )


def _chunk_controls(jobs: list[SubsidisedJob], quarter: Quarter, cache: EmployerCache) -> list[tuple]:
    """The controls of a chunk of jobs, with the DmfA figures and identities read once per employer."""
    identities = facts.register_identities(insz_numbers=[job.insz for job in jobs])
    by_employer: dict[str, list[SubsidisedJob]] = {}
    for job in jobs:
        by_employer.setdefault(job.registration_number, []).append(job)
    computed = []
    for number, employer_jobs in by_employer.items():
        declarations = facts.declared_quarters(registration_number=number, quarters=[quarter])
        workers = (
            facts.worker_quarters(
                declaration_id=declarations[quarter], insz_numbers=[job.insz for job in employer_jobs]
            )
            if quarter in declarations
            else {}
        )
        for job in employer_jobs:
            worker = workers.get(job.insz)
            controls = [
                headcount(job, quarter, cache),
                premium_check(job, quarter, worker, cache) if worker else _not_available(ControlKind.PREMIUM, quarter),
                reconciliation_check(job, quarter, worker, cache, identities.get(job.insz, {}))
                if worker
                else _not_available(ControlKind.RECONCILIATION, quarter),
            ]
            computed.append((job, controls))
    return computed


def _not_available(kind: str, quarter: Quarter) -> Control:
    return Control(kind, ControlOutcome.NOT_AVAILABLE, {"missing_quarters": [str(quarter)]})


def _store_chunk(computed: list[tuple], quarter: Quarter, run: ControlRun) -> None:
    with transaction.atomic():
        ControlResult.objects.filter(job__in=[job for job, _controls in computed], quarter=quarter).delete()
        ControlResult.objects.bulk_create(
            ControlResult(
                run=run,
                job=job,
                institution_id=job.institution_id,
                registration_number=job.registration_number,
                insz=job.insz,
                quarter=quarter,
                control=control.kind,
                outcome=control.outcome,
                figures=control.figures,
            )
            for job, controls in computed
            for control in controls
        )


#: Jobs controlled and stored together (one transaction, and the progress written after each chunk).
CHUNK = 200


def execute_run(*, run: ControlRun) -> ControlRun:
    """Run the controls of every job of the batch, storing each chunk's results as it goes; a failure marks the run."""
    ControlRun.objects.filter(pk=run.pk).update(status=ControlRunStatus.RUNNING)
    cache = EmployerCache()
    done = 0
    try:
        jobs = list(
            SubsidisedJob.objects.filter(pk__in=run.job_ids)
            .prefetch_related("statements")
            .order_by("registration_number", "pk")
        )
        for start in range(0, len(jobs), CHUNK):
            chunk = jobs[start : start + CHUNK]
            _store_chunk(_chunk_controls(chunk, run.quarter, cache), run.quarter, run)
            done += len(chunk)
            ControlRun.objects.filter(pk=run.pk).update(done=done)
    except Exception as exc:
        logger.exception("control batch %s failed", run.pk)
        ControlRun.objects.filter(pk=run.pk).update(
            status=ControlRunStatus.FAILED, done=done, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    ControlRun.objects.filter(pk=run.pk).update(
        status=ControlRunStatus.SUCCEEDED, done=done, finished_at=timezone.now()
    )
    run.refresh_from_db()
    return run
