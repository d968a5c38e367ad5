"""Registers the two processing activities of the job seekers' pages (the gate refuses an activity it does not know).

jobseeker-calculator: deliberation 07/039, point 1.4 (the job seeker identified with the eID calculates the benefits
for themselves); own-disclosures: a person reading the log about their own INSZ (GDPR article 15, right of access).
Both disclose to the person concerned only ("self").
"""

import datetime

from django.db import migrations


def seed(apps, schema_editor):
    ProcessingActivity = apps.get_model("authz", "ProcessingActivity")
    ProcessingActivity.objects.update_or_create(
        code="jobseeker-calculator",
        version=1,
        defaults={
            "name": "Measures for a job seeker",
            "legal_basis": "Deliberation 07/039 of 3 July 2007 of the sectoral committee of social security, point 1.4",
            "purpose": "Show a job seeker identified with the eID the employment measures their own profile opens "
            "for an employer, and approximate their financial benefit (phase 2 of the Front Office).",
            "data_source": "The eID log-in (national register number, names) and what the job seeker tells",
            "subject_kind": "person",
            "data_categories": ["identification", "age", "jobseeker_profile"],
            "recipients": ["self"],
            "required_scopes": [],
            "quality_codes_required": [],
            "requires_justification": False,
            "valid_from": datetime.date(2007, 7, 3),
        },
    )
    ProcessingActivity.objects.update_or_create(
        code="own-disclosures",
        version=1,
        defaults={
            "name": "A person's own disclosure log",
            "legal_basis": "GDPR article 15 (right of access of the data subject)",
            "purpose": "Show a person logged in with the eID who consulted their data, when, why and on which basis.",
            "data_source": "The disclosure log of the portal",
            "subject_kind": "person",
            "data_categories": ["disclosure_log"],
            "recipients": ["self"],
            "required_scopes": [],
            "quality_codes_required": [],
            "requires_justification": False,
            "valid_from": datetime.date(2018, 5, 25),
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("jobseekers", "0001_initial"),
        ("authz", "0010_disclosure_drop_redundant_fk_indexes"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
