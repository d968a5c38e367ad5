"""Reads of the repertory app: the look-up, the employer record and the plain employer facts for the calculator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q
from django.utils import timezone

from foundation.identifiers import EmployerNumber
from repertory.constants import Region, Repertory
from repertory.models import Employer, EmployerActivity, EmployerCategory, KboCode, OperatingSeat, Source, size_band


class EmployerNotFound(LookupError):
    """No employer with this repertory and registration number."""


def active_employers_for_lookup(key: EmployerNumber, *, on: date | None = None) -> list[Employer]:
    """The employers not struck off that a look-up key names, with their categories (two queries).

    Only the fields the look-up needs are read; a struck-off employer is left out, so the page cannot tell it from an
    unknown number.
    """
    if key.enterprise_number:
        condition = Q(enterprise_number=key.enterprise_number)
    else:
        condition = Q(pk__in=[])
        for repertory, number in key.registrations:
            condition |= Q(repertory=repertory, registration_number=number)
    return list(
        Employer.objects.active(on=on)
        .filter(condition)
        .only("pk", "repertory", "registration_number", "natural_person")
        .prefetch_related(Prefetch("categories", queryset=EmployerCategory.objects.order_by("code")))
        .order_by("repertory", "registration_number")
    )


def natural_person_flags(employers: set[tuple[str, str]]) -> dict[tuple[str, str], bool]:
    """Whether each of these employers ((repertory, registration number)) in the portal's copy is a natural person."""
    numbers = {number for _repertory, number in employers}
    rows = Employer.objects.filter(registration_number__in=numbers).values_list(
        "repertory", "registration_number", "natural_person"
    )
    return {(repertory, number): natural for repertory, number, natural in rows if (repertory, number) in employers}


def categories_of(employers: list[Employer]) -> list[EmployerCategory]:
    """The distinct categories of these employers, by code."""
    found = {category.code: category for employer in employers for category in employer.categories.all()}
    return [found[code] for code in sorted(found)]


def employer_for_record(*, registration_number: str, repertory: str | None = None) -> Employer | None:
    """The employer with every related row the record page shows (struck-off employers included)."""
    employers = Employer.objects.filter(registration_number=registration_number)
    if repertory:
        employers = employers.filter(repertory=repertory)
    return (
        employers.prefetch_related(
            Prefetch("categories", queryset=EmployerCategory.objects.order_by("code")),
            Prefetch(
                "activities", queryset=EmployerActivity.objects.order_by("category_id", "nace_version", "nace_code")
            ),
            Prefetch("seats", queryset=OperatingSeat.objects.order_by("source", "establishment_number", "postcode")),
        )
        .order_by("repertory")
        .first()
    )


def code_labels(*, category: str, codes: set[str]) -> dict[str, str]:
    """Labels of KBO codes in the active language: {code: label}."""
    return {code.code: code.label for code in KboCode.objects.filter(category=category, code__in=codes)}


def nace_labels(activities) -> dict[tuple[str, str], str]:
    """{(version, code): label} for these NACE codes, in one query."""
    wanted = {(a.nace_version, a.nace_code) for a in activities}
    if not wanted:
        return {}
    condition = Q()
    for version in {version for version, _code in wanted}:
        condition |= Q(category=f"Nace{version}", code__in=[code for v, code in wanted if v == version])
    return {(code.category[4:], code.code): code.label for code in KboCode.objects.filter(condition)}


def seats_shown(employer: Employer) -> list[OperatingSeat]:
    """The operating seats of the KBO when it knows any, else those of the repertory file."""
    seats = list(employer.seats.all())
    from_kbo = [seat for seat in seats if seat.source == Source.KBO]
    return from_kbo or seats


# -- the calculator's view of an employer ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NaceFact:
    category: str | None  # employer category, or None for the KBO activity group of the employer's repertory
    version: str  # "2008" or "2025"
    code: str  # digits, e.g. "62010"


@dataclass(frozen=True)
class SeatFact:
    establishment_number: str
    postcode: str
    region: str  # repertory.constants.Region value: "BRU", "VLG", "WAL"
    german_language_area: bool


