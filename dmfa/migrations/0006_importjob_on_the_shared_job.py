"""The DmfA import job on the shared one (foundation.imports): progress kept in the cache only, one status check."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import foundation.imports


class Migration(migrations.Migration):
    dependencies = [
        ("dmfa", "0005_register_headcount_activity"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveField(
            model_name="importjob",
            name="progress",
        ),
        migrations.AlterField(
            model_name="importjob",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="%(app_label)s_import_jobs",
                to=settings.AUTH_USER_MODEL,
                verbose_name="created by",
            ),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="path",
            field=models.CharField(blank=True, max_length=1000, verbose_name="path on the server"),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="upload",
            field=models.FileField(blank=True, upload_to=foundation.imports.upload_to, verbose_name="uploaded file"),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="warnings",
            field=models.JSONField(blank=True, default=list, verbose_name="warnings"),
        ),
        migrations.AddConstraint(
            model_name="importjob",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["pending", "running", "succeeded", "failed"])),
                name="dmfa_import_status",
            ),
        ),
    ]
