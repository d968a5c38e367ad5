"""The demo of the controls: agent@demo.be finds employer E with a failed control and a difference."""

import io

import pytest

from authz import demo as authz_demo
from dmfa import demo
from dmfa.models import ControlResult, SubsidisedJob
from portal.demo import load_accounts
from tests.authz.helpers import log_in_with_mfa

pytestmark = pytest.mark.django_db


def test_the_demo_agent_sees_a_failed_control_and_a_difference(client, django_capture_on_commit_callbacks):
    users = load_accounts()
    authz_demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())  # idempotent
    assert set(SubsidisedJob.objects.values_list("programme", flat=True)) == {"GECO", "DSP"}
    agent = next(user for user in users.values() if user.email == "agent@demo.be")
    log_in_with_mfa(client, agent)
    assert 'href="/nl/dmfa/controls/"' in client.get("/nl/dmfa/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/nl/dmfa/controls/batch/", {"quarter": "2026Q1"})
    outcomes = set(ControlResult.objects.values_list("control", "outcome"))
    assert ("headcount", "failed") in outcomes and ("premium", "passed") in outcomes
    page = client.get("/nl/dmfa/controls/results/", {"quarter": "2026Q1", "employer": "145678964"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "GECO-DEMO-1" in text and "DSP-DEMO-1" in text and "gross_wage -100.00" in text
