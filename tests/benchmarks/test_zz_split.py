import statistics
import time

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from dmfa import selectors
from dmfa.quarters import Quarter, quarter_range
from tests.authz.factories import InstitutionMembershipFactory, IntegrationFactory
from tests.benchmarks.test_bench_dmfa_import import generated_insz, import_quarters


def t(fn, n=30):
    for _ in range(3):
        fn()
    xs = []
    for _ in range(n):
        s = time.perf_counter()
        fn()
        xs.append(time.perf_counter() - s)
    return f"{statistics.median(xs) * 1000:.2f} ms"


@pytest.mark.django_db
def test_split(tmp_path):
    insz = "90051512391"
    IntegrationFactory(insz=insz)
    others = [generated_insz(index) for index in range(20)]
    import_quarters(tmp_path, insz_numbers=[insz, *others], start=Quarter(2024, 1), end=Quarter(2025, 4))
    quarters = quarter_range(Quarter(2024, 1), Quarter(2025, 4))
    records = list(selectors.person_declarations(insz=insz, quarters=quarters))
    print("\nrecords", len(records), "worker records", sum(len(r.worker_records.all()) for r in records))
    print("fetch", t(lambda: list(selectors.person_declarations(insz=insz, quarters=quarters))))
    request = RequestFactory().get("/en/dmfa/")
    request.user = InstitutionMembershipFactory().user
    request.session = {}
    ctx = {"insz": insz, "start": quarters[0], "end": quarters[-1], "identity": None,
           "groups": selectors.by_quarter(records), "consultable": quarters, "not_consultable": []}
    with translation.override("en"):
        print("render person.html", t(lambda: render_to_string("dmfa/person.html", ctx, request=request)))
        print("render _record only", t(lambda: [render_to_string("dmfa/_record.html", {"person": r}) for r in records]))
