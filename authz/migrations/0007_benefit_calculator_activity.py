"""Registers the benefit calculator as a processing activity of its own, open to accesses with the calculator scope.

The record page keeps "repertory-calculator" (any access to the repertory or the calculator); the calculator reads the
same repertory data under deliberation 07/039 but only for users whose access covers the calculator.
"""

import datetime

from django.db import migrations


def seed(apps, schema_editor):
    ProcessingActivity = apps.get_model("authz", "ProcessingActivity")
    ProcessingActivity.objects.update_or_create(
        code="benefit-calculator",
        version=1,
        defaults={
            "name": "Benefit calculator",
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
            "required_scopes": ["calculator"],
            "quality_codes_required": [],
            "requires_justification": False,
            "valid_from": datetime.date(2007, 7, 3),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("authz", "0006_mandate_invitation")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
