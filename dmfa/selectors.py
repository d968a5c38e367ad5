"""Reads of the dmfa app: a person's declarations over a period, an employer's declaration, import jobs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, prefetch_related_objects

from dmfa.models import (
    ComplementaryIndemnity,
    EarlyRetirementContribution,
    EmployerDeclaration,
    IncapacityIndemnity,
    NaturalPerson,
    Occupation,
    OccupationDeduction,
    PersonIdentity,
    WorkerDeduction,
    WorkerRecord,
)
from dmfa.quarters import Quarter

#: The blocks below a worker record or an occupation that most records do not have: a query of the records flags
#: each (EXISTS), and a block is fetched only when one of the records read has it, so an absent block costs no query.
_OPTIONAL_RECORD_BLOCKS = {
    "deductions": (WorkerDeduction, ("details",)),
    "early_retirement": (EarlyRetirementContribution, ()),
    "complementary_indemnities": (ComplementaryIndemnity, ("contributions",)),
    "incapacity_indemnities": (IncapacityIndemnity, ()),
}
_OPTIONAL_OCCUPATION_BLOCKS = {"deductions": (OccupationDeduction, ())}


def _flagged(queryset: QuerySet, blocks: dict, parent: str) -> QuerySet:
    flags = {}
    for name, (model, _nested) in blocks.items():
        flags[f"has_{name}"] = Exists(model.objects.filter(**{parent: OuterRef("pk")}))
    return queryset.annotate(**flags)


#: What a consultation shows below a natural person, in a fixed number of queries at most (whatever the number of
#: quarters, employers or records); the optional blocks follow in :func:`_with_optional_blocks`.
PERSON_PREFETCH = (
    Prefetch(
        "worker_records",
        queryset=_flagged(
            WorkerRecord.objects.select_related("student", "dismissed_statutory").order_by("id"),
            _OPTIONAL_RECORD_BLOCKS,
            "worker_record",
        ),
    ),
    Prefetch(
        "worker_records__occupations",
        queryset=_flagged(Occupation.objects.all(), _OPTIONAL_OCCUPATION_BLOCKS, "occupation"),
    ),
    "worker_records__occupations__services",
    "worker_records__occupations__remunerations",
    "worker_records__contributions",
)


def _with_optional_blocks(persons: list[NaturalPerson]) -> list[NaturalPerson]:
    records = [record for person in persons for record in person.worker_records.all()]
    occupations = [occupation for record in records for occupation in record.occupations.all()]
    for instances, blocks in ((records, _OPTIONAL_RECORD_BLOCKS), (occupations, _OPTIONAL_OCCUPATION_BLOCKS)):
        lookups: list = []
        for name, (model, nested) in blocks.items():
            if any(getattr(instance, f"has_{name}") for instance in instances):
                lookups += [name, *(f"{name}__{child}" for child in nested)]
            else:
                _prefetched_as_empty(instances, name, model)
        prefetch_related_objects(instances, *lookups)
    return persons


def _prefetched_as_empty(instances: list, name: str, model) -> None:
    """Mark the relation ``name`` of each instance as prefetched and empty, as ``prefetch_related_objects`` leaves it
    when it finds nothing, without building the statement it would build (an EmptyResultSet still costs that).

    Django's prefetch cache (``_prefetched_objects_cache``, a queryset whose result is set) is not public API: the
    tests that show each block on the page, present or absent, would fail if it changed.
    """
    if not instances:
        return
    empty = model.objects.none()
    empty._result_cache = []
    empty._prefetch_done = True
    cache_name = instances[0]._meta.get_field(name).cache_name
    for instance in instances:
        instance.__dict__.setdefault("_prefetched_objects_cache", {})[cache_name] = empty


def person_declarations(*, insz: str, quarters: Sequence[Quarter]) -> list[NaturalPerson]:
    """The person's records in the current declarations of these quarters, by quarter and employer."""
    persons = (
        NaturalPerson.objects.filter(insz=insz, declaration__is_current=True, declaration__quarter__in=list(quarters))
        .select_related("declaration")
        .prefetch_related(*PERSON_PREFETCH)
        .order_by("declaration__quarter", "declaration__registration_number", "sequence_number")
    )
    return _with_optional_blocks(list(persons))


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
    shown = _with_optional_blocks(
        list(
            NaturalPerson.objects.filter(declaration=declaration, insz__in=visible)
            .prefetch_related(*PERSON_PREFETCH)
            .order_by("sequence_number")
        )
    )
    total = NaturalPerson.objects.filter(declaration=declaration).count()
    return shown, total - len(shown)
