"""The admin logs in through allauth (so MFA applies) instead of its own password form."""

from django.contrib import admin

from allauth.account.decorators import secure_admin_login

admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Front Office Tewerkstelling"
admin.site.site_title = "Front Office Tewerkstelling"
secure_admin_site = admin.site
