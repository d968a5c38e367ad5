"""Registers the staff's maintenance of the reference directory in the admin as a processing activity."""

import datetime

from django.db import migrations


def seed(apps, schema_editor):
    ProcessingActivity = apps.get_model("authz", "ProcessingActivity")
    ProcessingActivity.objects.update_or_create(
        code="reference-directory-admin",
        version=1,
        defaults={
            "name": "Maintenance of the reference directory integrations",
            "legal_basis": "Deliberation 05/012 of 8 March 2005, points 5.2 and 5.3 (integration of the persons "
            "an institution serves in the reference directory before any consultation)",
            "purpose": "Staff keep the integrations (INSZ, institution, quality code, period) that decide which "
            "persons an institution may consult.",
            "data_source": "Integration files of the institutions",
            "subject_kind": "person",
            "data_categories": ["integration"],
            "recipients": ["staff"],
            "required_scopes": [],
            "quality_codes_required": [],
            "requires_justification": False,
            "valid_from": datetime.date(2005, 3, 8),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("authz", "0004_append_only_trigger")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
