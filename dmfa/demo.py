"""Demo DmfA data: three employers over six quarters, forty workers, written as DmfA XML and imported through the
real importer (idempotent: the same forms are recognised and left alone on a second run).

The demo marks GECO hires with worker code 484 and reduction 4000 (subsidised contractual staff, annex 4) and DSP
hires with reduction 3241 (social insertion economy, which replaced the transition-programme codes 3220-3231 after
2020/4): an assumption of the demo, not a rule of the DmfA.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.utils import timezone

from dmfa import services
from dmfa.constants import ImportSource
from dmfa.controls import demo as controls_demo
from dmfa.xmlwriter import (
    ContributionLine,
    DeductionLine,
    FormLine,
    OccupationLine,
    PersonLine,
    RemunerationLine,
    ServiceLine,
    StudentLine,
    WorkerRecordLine,
    write_dmfa,
)
from foundation.imports import ImportStatus
from foundation.quarters import Quarter, quarter_range

QUARTERS = quarter_range(Quarter(2025, 1), Quarter(2026, 2))

#: (RSZ number, enterprise number, employer category, joint committee for white-collar, for manual workers)
EMPLOYERS = {
    "A": ("123456749", "0812345603", 0, "200", "124"),  # as in the authz and repertory demos
    "B": ("134567808", "0823456754", 0, "201", "118"),  # a natural person: the bakery
    "E": ("145678964", "0845678959", 11, "330", "330"),  # a non-profit care service
}

FIRST_NAMES = [
    "Emma",
    "Noah",
    "Louise",
    "Lucas",
    "Olivia",
    "Arthur",
    "Mila",
    "Adam",
    "Elena",
    "Jules",
    "Lina",
    "Victor",
]
LAST_NAMES = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "Dubois"]
STREETS = [("Rue Haute", "1000", "Bruxelles"), ("Chaussée de Gand", "1080", "Molenbeek-Saint-Jean"),
           ("Rue de Mérode", "1060", "Saint-Gilles"), ("Leuvensesteenweg", "1030", "Schaarbeek")]  # fmt: skip


@dataclass
class Worker:
    insz: str
    employer: str
    kind: str  # white-collar, manual, geco, dsp or student
    part_time: bool
    hired: dt.date
    monthly_wage: Decimal
    first_name: str
    last_name: str
    sex: int


def _insz(birth: dt.date, serial: int) -> str:
    base = f"{birth:%y%m%d}{serial:03d}"
    number = int(("2" if birth.year >= 2000 else "") + base)
    return base + f"{97 - number % 97:02d}"


def workers() -> list[Worker]:
    """Forty workers: the four persons of the authz demo at employer A, then 36 generated ones."""
    workers = [
        Worker("90051512391", "A", "geco", False, dt.date(2025, 2, 1), Decimal("2900"), "Lucas", "Peeters", 1),
        Worker("85010123176", "A", "dsp", True, dt.date(2024, 9, 1), Decimal("2500"), "Marc", "Dubois", 1),
        Worker("64072008826", "A", "white-collar", False, dt.date(2015, 4, 1), Decimal("4100"), "Hilde", "Maes", 2),
        Worker("01020314523", "A", "student", True, dt.date(2025, 7, 1), Decimal("0"), "Ilias", "Claes", 1),
    ]
    rng = random.Random(2026)
    kinds = {
        "A": ["white-collar"] * 3 + ["manual"],
        "B": ["manual"] * 3 + ["white-collar"],
        "E": ["white-collar", "geco", "dsp"],
    }
    for index in range(36):
        employer = "ABE"[index % 3]
        kind = rng.choice(kinds[employer])
        sex = 1 + index % 2
        birth = dt.date(1960 + rng.randrange(40), 1 + rng.randrange(12), 1 + rng.randrange(28))
        serial = 2 * rng.randrange(1, 499) + (1 if sex == 1 else 0)
        hired = dt.date(2010 + rng.randrange(16), 1 + rng.randrange(12), 1)
        if index % 9 == 4:  # some hires during the demo period
            hired = QUARTERS[rng.randrange(1, len(QUARTERS))].first_day + dt.timedelta(days=rng.randrange(40))
        workers.append(
            Worker(
                insz=_insz(birth, serial),
                employer=employer,
                kind=kind,
                part_time=rng.random() < 0.3,
                hired=hired,
                monthly_wage=Decimal(2200 + rng.randrange(0, 2600, 50)),
                first_name=FIRST_NAMES[index % len(FIRST_NAMES)],
                last_name=LAST_NAMES[(index * 7) % len(LAST_NAMES)],
                sex=sex,
            )
        )
    return workers


def _money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _working_days(start: dt.date, end: dt.date) -> int:
    return sum(1 for n in range((end - start).days + 1) if (start + dt.timedelta(days=n)).weekday() < 5)


def _record(worker: Worker, quarter: Quarter, rng: random.Random) -> WorkerRecordLine | None:
    """The worker's record for the quarter, with absences drawn for illness, holidays and temporary unemployment."""
    if worker.hired > quarter.last_day:
        return None
    if worker.kind == "student":
        if quarter.number != 3 and quarter != Quarter(2026, 2):
            return None
        wage = Decimal(rng.randrange(900, 1800))
        return WorkerRecordLine(841, student=StudentLine(wage, _money(wage * Decimal("0.0813")), rng.randrange(8, 25)))
    start = max(worker.hired, quarter.first_day)
    days = Decimal(_working_days(start, quarter.last_day)) * (Decimal("0.5") if worker.part_time else 1)
    hours_a_day = Decimal("7.6")
    absences: list[tuple[int, Decimal]] = []
    if rng.random() < 0.25:
        absences.append((50, Decimal(rng.randrange(2, 15))))  # illness
    if rng.random() < 0.15 and worker.kind != "geco":
        absences.append((71, Decimal(rng.randrange(3, 12))))  # temporary unemployment, economic reasons
    if worker.kind == "manual" and quarter.number == 3:
        absences.append((2, Decimal(10)))  # statutory holidays of manual workers
    worked = max(days - sum(d for _c, d in absences), Decimal(1))
    services_ = [ServiceLine(1, worked, worked * hours_a_day)] + [
        ServiceLine(c, d, d * hours_a_day) for c, d in absences
    ]
    fraction = worked / days if days else Decimal(1)
    months = (
        Decimal(_working_days(start, quarter.last_day))
        / Decimal(_working_days(quarter.first_day, quarter.last_day))
        * 3
    )
    gross = _money(worker.monthly_wage * months * fraction * (Decimal("0.5") if worker.part_time else 1))
    remunerations = [RemunerationLine(1, gross)]
    if quarter.number == 4:
        remunerations.append(RemunerationLine(2, _money(worker.monthly_wage), bonus_frequency=12))  # end-of-year bonus
    basis = sum((r.amount for r in remunerations), Decimal(0))
    deductions = []
    if worker.kind == "geco":
        deductions.append(DeductionLine(4000, _money(basis * Decimal("0.25")), basis, worker.hired))
    elif worker.kind == "dsp":
        deductions.append(DeductionLine(3241, Decimal("1000.00"), None, worker.hired))
    else:
        deductions.append(DeductionLine(3000, Decimal("150.00") if basis < 9000 else Decimal("45.00")))
    worker_code = {"white-collar": 495, "manual": 15, "geco": 484, "dsp": 495}[worker.kind]
    occupation = OccupationLine(
        starting_date=worker.hired,
        joint_committee=EMPLOYERS[worker.employer][4 if worker.kind == "manual" else 3],
        days_per_week=Decimal("2.5") if worker.part_time else Decimal(5),
        part_time=worker.part_time,
        worker_hours=Decimal(19) if worker.part_time else Decimal(38),
        reference_hours=Decimal(38),
        services=services_,
        remunerations=remunerations,
        deductions=deductions,
    )
    contribution = ContributionLine(worker_code, 0, _money(basis * Decimal("0.2507")), basis)
    return WorkerRecordLine(worker_code, EMPLOYERS[worker.employer][2], [occupation], [contribution])


