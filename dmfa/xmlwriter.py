"""Writes DmfAOriginal XML from plain values (the demo and the benchmarks generate their files with it).

Streams with lxml's xmlfile, one natural person at a time, so a file of any size is written in flat memory.
Amounts are given in euros and days or hours as decimals; they are written in the DmfA units (cents, hundredths).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO

from lxml import etree

from foundation.quarters import Quarter


@dataclass
class ServiceLine:
    code: int
    days: Decimal
    hours: Decimal | None = None


@dataclass
class RemunerationLine:
    code: int
    amount: Decimal
    bonus_frequency: int | None = None


@dataclass
class DeductionLine:
    code: int
    amount: Decimal
    calculation_basis: Decimal | None = None
    right_starting_date: dt.date | None = None


@dataclass
class ContributionLine:
    worker_code: int
    contribution_type: int
    amount: Decimal
    calculation_basis: Decimal | None = None


@dataclass
class OccupationLine:
    starting_date: dt.date
    joint_committee: str
    days_per_week: Decimal
    part_time: bool
    worker_hours: Decimal  # Q
    reference_hours: Decimal  # S
    ending_date: dt.date | None = None
    employment_promotion: int | None = None
    services: list[ServiceLine] = field(default_factory=list)
    remunerations: list[RemunerationLine] = field(default_factory=list)
    deductions: list[DeductionLine] = field(default_factory=list)


@dataclass
class StudentLine:
    remuneration: Decimal
    contribution: Decimal
    days: int


@dataclass
class WorkerRecordLine:
    worker_code: int
    employer_class: int = 0
    occupations: list[OccupationLine] = field(default_factory=list)
    contributions: list[ContributionLine] = field(default_factory=list)
    deductions: list[DeductionLine] = field(default_factory=list)
    student: StudentLine | None = None


@dataclass
class PersonLine:
    insz: str
    worker_records: list[WorkerRecordLine]


@dataclass
class FormLine:
    quarter: Quarter
    registration_number: str
    enterprise_number: str
    reference: str
    created_at: dt.datetime
    net_owed_amount: Decimal
    persons: Iterable[PersonLine]


def _cents(value: Decimal) -> str:
    return str(int((Decimal(value) * 100).to_integral_value()))


def _add(parent, tag: str, text) -> None:
    etree.SubElement(parent, tag).text = str(text)


def _person(person: PersonLine, number: int, quarter: Quarter):
    element = etree.Element("NaturalPerson")
    _add(element, "NaturalPersonSequenceNbr", number)
    _add(element, "INSS", person.insz)
    for record in person.worker_records:
        _worker_record(etree.SubElement(element, "WorkerRecord"), record, quarter)
    return element


def _worker_record(element, record: WorkerRecordLine, quarter: Quarter) -> None:
    _add(element, "EmployerClass", f"{record.employer_class:03d}")
    _add(element, "WorkerCode", f"{record.worker_code:03d}")
    _add(element, "NOSSQuarterStartingDate", quarter.first_day.isoformat())
    _add(element, "NOSSQuarterEndingDate", quarter.last_day.isoformat())
    _add(element, "Border", 0)
    if record.student is not None:
        student = etree.SubElement(element, "StudentContribution")
        _add(student, "StudentRemunAmount", _cents(record.student.remuneration))
        _add(student, "StudentContributionAmount", _cents(record.student.contribution))
        _add(student, "StudentNbrDays", record.student.days)
        return
    for number, occupation in enumerate(record.occupations, start=1):
        _occupation(etree.SubElement(element, "Occupation"), occupation, number)
    for contribution in record.contributions:
        block = etree.SubElement(element, "WorkerContribution")
        _add(block, "ContributionWorkerCode", f"{contribution.worker_code:03d}")
        _add(block, "ContributionType", contribution.contribution_type)
        if contribution.calculation_basis is not None:
            _add(block, "ContributionCalculationBasis", _cents(contribution.calculation_basis))
        _add(block, "ContributionAmount", _cents(contribution.amount))
    for deduction in record.deductions:
        _deduction(etree.SubElement(element, "WorkerDeduction"), deduction)


def _occupation(element, occupation: OccupationLine, number: int) -> None:
    _add(element, "OccupationSequenceNbr", number)
    _add(element, "OccupationStartingDate", occupation.starting_date.isoformat())
    if occupation.ending_date:
        _add(element, "OccupationEndingDate", occupation.ending_date.isoformat())
    _add(element, "JointCommissionNbr", occupation.joint_committee)
    _add(element, "WorkingDaysSystem", _cents(occupation.days_per_week))
    _add(element, "ContractType", 1 if occupation.part_time else 0)
    _add(element, "RefMeanWorkingHours", _cents(occupation.reference_hours))
    _add(element, "MeanWorkingHours", _cents(occupation.worker_hours))
    if occupation.employment_promotion is not None:
        _add(element, "EmploymentPromotion", f"{occupation.employment_promotion:03d}")
    _add(element, "Retired", 0)
    for number_, service in enumerate(occupation.services, start=1):
        block = etree.SubElement(element, "Service")
        _add(block, "ServiceSequenceNbr", number_)
        _add(block, "ServiceCode", f"{service.code:03d}")
        _add(block, "ServiceNbrDays", _cents(service.days))
        if service.hours is not None:
            _add(block, "ServiceNbrHours", _cents(service.hours))
    for number_, remuneration in enumerate(occupation.remunerations, start=1):
        block = etree.SubElement(element, "Remun")
        _add(block, "RemunSequenceNbr", number_)
        _add(block, "RemunCode", f"{remuneration.code:03d}")
        if remuneration.bonus_frequency is not None:
            _add(block, "BonusPaymentFrequency", remuneration.bonus_frequency)
        _add(block, "RemunAmount", _cents(remuneration.amount))
    for deduction in occupation.deductions:
        _deduction(etree.SubElement(element, "OccupationDeduction"), deduction)


def _deduction(element, deduction: DeductionLine) -> None:
    _add(element, "DeductionCode", f"{deduction.code:04d}")
    if deduction.calculation_basis is not None:
        _add(element, "DeductionCalculationBasis", _cents(deduction.calculation_basis))
    _add(element, "DeductionAmount", _cents(deduction.amount))
    if deduction.right_starting_date is not None:
        _add(element, "DeductionRightStartingDate", deduction.right_starting_date.isoformat())


def write_dmfa(target: str | Path | IO[bytes], forms: Iterable[FormLine]) -> None:
    """Write the forms as one DmfAOriginal file."""
    with etree.xmlfile(str(target) if isinstance(target, Path) else target, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element("DmfAOriginal"):
            for form in forms:
                _form(xf, form)


def _form(xf, form: FormLine) -> None:
    with xf.element("Form"):
        header = etree.Element("header")
        _add(header, "Identification", "DMFA")
        _add(header, "FormCreationDate", form.created_at.date().isoformat())
        _add(
            header,
            "FormCreationHour",
            form.created_at.strftime("%H:%M:%S.") + f"{form.created_at.microsecond // 1000:03d}",
        )
        _add(header, "AttestationStatus", 0)
        _add(header, "TypeForm", "SU")
        reference = etree.SubElement(header, "Reference")
        _add(reference, "ReferenceType", 1)
        _add(reference, "ReferenceOrigin", 1)
        _add(reference, "ReferenceNbr", form.reference)
        for child in header:
            xf.write(child)
        with xf.element("EmployerDeclaration"):
            employer = etree.Element("employer")
            _add(employer, "Quarter", int(form.quarter))
            _add(employer, "NOSSRegistrationNbr", form.registration_number or 0)
            _add(employer, "Trusteeship", 0)
            _add(employer, "CompanyID", form.enterprise_number or 0)
            _add(employer, "NetOwedAmount", _cents(form.net_owed_amount))
            for child in employer:
                xf.write(child)
            for number, person in enumerate(form.persons, start=1):
                xf.write(_person(person, number, form.quarter))
