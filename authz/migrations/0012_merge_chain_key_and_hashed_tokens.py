"""Joins the two 0011 migrations of authz (the log's chain key and the hashed API tokens), written side by side."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("authz", "0011_disclosure_chain_key"),
        ("authz", "0011_hashed_api_tokens_account_admin"),
    ]

    operations = []
