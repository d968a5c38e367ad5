from django.utils import translation

from dmfa import codelists
from foundation.quarters import Quarter


def test_code_lists_respect_validity_and_the_dmfa_flag():
    q = Quarter(2025, 3)
    assert codelists.lookup(codelists.SERVICE_CODES, "1", q).code == "001"
    assert codelists.lookup(codelists.SERVICE_CODES, "999", q) is None
    assert codelists.lookup(codelists.SERVICE_CODES, "077", q) is None  # ended 2022/2
    assert codelists.lookup(codelists.SERVICE_CODES, "077", Quarter(2021, 1)) is not None
    assert codelists.lookup(codelists.REMUNERATION_CODES, "021", Quarter(2021, 4)) is None  # DMFA=No until 2021
    assert codelists.lookup(codelists.REMUNERATION_CODES, "021", Quarter(2022, 1)) is not None
    assert codelists.lookup(codelists.WORKER_CODES, "848", q) is None  # not allowed in the DmfA
    assert codelists.lookup(codelists.REDUCTION_CODES, "0001", q).kind == codelists.WORKER_LINE
    assert codelists.lookup(codelists.REDUCTION_CODES, "3000", q).kind == codelists.OCCUPATION


def test_labels_use_the_users_language_and_fall_back_to_the_official_text():

    with translation.override("nl"):
        assert codelists.label(codelists.SERVICE_CODES, "050") == "Ziekte"
    with translation.override("en"):
        assert codelists.label(codelists.SERVICE_CODES, 50) == "Illness"
    # annex 27 has no project labels: the official description of the row valid in the quarter
    assert codelists.label(codelists.EMPLOYER_CATEGORIES, "022", Quarter(2025, 1)).startswith("A partir du 01/01/2008")
    assert codelists.label(codelists.EMPLOYER_CATEGORIES, "022", Quarter(2005, 1)).startswith("Employeurs relevant")
    assert codelists.label(codelists.SERVICE_CODES, None) == ""
