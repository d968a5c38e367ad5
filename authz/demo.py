"""Demo rights: owners of employers A and B, a social secretariat's mandates, a BGDA agent, an auditor and the
reference directory (idempotent)."""

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from authz.models import (
    AccessScope,
    EmployerAccess,
    Institution,
    InstitutionMembership,
    QualityCode,
    ReferenceDirectoryEntry,
)

EMPLOYER_A = ("RSZ", "123456749", "Alfa Software")  # the names the repertory gives them (repertory/demo.py)
EMPLOYER_B = ("RSZ", "134567808", "Bakkerij Bogaert")
SECRETARIAT = "Demo Social Secretariat"

#: (email, employer, role, valid from, valid until, organisation)
ACCESSES = [
    ("owner.a@demo.be", EMPLOYER_A, "owner", date(2020, 1, 1), None, ""),
    ("owner.b@demo.be", EMPLOYER_B, "owner", date(2020, 1, 1), None, ""),
    ("secretariat@demo.be", EMPLOYER_A, "mandatary", date(2025, 1, 1), None, SECRETARIAT),
    ("secretariat@demo.be", EMPLOYER_B, "mandatary", date(2023, 1, 1), date(2024, 12, 31), SECRETARIAT),
]

#: (INSZ, institution, quality code, from, until)
INTEGRATIONS = [
    ("90051512391", "BGDA", "001", date(2024, 1, 1), None),
    ("85010123176", "BGDA", "010", date(2024, 1, 1), None),
    ("64072008826", "VDAB", "001", date(2024, 1, 1), None),
]


@transaction.atomic
def load(*, stdout) -> None:
    users = {user.email: user for user in get_user_model().objects.filter(email__endswith="@demo.be")}
    scopes = list(AccessScope.objects.filter(code__in=["repertory", "calculator"]))
    for email, (repertory, number, name), role, valid_from, valid_until, organisation in ACCESSES:
        access, _ = EmployerAccess.objects.update_or_create(
            user=users[email],
            repertory=repertory,
            registration_number=number,
            role=role,
            valid_from=valid_from,
            defaults={
                "valid_until": valid_until,
                "employer_name": name,
                "organisation": organisation,
                "granted_by": users["owner.a@demo.be"] if number == EMPLOYER_A[1] else users["owner.b@demo.be"],
            },
        )
        access.scopes.set(scopes)
    bgda = Institution.objects.get(code="BGDA")
    InstitutionMembership.objects.update_or_create(
        user=users["agent@demo.be"], institution=bgda, defaults={"role": "agent", "valid_from": date(2024, 1, 1)}
    )
    users["auditor@demo.be"].groups.add(Group.objects.get(name="auditor"))
    institutions = {institution.code: institution for institution in Institution.objects.all()}
    qualities = {quality.code: quality for quality in QualityCode.objects.all()}
    for insz, institution, quality, valid_from, valid_until in INTEGRATIONS:
        ReferenceDirectoryEntry.objects.update_or_create(
            institution=institutions[institution],
            insz=insz,
            quality_code=qualities[quality],
            valid_from=valid_from,
            defaults={"valid_until": valid_until},
        )
    stdout.write(f"authz: {len(ACCESSES)} employer accesses, 1 agent, 1 auditor, {len(INTEGRATIONS)} integrations")
