"""Joins the refusal counts (written beside the chain key) to the rest of authz's migrations."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("authz", "0012_merge_chain_key_and_hashed_tokens"),
        ("authz", "0012_refusal_count"),
    ]

    operations = []