def forms(demo_workers: list[Worker]):
    rng = random.Random(5012)
    for key, (rsz, enterprise, _class, _white, _manual) in EMPLOYERS.items():
        staff = [worker for worker in demo_workers if worker.employer == key]
        for quarter in QUARTERS:
            persons = []
            for worker in staff:
                record = _record(worker, quarter, rng)
                if record is not None:
                    persons.append(PersonLine(worker.insz, [record]))
            owed = sum((c.amount for p in persons for r in p.worker_records for c in r.contributions), Decimal(0))
            created = dt.datetime.combine(quarter.next().first_day + dt.timedelta(days=20), dt.time(10))
            yield FormLine(
                quarter=quarter,
                registration_number=rsz,
                enterprise_number=enterprise,
                reference=f"DEMO{rsz}{int(quarter)}",
                created_at=timezone.make_aware(created),
                net_owed_amount=owed,
                persons=persons,
            )


def load(*, stdout) -> None:
    demo_workers = workers()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo-dmfa.xml"
        write_dmfa(path, forms(demo_workers))
        job = services.import_path(path=path, source=ImportSource.DEMO)
    if job.status != ImportStatus.SUCCEEDED:
        raise RuntimeError(f"the demo DmfA file was refused: {job.errors[:3]}")
    rows = []
    for index, worker in enumerate(demo_workers):
        street, postcode, municipality = STREETS[index % len(STREETS)]
        rows.append(
            {
                "insz": worker.insz,
                "last_name": worker.last_name,
                "first_name": worker.first_name,
                "sex": str(worker.sex),
                "street": street,
                "house_number": str(10 + index),
                "postcode": postcode,
                "municipality": municipality,
                "country": "150",
                "nationality": "150",
            }
        )
    persons = services.import_persons(source=services.persons_csv(rows), file_name="demo-persons.csv")
    stdout.write(
        f"dmfa: {job.declarations_created} declarations imported ({job.declarations_unchanged} already present), "
        f"{job.persons} person records, {persons} identifications"
    )
    controls_demo.load(stdout=stdout)
