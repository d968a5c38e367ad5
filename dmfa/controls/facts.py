"""The reads the controls need: programme parameters by month, and the DmfA facts of an employer or a worker."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum

from dmfa.constants import ParameterKey
from dmfa.controls.fte import GECO_REDUCTION_CODE, OccupationLine
from dmfa.controls.premium import MonthParameters, QuarterFacts
from dmfa.models import (
    EmployerDeclaration,
    NaturalPerson,
    Occupation,
    OccupationDeduction,
    PersonIdentity,
    ProgrammeParameter,
    Remuneration,
    Service,
    SubsidisedJob,
    WorkerContribution,
    WorkerDeduction,
)
from foundation.quarters import Quarter

ZERO = Decimal("0")
#: Severance pay (remuneration code 3) is not wage of the quarter's work (geco-dsp-research.md §4).
SEVERANCE_REMUNERATION = "003"


class Parameters:
    """Every value of one programme's parameters, picked per day and joint committee (its own value before the
    one for every joint committee)."""

    def __init__(self, programme: str):
        self.rows = list(ProgrammeParameter.objects.filter(programme=programme))

    def value(self, key: str, on: date, joint_committee: str = "") -> ProgrammeParameter | None:
        candidates = [
            row
            for row in self.rows
            if row.key == key
            and row.joint_committee in {joint_committee, ""}
            and row.valid_from <= on
            and (row.valid_until is None or row.valid_until >= on)
        ]
        candidates.sort(key=lambda row: (row.joint_committee != joint_committee, -row.valid_from.toordinal()))
        return candidates[0] if candidates else None

    def amount(self, key: str, on: date, joint_committee: str = "") -> Decimal | None:
        row = self.value(key, on, joint_committee)
        return None if row is None else row.amount

    def codes(self, key: str, on: date, joint_committee: str) -> set[str]:
        row = self.value(key, on, joint_committee)
        return set() if row is None else {str(code).zfill(3) for code in row.codes}

    def month(self, on: date, joint_committee: str) -> MonthParameters:
        return MonthParameters(
            reference_annual_wage=self.amount(ParameterKey.REFERENCE_ANNUAL_WAGE, on, joint_committee),
            flat_percentage=self.amount(ParameterKey.FLAT_PERCENTAGE, on, joint_committee),
            fixed_annual=self.amount(ParameterKey.FIXED_ANNUAL, on, joint_committee),
            fixed_monthly=self.amount(ParameterKey.FIXED_MONTHLY, on, joint_committee),
            employer_share=self.amount(ParameterKey.EMPLOYER_SHARE, on, joint_committee),
        )

    def sources(self, on: date, joint_committee: str) -> list[dict]:
        used = [self.value(key, on, joint_committee) for key in ParameterKey.values]
        return [
            {"key": row.key, "value": str(row.amount) if row.amount is not None else ",".join(row.codes),
             "valid_from": row.valid_from.isoformat(), "source": row.source, "status": row.status}
            for row in used
            if row is not None
        ]  # fmt: skip


def declared_quarters(*, registration_number: str, quarters: Iterable[Quarter]) -> dict[Quarter, int]:
    """The current declarations of the employer for these quarters: quarter -> declaration id."""
    rows = EmployerDeclaration.objects.filter(
        registration_number=registration_number, quarter__in=list(quarters), is_current=True
    ).values_list("quarter", "pk")
    return dict(rows)


def occupation_lines(*, declarations: dict[Quarter, int]) -> dict[Quarter, list[OccupationLine]]:
    """Every occupation of these declarations as OccupationLines (two queries whatever the size)."""
    by_id = {pk: quarter for quarter, pk in declarations.items()}
    flagged = set(
        OccupationDeduction.objects.filter(
            occupation__worker_record__person__declaration_id__in=list(by_id), code=GECO_REDUCTION_CODE
        ).values_list("occupation_id", flat=True)
    )
    rows = Occupation.objects.filter(worker_record__person__declaration_id__in=list(by_id)).values_list(
        "pk",
        "worker_record__person__declaration_id",
        "worker_record__person__insz",
        "starting_date",
        "ending_date",
        "mean_working_hours",
        "reference_mean_working_hours",
        "contract_type",
        "worker_record__worker_code",
        "employment_promotion",
    )
    lines: dict[Quarter, list[OccupationLine]] = {quarter: [] for quarter in declarations}
    for pk, declaration_id, insz, start, end, q, s, contract, worker_code, promotion in rows.iterator(chunk_size=5000):
        quarter = by_id[declaration_id]
        lines[quarter].append(
            OccupationLine(
                insz=insz,
                quarter=quarter,
                start=start,
                end=end,
                worker_hours=q,
                reference_hours=s,
                full_time=contract == 0,
                worker_code=worker_code,
                employment_promotion=promotion,
                reduction_codes=frozenset({GECO_REDUCTION_CODE}) if pk in flagged else frozenset(),
            )
        )
    return lines


def subsidised_insz(*, registration_number: str, quarter: Quarter) -> set[str]:
    """Workers holding a subsidised job (any office, any programme) at the employer on a day of the quarter."""
    jobs = SubsidisedJob.objects.filter(registration_number=registration_number, start_date__lte=quarter.last_day)
    jobs = jobs.filter(Q(end_date__isnull=True) | Q(end_date__gte=quarter.first_day))
    return set(jobs.values_list("insz", flat=True))


@dataclass(frozen=True)
class WorkerQuarter:
    """A worker's DmfA figures at one employer in one quarter (all its worker records and occupations)."""

    days_by_code: dict[str, Decimal]
    hours_by_code: dict[str, Decimal]
    gross_wage: Decimal
    employer_contributions: Decimal
    reductions: Decimal

    def days(self, codes: set[str]) -> Decimal:
        return sum((days for code, days in self.days_by_code.items() if code in codes), ZERO)

    def hours(self, codes: set[str]) -> Decimal | None:
        hours = [value for code, value in self.hours_by_code.items() if code in codes]
        return sum(hours, ZERO) if hours else None

    def premium_facts(self, worked: set[str], assimilated: set[str]) -> QuarterFacts:
        wage_cost = self.gross_wage + self.employer_contributions - self.reductions
        return QuarterFacts(self.days(worked), self.days(assimilated), wage_cost)


