"""Issue 11: ``confidence`` (fact / assumption) becomes ``status`` (in_force / announced / assumption); announced
versions name their announcing source; shared parameters keep their official reference, the date their source was
last read and, when announced, their announcing text."""

from django.db import migrations, models


def fact_to_in_force(apps, schema_editor):
    for name in ("RuleVersion", "BenefitRule", "Parameter"):
        apps.get_model("measures", name).objects.filter(status="fact").update(status="in_force")


def in_force_to_fact(apps, schema_editor):
    for name in ("RuleVersion", "BenefitRule", "Parameter"):
        apps.get_model("measures", name).objects.exclude(status="assumption").update(status="fact")


STATUS = models.CharField(
    choices=[
        ("in_force", "In force: stated in a source"),
        ("announced", "Announced: decided or drafted, not yet enacted"),
        ("assumption", "Assumption: not confirmed in a source"),
    ],
    default="in_force",
    max_length=12,
    verbose_name="status",
)


class Migration(migrations.Migration):
    dependencies = [("measures", "0004_scenario")]

    operations = [
        migrations.RenameField("ruleversion", "confidence", "status"),
        migrations.RenameField("benefitrule", "confidence", "status"),
        migrations.RenameField("parameter", "confidence", "status"),
        migrations.AlterField("ruleversion", "status", STATUS),
        migrations.AlterField("benefitrule", "status", STATUS),
        migrations.AlterField("parameter", "status", STATUS),
        migrations.RunPython(fact_to_in_force, in_force_to_fact),
        migrations.AddField(
            "ruleversion",
            "announcement_key",
            models.CharField(
                blank=True,
                help_text="For an announced version: the key of the source that announces it.",
                max_length=60,
                verbose_name="announcing source",
            ),
        ),
        migrations.AddField(
            "ruleversion",
            "ends",
            models.BooleanField(
                default=False,
                help_text="An announced version that ends the measure from its date.",
                verbose_name="announced end",
            ),
        ),
        migrations.AddField(
            "ruleversion",
            "replaced_by",
            models.CharField(blank=True, max_length=60, verbose_name="replaced by (measure code)"),
        ),
        migrations.AddField(
            "benefitrule",
            "applies_to_running",
            models.BooleanField(
                default=False,
                help_text="From its version's date this amount replaces the one of the same conditions for earlier "
                "hires.",
                verbose_name="also for earlier hires",
            ),
        ),
        migrations.AddField(
            "parameter",
            "source_reference",
            models.CharField(blank=True, max_length=300, verbose_name="official reference"),
        ),
        migrations.AddField(
            "parameter", "source_read", models.DateField(blank=True, null=True, verbose_name="source last read")
        ),
        migrations.AddField(
            "parameter",
            "announcement",
            models.JSONField(
                blank=True,
                default=dict,
                help_text='For an announced value: {"title": ..., "url" or "reference": ..., "read": "YYYY-MM-DD"}.',
                verbose_name="announcing text",
            ),
        ),
    ]
