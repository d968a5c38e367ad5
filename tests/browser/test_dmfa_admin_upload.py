"""The admin upload in a real browser: staff uploads a DmfA file, follows the import, reads the result."""

import pytest

from dmfa.models import ImportJob
from portal.demo import DEMO_PASSWORD, load_accounts
from tests.dmfa.conftest import FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(
    ("name", "expected"),
    [("valid_two_forms.xml", "succeeded"), ("bad_insz.xml", "has wrong check digits")],
)
def test_staff_uploads_a_file_and_reads_the_result(page, live_server, log_in, media, name, expected):
    load_accounts()
    log_in(page, "admin@demo.be", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/admin/dmfa/importjob/")
    page.get_by_role("link", name="Upload a DmfA file").click()
    page.set_input_files("input[type=file]", str(FIXTURES / name))
    page.get_by_role("button", name="Upload and import").click()
    page.wait_for_url("**/change/")
    assert expected in page.content()
    assert ImportJob.objects.get().file_name == name
