"""Seeds the processing register, access scopes, quality codes, institutions, the auditor group and the chain head."""

import datetime

from django.db import migrations

ACTIVITIES = [
    {
        "code": "employer-category-lookup",
        "name": "Employer-category look-up",
        "legal_basis": "Deliberation 06/80 of 14 November 2006 of the sectoral committee of social security",
        "purpose": "Show an employer, from its enterprise or registration number, its employer category as a "
        "search criterion for the catalogue of employment measures (phase 1 of the Front Office).",
        "data_source": "Employer repertories of the RSZ and the RSZPPO",
        "subject_kind": "employer",
        "data_categories": ["employer_category"],
        "recipients": ["public"],
        "required_scopes": [],
        "quality_codes_required": [],
        "requires_justification": False,
        "valid_from": datetime.date(2006, 11, 14),
    },
    {
        "code": "repertory-calculator",
        "name": "Repertory data for the benefit calculator",
        "legal_basis": "Deliberation 07/039 of 3 July 2007 of the sectoral committee of social security",
        "purpose": "Select the employment measures that apply to the employer and approximate their financial "
        "benefit (phase 2 of the Front Office: the calculator).",
        "data_source": "Employer repertories of the RSZ and the RSZPPO",
        "subject_kind": "employer",
        "data_categories": [
            "identification",
            "activity_sector",
            "legal_form",
            "employer_type",
            "employer_category",
            "operating_seats",
            "importance_code",
        ],
        "recipients": ["employer"],
        "required_scopes": ["repertory", "calculator"],
        "quality_codes_required": [],
        "requires_justification": False,
        "valid_from": datetime.date(2007, 7, 3),
    },
    {
        "code": "dmfa-geco-dsp",
        "name": "DmfA consultation for GECO/DSP control",
        "legal_basis": "Deliberation 05/012 of 8 March 2005 of the sectoral committee of social security",
        "purpose": "Verify and compute the GECO and DSP premiums of the Brussels employment office (BGDA) "
        "for the job seekers it integrated in the reference directory.",
        "data_source": "DmfA database of the RSZ and the RSZPPO",
        "subject_kind": "person",
        "data_categories": [
            "employer_declaration",
            "worker_record",
            "occupation",
            "services",
            "remuneration",
            "contributions_and_reductions",
            "identification",
        ],
        "recipients": ["institution"],
        "required_scopes": [],
        "quality_codes_required": ["001"],
        "requires_justification": True,
        "valid_from": datetime.date(2005, 3, 8),
    },
    {
        "code": "audit-log-export",
        "name": "Export of the disclosure log by an auditor",
        "legal_basis": "GDPR articles 5(2) and 30 (accountability); deliberations 07/039 and 05/012 (logging of "
        "every consultation)",
        "purpose": "Control of the lawfulness of every disclosure by the data-protection officer and auditors.",
        "data_source": "Disclosure log of the portal",
        "subject_kind": "disclosure-log",
        "data_categories": ["disclosure_log"],
        "recipients": ["auditor"],
        "required_scopes": [],
        "quality_codes_required": [],
        "requires_justification": False,
        "valid_from": datetime.date(2026, 1, 1),
    },
]

SCOPES = [("repertory", "Employer repertory"), ("calculator", "Benefit calculator")]
QUALITY_CODES = [
    ("001", "Job seeker"),
    ("002", "Course participant"),
    ("003", "Person for whom a training voucher was requested"),
    ("010", "Person no longer served by the institution"),
]
INSTITUTIONS = [
    ("BGDA", "BGDA / Actiris (Brussels employment office)"),
    ("VDAB", "VDAB (Flemish employment service)"),
    ("FOREM", "Le Forem (Walloon employment service)"),
    ("ADG", "Arbeitsamt der Deutschsprachigen Gemeinschaft (ADG)"),
]


def seed(apps, schema_editor):
    ProcessingActivity = apps.get_model("authz", "ProcessingActivity")
    AccessScope = apps.get_model("authz", "AccessScope")
    QualityCode = apps.get_model("authz", "QualityCode")
    Institution = apps.get_model("authz", "Institution")
    ChainHead = apps.get_model("authz", "ChainHead")
    Group = apps.get_model("auth", "Group")
    for row in ACTIVITIES:
        ProcessingActivity.objects.update_or_create(code=row["code"], version=1, defaults=row)
    for code, label in SCOPES:
        AccessScope.objects.update_or_create(code=code, defaults={"label": label})
    for code, label in QUALITY_CODES:
        QualityCode.objects.update_or_create(code=code, defaults={"label": label})
    for code, name in INSTITUTIONS:
        Institution.objects.update_or_create(code=code, defaults={"name": name})
    ChainHead.objects.get_or_create(pk=1, defaults={"position": 0, "hash": "0" * 64})
    Group.objects.get_or_create(name="auditor")


class Migration(migrations.Migration):
    dependencies = [("authz", "0002_parties_register_log"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
