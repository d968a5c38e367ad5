"""The repertory's import job on the shared one (foundation.imports): source_name is the shared file_name (data kept),
one status enum (its labels), uploads and their user link named as every import job's."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import foundation.imports


class Migration(migrations.Migration):
    dependencies = [
        ("repertory", "0002_category_labels_optional_import_warnings"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="importjob", old_name="source_name", new_name="file_name"),
        migrations.AlterField(
            model_name="importjob",
            name="file_name",
            field=models.CharField(max_length=255, verbose_name="file name"),
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
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "waiting"),
                    ("running", "running"),
                    ("succeeded", "succeeded"),
                    ("failed", "failed"),
                ],
                default="pending",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="importjob",
            name="upload",
            field=models.FileField(blank=True, upload_to=foundation.imports.upload_to, verbose_name="uploaded file"),
        ),
    ]
