"""The shared progress page of an import job in a real browser: its one script follows the job and opens the result
page once the job has finished, for the DmfA and the repertory import alike."""

import pytest
from playwright.sync_api import expect

from dmfa.models import ImportJob as DmfaImportJob
from foundation.imports import ImportStatus
from portal.demo import DEMO_PASSWORD, load_accounts
from repertory.models import ImportJob as RepertoryImportJob

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("model", "fields", "url", "result"),
    [
        (DmfaImportJob, {"source": "upload"}, "/admin/dmfa/importjob/{pk}/progress/", "**/change/"),
        (RepertoryImportJob, {"kind": "csv"}, "/admin/repertory/importjob/{pk}/progress/", "**/result/"),
    ],
)
def test_the_progress_page_follows_the_job_to_its_result(page, live_server, log_in, model, fields, url, result):
    load_accounts()
    log_in(page, "admin@demo.be", DEMO_PASSWORD)
    job = model.objects.create(file_name="big.file", status=ImportStatus.RUNNING, **fields)
    job.report_progress(30, 100)
    page.goto(live_server.url + url.format(pk=job.pk))
    assert page.locator("#import-bar").get_attribute("value") == "30"
    job.report_progress(60, 100)
    expect(page.locator("#import-percent")).to_have_text("60")  # polled by the script, not reloaded
    model.objects.filter(pk=job.pk).update(status=ImportStatus.SUCCEEDED)
    page.wait_for_url(result)
    assert "big.file" in page.content()
