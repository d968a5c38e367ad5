"""Load (issue 16, build item 7): 50 concurrent users on gunicorn for PORTAL_LOAD_SECONDS (default 20) of mixed
traffic (catalogue, look-ups, calculations, DmfA consultations): no error, the p95 of each page printed, the disclosure
log's chain intact afterwards. CI's PostgreSQL pass (marker real_services); loopback only, on a free port."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import pytest

from tests.portal.test_faults import free_port

pytestmark = [pytest.mark.real_services, pytest.mark.django_db(transaction=True)]


class LoadReport(UserWarning):
    """The p95 of each page, as a warning so that it is printed whatever runs the test."""


USERS = int(os.environ.get("PORTAL_LOAD_USERS", "50"))
# 20 s prove what 60 s did: every user is busy from the first second (both gunicorn workers and threads saturated),
# each page is requested hundreds of times, and the assertions (no error, every page served, the chain intact) hold per
# request; a longer run repeats the same requests. A soak run sets PORTAL_LOAD_SECONDS=600.
SECONDS = float(os.environ.get("PORTAL_LOAD_SECONDS", "20"))
ROOT = Path(__file__).resolve().parents[2]
PERIOD = "from=2025Q1&to=2025Q4&justification=GECO+file+2025%2F0042"


@pytest.fixture
def portal_server(postgres_db, redis_url):
    """gunicorn serving the test database, with the demo data, and the API tokens of an owner and an agent."""
    from django.core.management import call_command
    from django.db import connection

    from authz.models import User
    from authz.services import issue_api_token

    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    tokens = {
        role: issue_api_token(user=User.objects.get(email=email), mfa_used_in_session=True).key
        for role, email in (("owner", "owner.a@demo.be"), ("agent", "agent@demo.be"))
    }
    db = connection.settings_dict
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": redis_url,
        "DJANGO_DEBUG": "1",
        "CACHE_KEY_PREFIX": f"load-{port}",
        # Throttles and the look-up's rate limit are not what is measured here.
        "PORTAL_API_THROTTLE_ANON": "1000000/min",
        "PORTAL_API_THROTTLE_USER": "1000000/min",
        "PORTAL_API_THROTTLE_CALCULATIONS": "1000000/min",
        "PORTAL_EMPLOYER_LOOKUP_RATE_LIMITS": "1000000/m",
    }
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    options = ["--workers", "2", "--threads", "6", "--worker-class", "gthread", "--log-level", "warning"]
    process = subprocess.Popen(
        [gunicorn, "portal.wsgi", "--bind", f"127.0.0.1:{port}", *options],
        cwd=ROOT,
        env=env,
    )
    import requests

    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if requests.get(f"{base}/healthz", timeout=10).status_code == 200:
                    break
            except requests.RequestException:
                pass  # not listening yet, or still starting
            time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not answer /healthz")
        yield base, tokens
    finally:
        process.terminate()
        process.wait(timeout=20)


def requests_of(tokens) -> dict:
    from measures.api.serializers.calculations import REQUEST_EXAMPLE

    owner = {"Authorization": f"Token {tokens['owner']}", "Accept-Language": "en"}
    agent = {"Authorization": f"Token {tokens['agent']}", "Accept-Language": "en"}
    return {
        "catalogue": ("get", "/en/measures/", {}, None),
        "catalogue filtered": ("get", "/en/measures/?level=federal", {}, None),
        "measures API": ("get", "/api/v1/measures/", {}, None),
        "category look-up": ("get", "/en/employer-category/?number=0812345603", {}, None),
        "employer API": ("get", "/api/v1/employers/123456749/", owner, None),
        "calculation": ("post", "/api/v1/calculations/", owner, REQUEST_EXAMPLE),
        "DmfA consultation": ("get", f"/api/v1/dmfa/persons/90051512391/declarations/?{PERIOD}", agent, None),
    }


def test_fifty_users_of_mixed_traffic_without_error(portal_server, capsys):
    import requests

    from authz import chain

    base, tokens = portal_server
    pages = requests_of(tokens)
    timings: dict[str, list[float]] = {name: [] for name in pages}
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + SECONDS

    def user(seed: int) -> None:
        rng = random.Random(seed)
        session = requests.Session()
        while time.monotonic() < stop:
            name = rng.choice(list(pages))
            method, path, headers, body = pages[name]
            started = time.perf_counter()
            try:
                response = session.request(method, base + path, headers=headers, json=body, timeout=30)
                ok = response.status_code == 200
                problem = f"{name}: {response.status_code} {response.text[:200]}"
            except requests.RequestException as exc:
                ok, problem = False, f"{name}: {exc}"
            elapsed = time.perf_counter() - started
            with lock:
                timings[name].append(elapsed)
                if not ok:
                    errors.append(problem)

    threads = [threading.Thread(target=user, args=(seed,)) for seed in range(USERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    lines = [f"load: {USERS} users for {SECONDS:.0f} s"]
    for name, values in timings.items():
        values.sort()
        p95 = values[int(0.95 * (len(values) - 1))] if values else float("nan")
        lines.append(f"  {name:<20} {len(values):6d} requests   p95 {p95 * 1000:8.1f} ms")
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    # Shown in the warnings summary too: under pytest-xdist (make test) a test's own output is not.
    warnings.warn(LoadReport("\n".join(lines)), stacklevel=1)
    assert not errors, errors[:5]
    assert all(timings.values()), "every page was requested"
    verification = chain.verify()
    assert verification.intact, verification.detail
