"""Template context shared by every page: the navigation and the site's name."""

from django.utils.translation import gettext_lazy as _

from portal.navigation import main_navigation

SITE_NAME = _("Front Office Tewerkstelling")


def portal(request):
    return {"site_name": SITE_NAME, "main_navigation": main_navigation(request)}