@dataclass(frozen=True)
class EmployerFacts:
    """What the calculator needs of an employer: plain values, no ORM objects."""

    repertory: str
    registration_number: str
    enterprise_number: str
    category_codes: tuple[str, ...]
    nace_codes: tuple[NaceFact, ...]
    legal_form: str
    natural_person: bool
    employer_type: str
    importance_code: int
    size_band: str  # repertory.constants.SizeBand value
    deletion_date: date | None
    operating_seats: tuple[SeatFact, ...]

    @property
    def regions(self) -> frozenset[str]:
        return frozenset(seat.region for seat in self.operating_seats)

    @property
    def in_german_language_area(self) -> bool:
        return any(seat.german_language_area for seat in self.operating_seats)

    def is_deleted(self, *, on: date | None = None) -> bool:
        return self.deletion_date is not None and self.deletion_date <= (on or timezone.localdate())


def employer_facts(repertory: str, number: str) -> EmployerFacts:
    """The facts of one employer (struck-off ones too: ``is_deleted`` tells). Raises EmployerNotFound.

    Call it only after the authz gate granted the disclosure (activity repertory-calculator).
    """
    employer = employer_for_record(registration_number=str(number).lstrip("0"), repertory=Repertory(repertory))
    if employer is None:
        raise EmployerNotFound(f"{repertory} {number}")
    return EmployerFacts(
        repertory=employer.repertory,
        registration_number=employer.registration_number,
        enterprise_number=employer.enterprise_number,
        category_codes=tuple(category.code for category in employer.categories.all()),
        nace_codes=tuple(NaceFact(a.category_id, a.nace_version, a.nace_code) for a in employer.activities.all()),
        legal_form=employer.legal_form,
        natural_person=employer.natural_person,
        employer_type=employer.employer_type,
        importance_code=employer.importance_code,
        size_band=str(size_band(employer.importance_code).value),
        deletion_date=employer.deletion_date,
        operating_seats=tuple(
            SeatFact(seat.establishment_number, seat.postcode, Region(seat.region).value, seat.german_language_area)
            for seat in seats_shown(employer)
        ),
    )


def record_context(employer: Employer) -> dict:
    """What the record page and the API show of an employer, with the labels of its codes (three queries)."""
    activities = list(employer.activities.all())
    labels = nace_labels(activities)
    legal_forms = code_labels(category="JuridicalForm", codes={employer.legal_form}) if employer.legal_form else {}
    categories = list(employer.categories.all())
    per_category = [
        {
            "category": category,
            "nace": [
                (a, labels.get((a.nace_version, a.nace_code), "")) for a in activities if a.category_id == category.code
            ],
        }
        for category in categories
    ]
    return {
        "employer": employer,
        "legal_form_label": legal_forms.get(employer.legal_form, ""),
        "categories": per_category,
        "kbo_nace": [(a, labels.get((a.nace_version, a.nace_code), "")) for a in activities if a.category_id is None],
        "nace_labels": labels,
        "seats": seats_shown(employer),
        "is_deleted": employer.is_deleted(),
    }


def employer_name(repertory: str, registration_number: str) -> str:
    """The employer's name in the repertory, in the active language or the nearest one ("" when unknown).

    Other apps name an employer by this name (the acting-for badge through ``settings.EMPLOYER_NAME_LOOKUP``).
    """
    from repertory.models import pick_label

    employer = (
        Employer.objects.filter(repertory=repertory, registration_number=registration_number)
        .only("name_nl", "name_fr", "name_de")
        .first()
    )
    return pick_label(employer, field="name") if employer else ""


# -- what the calculator asks of the repertory ------------------------------------------------------------------------


def registrations_with_enterprise_number(enterprise_number: str) -> list[tuple[str, str]]:
    """(repertory, registration number) of every employer (struck-off ones included) with this enterprise number."""
    return list(
        Employer.objects.filter(enterprise_number=enterprise_number)
        .order_by("repertory", "registration_number")
        .values_list("repertory", "registration_number")
    )


def employer_category_labels(codes) -> dict[str, str]:
    """Labels of employer categories in the active language: {code: label}."""
    return {category.code: category.label for category in EmployerCategory.objects.filter(code__in=codes)}
