"""WSGI entry point (gunicorn portal.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()


def _require_services() -> None:
    """A web process whose database or Redis does not answer stops at once with one line per service."""
    import sys

    from portal.startup import service_problems

    problems = service_problems()
    if problems:
        for problem in problems:
            sys.stderr.write(f"error: {problem}\n")
        # 3 is gunicorn's "worker failed to boot": the master stops instead of starting new workers for ever.
        raise SystemExit(3)


_require_services()

from portal.startup import freeze_loaded_heap  # noqa: E402 (after the application and the services check)

freeze_loaded_heap()
