"""Models of the dmfa app: imports, the declarations' blocks, and person identification data."""

from dmfa.models.controls import ControlResult, ControlRun, MonthlyStatement, ProgrammeParameter, SubsidisedJob
from dmfa.models.declarations import (
    ComplementaryIndemnity,
    ComplementaryIndemnityContribution,
    DismissedStatutoryWorkerContribution,
    EarlyRetirementContribution,
    EmployerDeclaration,
    IncapacityIndemnity,
    NaturalPerson,
    Occupation,
    OccupationDeduction,
    Remuneration,
    Service,
    StudentContribution,
    WorkerContribution,
    WorkerDeduction,
    WorkerDeductionDetail,
    WorkerRecord,
)
from dmfa.models.imports import ImportJob
from dmfa.models.persons import PersonIdentity

__all__ = [
    "ComplementaryIndemnity",
    "ComplementaryIndemnityContribution",
    "ControlResult",
    "ControlRun",
    "DismissedStatutoryWorkerContribution",
    "EarlyRetirementContribution",
    "EmployerDeclaration",
    "ImportJob",
    "IncapacityIndemnity",
    "MonthlyStatement",
    "NaturalPerson",
    "Occupation",
    "OccupationDeduction",
    "PersonIdentity",
    "ProgrammeParameter",
    "Remuneration",
    "Service",
    "StudentContribution",
    "SubsidisedJob",
    "WorkerContribution",
    "WorkerDeduction",
    "WorkerDeductionDetail",
    "WorkerRecord",
]
