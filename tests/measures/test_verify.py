"""Issue 11: the verify report (command and staff page) lists every version and parameter by status and date read,
and flags what was not checked in the last 180 days."""

from __future__ import annotations

import datetime
from io import StringIO

from django.core.management import CommandError, call_command

import pytest

from measures import verify
from measures.models import Parameter, RuleVersion
from tests.authz.helpers import log_in_with_mfa
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_report_lists_every_version_and_parameter_by_status(shipped):
    report = verify.build(datetime.date(2026, 12, 6))
    versions = [row for row in report.rows if row.kind == "version"]
    assert len(versions) == RuleVersion.objects.count()
    assert len(report.rows) - len(versions) == Parameter.objects.count()
    assert set(report.by_status) == {"in_force", "announced", "assumption"}
    assert report.by_status["announced"] >= 5 and report.by_status["assumption"] > 0
    announced = next(row for row in versions if row.code == "fed-first-hires" and row.status == "announced")
    assert "uwpayroll" in announced.announcement
    # Sorted by status, then by date read, oldest first.
    statuses = [row.status for row in versions]
    assert statuses == sorted(statuses, key=["in_force", "announced", "assumption"].index)
    assert not report.stale  # every source of the shipped file was read within 180 days of 6 December 2026


def test_what_was_not_read_in_the_last_180_days_is_flagged(shipped):
    later = verify.build(datetime.date(2027, 6, 1))  # 2026-11-22 + 180 days = 2027-05-21
    stale_codes = {row.code for row in later.stale}
    assert "structural-cat1-low-ceiling" in stale_codes and "fed-horeca-permanent-staff" in stale_codes
    fresh = verify.build(datetime.date(2027, 5, 1))
    assert {row.code for row in fresh.stale} == set()


def test_a_source_without_a_date_read_counts_as_never_checked(shipped):
    Parameter.objects.filter(key="employer-contribution-rate-cat1").update(source_read=None)
    report = verify.build(datetime.date(2026, 12, 6))
    row = next(row for row in report.rows if row.code == "employer-contribution-rate-cat1")
    assert row.read is None and row.stale


def test_the_command_prints_the_report_and_can_fail_on_stale_rows(shipped):
    out = StringIO()
    call_command("verify_measures", "--on", "2026-12-06", stdout=out)
    text = out.getvalue()
    assert "in_force" in text and "announced" in text and "assumption" in text
    assert "0 row(s) not checked in the last 180 days." in text
    out = StringIO()
    call_command("verify_measures", "--on", "2027-06-01", "--stale-only", stdout=out)
    assert "NOT CHECKED IN TIME" in out.getvalue()
    with pytest.raises(CommandError, match="not checked in the last 180 days"):
        call_command("verify_measures", "--on", "2027-06-01", "--fail-on-stale", stdout=StringIO())
    with pytest.raises(CommandError, match="is not a date"):
        call_command("verify_measures", "--on", "tomorrow", stdout=StringIO())


URL = "/en/measures/verify/"


def test_staff_with_two_factor_authentication_see_the_report(client, admin_user, shipped):
    log_in_with_mfa(client, admin_user)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "structural-cat1-low-ceiling" in body and "fed-first-hires" in body and "Announced" in body


def test_anonymous_users_are_sent_to_log_in(client, shipped):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_users_who_are_not_staff_are_refused(client, shipped):
    log_in_with_mfa(client, UserFactory())
    assert client.get(URL).status_code == 403


def test_staff_without_two_factor_authentication_are_refused(client, admin_user, shipped):
    client.force_login(admin_user)
    assert client.get(URL).status_code == 403


def test_staff_without_the_permission_to_view_measures_are_refused(client, shipped):
    log_in_with_mfa(client, UserFactory(is_staff=True))
    assert client.get(URL).status_code == 403