def worker_quarters(*, declaration_id: int, insz_numbers: Iterable[str]) -> dict[str, WorkerQuarter]:
    """The DmfA figures of these workers in one declaration (five grouped queries whatever their number)."""
    wanted = list(set(insz_numbers))
    persons = NaturalPerson.objects.filter(declaration_id=declaration_id, insz__in=wanted)
    days: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    hours: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    services = Service.objects.filter(occupation__worker_record__person__in=persons)
    for insz, code, day_count, hour_count in services.values_list(
        "occupation__worker_record__person__insz", "code", "days", "hours"
    ):
        days[insz][code] += day_count
        if hour_count is not None:
            hours[insz][code] += hour_count

    def totals(queryset, path: str) -> dict[str, Decimal]:
        rows = queryset.filter(**{f"{path}__in": persons}).values(f"{path}__insz").annotate(total=Sum("amount"))
        return {row[f"{path}__insz"]: row["total"] or ZERO for row in rows}

    gross = totals(Remuneration.objects.exclude(code=SEVERANCE_REMUNERATION), "occupation__worker_record__person")
    contributions = totals(WorkerContribution.objects, "worker_record__person")
    occupation_reductions = totals(OccupationDeduction.objects, "occupation__worker_record__person")
    worker_reductions = totals(WorkerDeduction.objects, "worker_record__person")
    return {
        insz: WorkerQuarter(
            dict(days[insz]),
            dict(hours[insz]),
            gross.get(insz, ZERO),
            contributions.get(insz, ZERO),
            occupation_reductions.get(insz, ZERO) + worker_reductions.get(insz, ZERO),
        )
        for insz in wanted
    }


def worker_quarter(*, declaration_id: int, insz: str) -> WorkerQuarter:
    return worker_quarters(declaration_id=declaration_id, insz_numbers=[insz])[insz]


def register_identity(*, insz: str) -> dict:
    return register_identities(insz_numbers=[insz]).get(insz, {})


def register_identities(*, insz_numbers: Iterable[str]) -> dict[str, dict]:
    """The national-register identification the reconciliation compares, by INSZ."""
    return {person.insz: _identity(person) for person in PersonIdentity.objects.filter(insz__in=list(insz_numbers))}


def _identity(person: PersonIdentity) -> dict:
    return {
        "last_name": person.last_name,
        "first_name": person.first_name,
        "birth_date": person.birth_date,
        "postcode": person.postcode,
        "street": " ".join(part for part in (person.street, person.house_number) if part),
    }
