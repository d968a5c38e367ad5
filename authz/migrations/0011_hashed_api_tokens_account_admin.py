"""API keys stored as digests (django-rest-knox), and the register row of staff looking at accounts in the admin.

The DRF tokens kept their keys in clear, readable by staff in the admin and by whoever reads the database: they are
deleted (their users create a new token on /<lang>/my-data/api-token/ after two-factor authentication).
"""

import datetime

import django.db.models.deletion
from django.db import migrations, models

ACCOUNT_ADMIN = {
    "code": "account-admin",
    "name": "Administration of user accounts",
    "legal_basis": "Regulation (EU) 2016/679 (GDPR), article 5(1)(f) and article 32: security of processing "
    "(staff manage the accounts through which personal data is disclosed)",
    "purpose": "Staff look at user accounts, their e-mail addresses, second factors and API tokens to help their "
    "users and to block an account or a credential; they never see a secret nor set one.",
    "data_source": "The portal's user accounts",
    "subject_kind": "account",
    "data_categories": ["account_identification", "authentication_factors"],
    "recipients": ["staff"],
    "recipient_institutions": [],
    "required_scopes": [],
    "quality_codes_required": [],
    "requires_justification": False,
    "valid_from": datetime.date(2016, 5, 24),  # the GDPR's entry into force (its article 99)
}


def seed(apps, schema_editor):
    """Idempotent (tests/conftest.py re-runs it after a flush)."""
    ProcessingActivity = apps.get_model("authz", "ProcessingActivity")
    ProcessingActivity.objects.update_or_create(code=ACCOUNT_ADMIN["code"], version=1, defaults=ACCOUNT_ADMIN)


def unseed(apps, schema_editor):
    apps.get_model("authz", "ProcessingActivity").objects.filter(code=ACCOUNT_ADMIN["code"]).delete()


def drop_clear_keys(apps, schema_editor):
    apps.get_model("authz", "ApiToken").objects.all().delete()
    apps.get_model("authtoken", "Token").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("authtoken", "0004_alter_tokenproxy_options"),
        ("knox", "0009_extend_authtoken_field"),
        ("authz", "0010_disclosure_drop_redundant_fk_indexes"),
    ]

    operations = [
        migrations.RunPython(drop_clear_keys, migrations.RunPython.noop),
        migrations.RemoveField(model_name="apitoken", name="token"),
        migrations.AddField(
            model_name="apitoken",
            name="token",
            field=models.OneToOneField(
                default="",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="issuance",
                to="knox.authtoken",
                verbose_name="token",
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="disclosure",
            name="subject_kind",
            field=models.CharField(
                choices=[
                    ("employer", "employer"),
                    ("person", "natural person (INSZ)"),
                    ("disclosure-log", "the disclosure log"),
                    ("account", "user account"),
                ],
                max_length=20,
                verbose_name="subject kind",
            ),
        ),
        migrations.AlterField(
            model_name="processingactivity",
            name="subject_kind",
            field=models.CharField(
                choices=[
                    ("employer", "employer"),
                    ("person", "natural person (INSZ)"),
                    ("disclosure-log", "the disclosure log"),
                    ("account", "user account"),
                ],
                max_length=20,
                verbose_name="subject kind",
            ),
        ),
        migrations.RunPython(seed, unseed),
    ]
