"""Drop the foreign-key indexes of persons, occupations, services and remunerations: the unique (parent, sequence
number) indexes serve the same look-ups, and the import fills one index less per row."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dmfa", "0006_importjob_on_the_shared_job"),
    ]

    operations = [
        migrations.AlterField(
            model_name="naturalperson",
            name="declaration",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="persons",
                to="dmfa.employerdeclaration",
            ),
        ),
        migrations.AlterField(
            model_name="occupation",
            name="worker_record",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="occupations",
                to="dmfa.workerrecord",
            ),
        ),
        migrations.AlterField(
            model_name="remuneration",
            name="occupation",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="remunerations",
                to="dmfa.occupation",
            ),
        ),
        migrations.AlterField(
            model_name="service",
            name="occupation",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="services",
                to="dmfa.occupation",
            ),
        ),
    ]
