"""Registers the headcount control's employer-level activity (deliberation 05/012 §2.2): the regular staff of an
employer in full-time equivalents per quarter, an aggregate in which no worker is named, to the Brussels office (BGDA,
Actiris) alone, like the DmfA consultation for GECO/DSP control (register row dmfa-geco-dsp, version 2).

The subject is the employer, not a person: the gate grants it to the agents of the institutions the row names,
whoever the employer (authz.services._decide_institution_employers).
"""

import datetime

from django.db import migrations

HEADCOUNT = {
    "code": "dmfa-geco-dsp-headcount",
    "name": "Headcount of the regular staff for GECO/DSP control",
    "legal_basis": "Deliberation 05/012 of 8 March 2005 of the sectoral committee of social security, point 2.2",
    "purpose": "Check that an employer granted GECO or DSP jobs keeps its regular staff (everyone not in a "
    "subsidised job), in full-time equivalents per quarter, at the level of the four quarters of the calendar year "
    "before the hire: totals only, no worker named.",
    "data_source": "DmfA database of the RSZ and the RSZPPO",
    "subject_kind": "employer",
    # The DmfA blocks the totals are worked out from, in the words of the register row dmfa-geco-dsp (version 2):
    # the declaration, the worker record (worker code), the occupation (dates, Q/S, employment promotion) and its
    # reductions (code 4000 marks a GECO occupation).
    "data_categories": ["employer_declaration", "worker_record", "occupation", "occupation_reductions"],
    "recipients": ["institution"],
    "recipient_institutions": ["BGDA"],  # 05/012 authorises the BGDA (Actiris) alone
    "required_scopes": [],
    "quality_codes_required": [],
    "requires_justification": True,
    "valid_from": datetime.date(2005, 3, 8),
}


def seed(apps, schema_editor):
    """Idempotent (tests/conftest.py re-runs it after a flush)."""
    ProcessingActivity = apps.get_model("authz", "ProcessingActivity")
    ProcessingActivity.objects.update_or_create(code=HEADCOUNT["code"], version=1, defaults=HEADCOUNT)


def unseed(apps, schema_editor):
    """Refused by the database while log rows refer to it (the log keeps its history)."""
    ProcessingActivity = apps.get_model("authz", "ProcessingActivity")
    ProcessingActivity.objects.filter(code=HEADCOUNT["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dmfa", "0004_programme_parameters"),
        ("authz", "0012_merge_chain_key_and_hashed_tokens"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
