"""API tokens issued after two-factor authentication: the row that lets a token stand for MFA used in a session."""

import authz.models.api_token
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('authtoken', '0004_alter_tokenproxy_options'),
        ('authz', '0007_benefit_calculator_activity'),
    ]

    operations = [
        migrations.CreateModel(
            name='ApiToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created at')),
                ('issued_with_mfa', models.BooleanField(default=True, help_text='The user had used two-factor authentication in the session that created the token.', verbose_name='issued after two-factor authentication')),
                ('expires_at', models.DateTimeField(default=authz.models.api_token.default_expiry, verbose_name='expires at')),
                ('token', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='issuance', to='authtoken.token', verbose_name='token')),
            ],
            options={
                'verbose_name': 'API token issued after two-factor authentication',
                'verbose_name_plural': 'API tokens issued after two-factor authentication',
                'ordering': ['-created_at'],
                'constraints': [models.CheckConstraint(condition=models.Q(('expires_at__gt', models.F('created_at'))), name='api_token_expires_after_creation')],
            },
        ),
    ]
