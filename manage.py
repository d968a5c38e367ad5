#!/usr/bin/env python
"""Django's command-line utility; a database or Redis that cannot be reached stops it with one line."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    from django.core.management import execute_from_command_line

    from portal.startup import explain_startup_failure, service_problems

    try:
        # Redis is checked up front; the database by the commands that use it, except runserver, whose
        # autoreloader would print a traceback and keep serving: it is checked here, before the server starts.
        serving = len(sys.argv) > 1 and sys.argv[1] == "runserver"
        for problem in service_problems(database=serving):
            sys.stderr.write(f"error: {problem}\n")
            sys.exit(1)
        execute_from_command_line(sys.argv)
    except Exception as exc:
        message = explain_startup_failure(exc)
        if message is None:
            raise
        sys.stderr.write(f"error: {message}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
