"""Demo of the GECO/DSP controls: employer E (a non-profit) with a GECO and a DSP job of the BGDA from 2026, their
monthly statements for 2026Q1, and the integrations that let agent@demo.be open them (idempotent).

What the demo shows: the headcount control fails (the DSP worker counted as regular staff in 2025 is subsidised from
2026, so the regular staff fell), and the GECO job's reconciliation shows a gross wage declared 100 euros above the
DmfA. The premiums paid equal the premiums due.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from authz.models import Institution, QualityCode, ReferenceDirectoryEntry
from dmfa.constants import ParameterKey, ParameterStatus, PremiumBasis, Programme
from dmfa.controls import runner
from dmfa.controls.facts import declared_quarters, register_identity, worker_quarter
from dmfa.controls.premium import quarter_months
from dmfa.models import MonthlyStatement, ProgrammeParameter, SubsidisedJob
from foundation.quarters import Quarter

EMPLOYER_E = "145678964"
QUARTER = Quarter(2026, 1)
START = date(2026, 1, 1)
#: (reference, programme, INSZ of a demo worker of employer E: see dmfa.demo.workers)
JOBS = [("GECO-DEMO-1", Programme.GECO, "89102082628"), ("DSP-DEMO-1", Programme.DSP, "96050187084")]
WAGE_DIFFERENCE = Decimal("100.00")


def _split(total: Decimal, places: str = "0.01") -> list[Decimal]:
    """A quarter's total over its three months (the last month takes the rounding)."""
    part = (total / 3).quantize(Decimal(places))
    return [part, part, total - 2 * part]


@transaction.atomic
def load(*, stdout) -> None:
    bgda = Institution.objects.get(code="BGDA")
    quality = QualityCode.objects.get(code="001")
    # The DSP regional premium is known until 31 August 2024 only (research §2: GAP after). The demo carries the
    # last amount on, as an assumption of the demo, so that the DSP premium can be shown.
    ProgrammeParameter.objects.update_or_create(
        programme=Programme.DSP,
        key=ParameterKey.FIXED_MONTHLY,
        joint_committee="",
        valid_from=date(2024, 9, 1),
        defaults={
            "amount": Decimal("1168.75"),
            "source": "DEMO ONLY: the amount in force until 31 August 2024 carried on (not confirmed)",
            "status": ParameterStatus.ASSUMPTION,
        },
    )
    declarations = declared_quarters(registration_number=EMPLOYER_E, quarters=[QUARTER])
    for reference, programme, insz in JOBS:
        ReferenceDirectoryEntry.objects.update_or_create(
            institution=bgda, insz=insz, quality_code=quality, valid_from=date(2025, 1, 1), defaults={}
        )
        identity = register_identity(insz=insz)
        job, _created = SubsidisedJob.objects.update_or_create(
            institution=bgda,
            reference=reference,
            defaults={
                "registration_number": EMPLOYER_E,
                "insz": insz,
                "programme": programme,
                "start_date": START,
                "days_per_week": Decimal("5"),
                "worker_hours": Decimal("38"),
                "reference_hours": Decimal("38"),
                "joint_committee": "330",
                "basis": PremiumBasis.FIXED,
                "share_exempt": False,
                "last_name": identity.get("last_name", ""),
                "first_name": identity.get("first_name", ""),
                "postcode": identity.get("postcode", ""),
                "street": identity.get("street", ""),
            },
        )
        worker = worker_quarter(declaration_id=declarations[QUARTER], insz=insz)
        parameters = runner.EmployerCache().programme(programme)
        worked, assimilated = runner._classes(parameters, job, QUARTER)
        columns = {
            "days_worked": _split(worker.days(worked)),
            "assimilated_days": _split(worker.days(assimilated)),
            "hours": _split(worker.hours(worked | assimilated) or Decimal(0)),
            "gross_wage": _split(worker.gross_wage),
            "employer_contributions": _split(worker.employer_contributions),
            "reductions": _split(worker.reductions),
        }
        if programme == Programme.GECO:
            columns["gross_wage"][2] += WAGE_DIFFERENCE
        for index, month in enumerate(quarter_months(QUARTER)):
            MonthlyStatement.objects.update_or_create(
                job=job,
                month=month,
                defaults={name: values[index] for name, values in columns.items()} | {"premium_paid": Decimal(0)},
            )
        premium = runner.premium_check(job, QUARTER)
        for line in premium.figures["months"]:
            month = date.fromisoformat(line["month"] + "-01")
            MonthlyStatement.objects.filter(job=job, month=month).update(premium_paid=Decimal(line["due"]))
    stdout.write(f"dmfa controls: {len(JOBS)} subsidised jobs at employer {EMPLOYER_E} with statements for {QUARTER}")
