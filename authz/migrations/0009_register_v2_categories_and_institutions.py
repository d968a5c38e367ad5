"""Register version 2 of the 07/039 and 05/012 activities: complete data categories in the deliberations' words, and
05/012 for the Brussels office (BGDA) only; the activity of staff maintaining the repertory in the admin.

A register row is never edited in place: a change is a new version, valid from CHANGED_ON; the version it replaces
stays (the log refers to it) and ends the day before.
"""

import datetime

from django.db import migrations, models

CHANGED_ON = datetime.date(2026, 12, 1)

#: Deliberation 07/039 §2.2, in its order: registration number with its repertory and the enterprise number
#: (identification), the deletion date, the legal form, the registered office's address, the employer type, the NACE
#: codes per employer category, the operating seats' addresses and the importance codes.
REPERTORY_CATEGORIES = [
    "identification",
    "deletion_date",
    "legal_form",
    "registered_office",
    "employer_type",
    "employer_category",
    "nace_codes",
    "operating_seats",
    "importance_code",
]

#: Deliberation 05/012 §1.2, the DmfA blocks in its order: the employer's declaration, the worker (INSZ, name, birth,
#: sex, address, nationality: the national-register identification), the worker record, services, remunerations,
#: occupation, indemnities during incapacity, the dismissed statutory worker, the student, the early-retired worker
#: (bridge pension, complementary indemnities), contributions due, reductions on the worker record and on the
#: occupation.
DMFA_CATEGORIES = [
    "employer_declaration",
    "worker_identification",
    "worker_record",
    "services",
    "remunerations",
    "occupation",
    "incapacity_indemnity",
    "dismissed_statutory_worker",
    "student",
    "early_retirement",
    "contributions_due",
    "worker_record_reductions",
    "occupation_reductions",
]

CALCULATOR_PURPOSE = (
    "Select the employment measures that apply to the employer and approximate their financial benefit (phase 2 of "
    "the Front Office: the calculator)."
)
DELIBERATION_07_039 = "Deliberation 07/039 of 3 July 2007 of the sectoral committee of social security"
REPERTORIES = "Employer repertories of the RSZ and the RSZPPO"

VERSIONS_2 = [
    {
        "code": "repertory-calculator",
        "name": "Repertory data for the benefit calculator",
        "legal_basis": DELIBERATION_07_039,
        "purpose": CALCULATOR_PURPOSE,
        "data_source": REPERTORIES,
        "subject_kind": "employer",
        "data_categories": REPERTORY_CATEGORIES,
        "recipients": ["employer"],
        "recipient_institutions": [],
        "required_scopes": ["repertory", "calculator"],
        "quality_codes_required": [],
        "requires_justification": False,
    },
    {
        "code": "benefit-calculator",
        "name": "Benefit calculator",
        "legal_basis": DELIBERATION_07_039,
        "purpose": CALCULATOR_PURPOSE,
        "data_source": REPERTORIES,
        "subject_kind": "employer",
        "data_categories": REPERTORY_CATEGORIES,
        "recipients": ["employer"],
        "recipient_institutions": [],
        "required_scopes": ["calculator"],
        "quality_codes_required": [],
        "requires_justification": False,
    },
    {
        "code": "dmfa-geco-dsp",
        "name": "DmfA consultation for GECO/DSP control",
        "legal_basis": "Deliberation 05/012 of 8 March 2005 of the sectoral committee of social security",
        "purpose": "Verify and compute the GECO and DSP premiums of the Brussels employment office (BGDA) "
        "for the job seekers it integrated in the reference directory.",
        "data_source": "DmfA database of the RSZ and the RSZPPO",
        "subject_kind": "person",
        "data_categories": DMFA_CATEGORIES,
        "recipients": ["institution"],
        "recipient_institutions": ["BGDA"],  # 05/012 authorises the BGDA (Actiris) alone
        "required_scopes": [],
        "quality_codes_required": ["001"],
        "requires_justification": True,
    },
]

REPERTORY_ADMIN = {
    "code": "repertory-admin",
    "name": "Maintenance of the employer repertory data",
    "legal_basis": "Deliberation 07/039 of 3 July 2007, points 1.4 and 2.2 (the Front Office consults the employer "
    "repertories of the RSZ and the RSZPPO)",
    "purpose": "Staff import and check the portal's copy of the employer repertories from which the Front Office "
    "answers the employers.",
    "data_source": REPERTORIES,
    "subject_kind": "employer",
    "data_categories": REPERTORY_CATEGORIES,
    "recipients": ["staff"],
    "recipient_institutions": [],
    "required_scopes": [],
    "quality_codes_required": [],
    "requires_justification": False,
    "valid_from": datetime.date(2007, 7, 3),
}


def seed(apps, schema_editor):
    """Idempotent (tests/conftest.py re-runs it after a flush, once the seeds of 0003, 0005 and 0007 have run)."""
    ProcessingActivity = apps.get_model("authz", "ProcessingActivity")
    for row in VERSIONS_2:
        ProcessingActivity.objects.filter(code=row["code"], version=1).update(
            valid_until=CHANGED_ON - datetime.timedelta(days=1)
        )
        ProcessingActivity.objects.update_or_create(
            code=row["code"], version=2, defaults={**row, "valid_from": CHANGED_ON, "valid_until": None}
        )
    ProcessingActivity.objects.update_or_create(code=REPERTORY_ADMIN["code"], version=1, defaults=REPERTORY_ADMIN)


def unseed(apps, schema_editor):
    """Back to version 1 (refused by the database while log rows refer to a version 2: the log keeps its history)."""
    ProcessingActivity = apps.get_model("authz", "ProcessingActivity")
    ProcessingActivity.objects.filter(code=REPERTORY_ADMIN["code"]).delete()
    for row in VERSIONS_2:
        ProcessingActivity.objects.filter(code=row["code"], version=2).delete()
        ProcessingActivity.objects.filter(code=row["code"], version=1).update(valid_until=None)


class Migration(migrations.Migration):
    dependencies = [("authz", "0008_api_token")]

    operations = [
        migrations.AddField(
            model_name="processingactivity",
            name="recipient_institutions",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="For an activity that discloses to institutions: the codes of those that may receive it "
                "(BGDA, ...); empty: every institution.",
                verbose_name="institutions that may receive",
            ),
        ),
        migrations.RunPython(seed, unseed),
    ]
