"""manage.py demo: load the demo accounts and every app's demo data; safe to run again."""

from importlib import import_module

from django.core.management.base import BaseCommand

from portal.demo import DEMO_PASSWORD, load_accounts

#: Apps whose demo.py has a load(stdout) function, in dependency order.
DEMO_APPS = ("authz", "repertory", "measures", "dmfa")


class Command(BaseCommand):
    help = "Create the demo accounts and demo data (idempotent)."

    def handle(self, *args, **options):
        users = load_accounts()
        self.stdout.write(f"demo accounts: {len(users)} (password {DEMO_PASSWORD})")
        for app in DEMO_APPS:
            try:
                module = import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            module.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("demo data loaded"))
