"""Reads of the dmfa app: a person's declarations over a period, an employer's declaration, import jobs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from dmfa.blocks import attach_blocks
from dmfa.models import EmployerDeclaration, NaturalPerson, PersonIdentity
from foundation.quarters import Quarter


def person_declarations(*, insz: str, quarters: Sequence[Quarter]) -> list[NaturalPerson]:
    """The person's records in the current declarations of these quarters, by quarter and employer."""
    persons = (
        NaturalPerson.objects.filter(insz=insz, declaration__is_current=True, declaration__quarter__in=list(quarters))
        .select_related("declaration")
        .order_by("declaration__quarter", "declaration__registration_number", "sequence_number")
    )
    return attach_blocks(list(persons))


def person_identity(*, insz: str) -> PersonIdentity | None:
    return PersonIdentity.objects.filter(insz=insz).first()


def identities(*, insz_numbers) -> dict[str, PersonIdentity]:
    return {person.insz: person for person in PersonIdentity.objects.filter(insz__in=list(insz_numbers))}


@dataclass
class QuarterGroup:
    quarter: Quarter
    records: list[NaturalPerson] = field(default_factory=list)


def by_quarter(records) -> list[QuarterGroup]:
    """Group a person's records (ordered by quarter) per quarter for display."""
    groups: list[QuarterGroup] = []
    for record in records:
        if not groups or groups[-1].quarter != record.declaration.quarter:
            groups.append(QuarterGroup(record.declaration.quarter))
        groups[-1].records.append(record)
    return groups


def employer_declaration(*, registration_number: str, quarter: Quarter) -> EmployerDeclaration | None:
    """The current declaration of an employer (RSZ number or enterprise number) for a quarter."""
    declarations = EmployerDeclaration.objects.filter(quarter=quarter, is_current=True)
    if len(registration_number) == 10:
        declarations = declarations.filter(enterprise_number=registration_number)
    else:
        declarations = declarations.filter(registration_number=registration_number)
    return declarations.order_by("registration_number").first()


def declaration_persons(*, declaration: EmployerDeclaration, visible) -> tuple[list[NaturalPerson], int]:
    """The persons of a declaration whose INSZ is in ``visible`` (a values queryset), and how many others there are."""
    shown = attach_blocks(
        list(NaturalPerson.objects.filter(declaration=declaration, insz__in=visible).order_by("sequence_number"))
    )
    total = NaturalPerson.objects.filter(declaration=declaration).count()
    return shown, total - len(shown)
