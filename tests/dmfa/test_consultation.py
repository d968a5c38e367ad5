"""Consultation by agents, page and API: who may see what, what is logged, and what the page shows."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from authz import chain
from authz.models import Disclosure, Institution, QualityCode
from foundation.quarters import Quarter
from tests.authz.factories import EmployerAccessFactory, InstitutionMembershipFactory, IntegrationFactory
from tests.authz.helpers import log_in_with_mfa
from tests.dmfa.factories import import_quarters
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

SEARCH = "/en/dmfa/"
EMPLOYER = "/en/dmfa/employer/"
JUSTIFICATION = "GECO file 2025/0042: premium check"
SEEN, WRONG_QUALITY, AT_VDAB = "90051512391", "85010123176", "64072008826"


@pytest.fixture
def data(import_fixture):
    import_fixture("valid_two_forms.xml")
    IntegrationFactory(insz=SEEN)
    IntegrationFactory(insz=WRONG_QUALITY, quality_code=QualityCode.objects.get(code="010"))
    IntegrationFactory(insz=AT_VDAB, institution=Institution.objects.get(code="VDAB"))


@pytest.fixture
def agent(client):
    user = InstitutionMembershipFactory().user
    log_in_with_mfa(client, user)
    return user


def search(client, insz=SEEN, start="2025Q1", end="2025Q4", justification=JUSTIFICATION, url=SEARCH):
    return client.post(url, {"insz": insz, "period_from": start, "period_until": end, "justification": justification})


def rows_for(insz: str):
    return Disclosure.objects.filter(subject_pseudonym=chain.pseudonymise("person", insz))


def test_the_search_page_asks_an_agent_for_insz_period_and_justification(client, agent):
    response = client.get(SEARCH)
    assert response.status_code == 200
    for name in ("insz", "period_from", "period_until", "justification"):
        assert f'name="{name}"' in response.content.decode()


def test_anonymous_get_is_sent_to_log_in(client):
    response = client.get(SEARCH)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_agent_sees_the_persons_data_per_quarter_and_one_granted_row_is_logged(client, agent, data):
    response = search(client)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Quarter 2025Q2" in page and "Quarter 2025Q3" in page
    assert page.index("Quarter 2025Q2") < page.index("Quarter 2025Q3")
    assert "Illness" in page and "Normal working days" in page and "White-collar worker" in page
    assert "9,750.12" in page and "Structural reduction" not in page.split("Quarter 2025Q3")[0]  # grouped
    assert "Structural reduction" in page and "Work bonus" in page
    rows = list(rows_for(SEEN))
    assert len(rows) == 1 == Disclosure.objects.count()
    row = rows[0]
    assert (row.outcome, row.channel, row.justification) == ("granted", "web", JUSTIFICATION)
    assert (str(row.period_from), str(row.period_until)) == ("2025-01-01", "2025-12-31")
    assert row.actor == agent and row.acting_for == "BGDA"


def test_labels_follow_the_users_language(client, agent, data):
    response = search(client, url="/nl/dmfa/")
    assert "Ziekte" in response.content.decode() and "9.750,12" in response.content.decode()
    assert "<dd>Algemene categorie (privésector) (000)</dd>" in response.content.decode()


def test_identification_data_is_shown_beside_the_dmfa_data(client, agent, data, fixture_path):
    from django.core.management import call_command

    call_command("import_persons", str(fixture_path("persons.csv")))
    page = search(client).content.decode()
    assert "Peeters, Lucas M." in page and "Kolenmarkt 12" in page


@pytest.mark.parametrize(
    ("language", "belgium", "born"), [("nl", "België (150)", "15 mei 1990"), ("fr", "Belgique (150)", "15 mai 1990")]
)
def test_the_identity_shows_country_codes_with_their_name_and_the_birth_date_in_words(
    client, agent, data, fixture_path, language, belgium, born
):
    from django.core.management import call_command

    call_command("import_persons", str(fixture_path("persons.csv")))
    identity = search(client, url=f"/{language}/dmfa/").content.decode().split('class="facts identity"')[1]
    identity = identity.split("</dl>")[0]
    assert f"<dd>{belgium}</dd>" in identity  # the nationality
    assert f"1000 Brussel, {belgium}" in identity  # the country of the address
    assert f"{born}, Brussel ({belgium})" in identity
    assert ">150<" not in identity


def test_a_country_code_the_list_does_not_have_is_shown_with_a_note(client, agent, data, fixture_path, tmp_path):
    from django.core.management import call_command

    rows = fixture_path("persons.csv").read_text(encoding="utf-8").splitlines()
    rows[1] = rows[1].rsplit(",", 1)[0] + ",998"
    persons = tmp_path / "persons.csv"
    persons.write_text("\n".join(rows) + "\n", encoding="utf-8")
    call_command("import_persons", str(persons))
    page = search(client, url="/nl/dmfa/").content.decode()
    assert "<dd>998 (onbekende code)</dd>" in page


def test_a_person_without_declarations_in_the_period(client, agent, data):
    response = search(client, start="2024Q1", end="2024Q4")
    assert response.status_code == 200
    assert "No DmfA declaration mentions this person" in response.content.decode()


def _owner(client):
    log_in_with_mfa(client, EmployerAccessFactory().user)


def _vdab_agent(client):
    log_in_with_mfa(client, InstitutionMembershipFactory(institution=Institution.objects.get(code="VDAB")).user)


def _agent(client):
    log_in_with_mfa(client, InstitutionMembershipFactory().user)


@pytest.mark.parametrize(
    ("who", "insz", "start", "end", "reason"),
    [
        (None, SEEN, "2025Q1", "2025Q4", "anonymous"),
        (_owner, SEEN, "2025Q1", "2025Q4", "not-a-member"),
        (_vdab_agent, SEEN, "2025Q1", "2025Q4", "institution-not-a-recipient"),
        (_vdab_agent, AT_VDAB, "2025Q1", "2025Q4", "institution-not-a-recipient"),
        (_agent, AT_VDAB, "2025Q1", "2025Q4", "not-integrated"),
        (_agent, WRONG_QUALITY, "2025Q1", "2025Q4", "wrong-quality-code"),
        (_agent, SEEN, "2022Q1", "2023Q4", "outside-period"),
    ],
)
def test_refused_consultations_show_nothing_and_are_logged(client, data, who, insz, start, end, reason):
    if who:
        who(client)
    response = search(client, insz=insz, start=start, end=end)
    assert response.status_code in (403, 404)
    # The form keeps the number the agent typed; nothing else on the page names the person.
    page = response.content.decode().replace(f'value="{insz}"', "").replace("for example 90051512391.", "")
    assert insz not in page and "9750" not in page and "Occupation" not in page
    rows = list(Disclosure.objects.all())
    assert len(rows) == 1
    assert (rows[0].outcome, rows[0].reason) == ("refused", reason)
    assert rows[0].subject_pseudonym == chain.pseudonymise("person", insz)


@pytest.mark.parametrize("channel", ["web", "api"])
def test_deliberation_05_012_is_for_the_bgda_a_vdab_agent_is_refused_its_own_job_seeker(client, data, channel):
    """The demo integrates 64072008826 with quality 001 at the VDAB: 05/012 still does not let the VDAB consult."""
    from authz.demo import INTEGRATIONS

    assert (AT_VDAB, "VDAB", "001") in {row[:3] for row in INTEGRATIONS}
    _vdab_agent(client)
    response = search(client, insz=AT_VDAB) if channel == "web" else api_get(client, insz=AT_VDAB)
    assert response.status_code == 403
    assert AT_VDAB not in response.content.decode().replace(f'value="{AT_VDAB}"', "")
    row = rows_for(AT_VDAB).get()
    assert (row.channel, row.outcome, row.reason, row.acting_for) == (
        channel,
        "refused",
        "institution-not-a-recipient",
        "VDAB",
    )


def test_an_agent_without_two_factor_authentication_sees_nothing(client, data):
    client.force_login(InstitutionMembershipFactory().user)
    response = search(client)
    assert response.status_code in (302, 403)
    assert "9750" not in response.content.decode()
    assert Disclosure.objects.get().reason == "mfa-required"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("insz", "90051512392", "check digits"),
        ("justification", "", "This field is required"),
        ("period_from", "2025Q9", "Enter a quarter such as 2025Q3"),
    ],
)
def test_invalid_requests_are_refused_at_the_edge_and_nothing_is_logged(client, agent, data, field, value, message):
    values = {"insz": SEEN, "start": "2025Q1", "end": "2025Q4", "justification": JUSTIFICATION}
    values[{"period_from": "start"}.get(field, field)] = value
    response = search(client, **values)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Disclosure.objects.count() == 0


def test_the_number_of_queries_does_not_grow_with_the_quarters(client, agent, tmp_path):
    IntegrationFactory(insz=SEEN)
    import_quarters(tmp_path, insz_numbers=[SEEN], start=Quarter(2024, 1), end=Quarter(2025, 4))
    search(client, start="2025Q4", end="2025Q4")  # the process reads the register row once, then keeps it
    counts = []
    for start in ("2025Q4", "2024Q1"):
        with CaptureQueriesContext(connection) as queries:
            response = search(client, start=start, end="2025Q4")
        assert response.status_code == 200
        counts.append(len(queries))
    assert response.content.decode().count("Quarter 20") == 8
    assert counts[0] == counts[1], counts


EARLY_RETIREMENT, COMPLEMENTARY = "78031200038", "75010100097"


def test_every_block_is_shown_and_a_block_below_an_absent_one_costs_no_query(client, agent, data):
    from dmfa import selectors

    for insz in (EARLY_RETIREMENT, COMPLEMENTARY):
        IntegrationFactory(insz=insz)
    page = search(client, insz=EARLY_RETIREMENT).content.decode()
    assert "Early retirement contribution" in page and "code Flat-rate contribution (0), 3 months, 450.00 EUR" in page
    page = search(client, insz=COMPLEMENTARY).content.decode()
    assert "indemnity 600.00 EUR over 3 months, contribution 45.00 EUR" in page
    contributions_read = {}
    for insz in (SEEN, COMPLEMENTARY):
        with CaptureQueriesContext(connection) as queries:
            selectors.person_declarations(insz=insz, quarters=[Quarter(2025, 3)])
        contributions_read[insz] = any(
            'FROM "dmfa_complementaryindemnitycontribution"' in query["sql"] for query in queries.captured_queries
        )
    # The contributions of complementary indemnities are read only when there is an indemnity to read them for.
    assert contributions_read == {SEEN: False, COMPLEMENTARY: True}
    with CaptureQueriesContext(connection) as queries:
        page = search(client).content.decode()
    assert "Reductions on the worker record" in page and "Early retirement contribution" not in page
    # Each table of the DmfA blocks is read once at most for the page, whatever the template touches.
    tables = [
        query["sql"].split(" FROM ", 1)[1].split()[0]
        for query in queries.captured_queries
        if query["sql"].startswith("SELECT") and ' FROM "dmfa_' in query["sql"]
    ]
    assert tables and len(tables) == len(set(tables)), tables


def test_the_employer_view_lists_only_visible_workers_and_counts_the_others(client, agent, data):
    response = client.post(EMPLOYER, {"employer": "123456749", "period_from": "2025Q3", "justification": JUSTIFICATION})
    assert response.status_code == 200
    page = response.content.decode()
    assert SEEN in page and WRONG_QUALITY not in page and "01020314523" not in page
    assert "6 other workers are not shown." in page
    assert Disclosure.objects.count() == 1 and rows_for(SEEN).get().outcome == "granted"


def employer_page(client, quarter="2025Q3", employer="0812345603"):
    response = client.post(EMPLOYER, {"employer": employer, "period_from": quarter, "justification": JUSTIFICATION})
    assert response.status_code == 200
    return response.content.decode()


def _notices(page: str) -> list[str]:
    return [part.split("</p>")[0] for part in page.split('<p class="notice">')[1:]]


def _result(page: str) -> str:
    """The answer below the form (the form carries a fresh CSRF token on every page)."""
    main = page.split('<main id="main"')[1].split("</main>")[0]
    return main.split("</form>")[-1]


def test_the_employer_view_with_no_visible_worker_answers_as_for_no_declaration(client, data):
    _vdab_agent(client)
    page = employer_page(client)
    without_declaration = employer_page(client, quarter="2024Q1")
    assert SEEN not in page and "not shown" not in page and "A-2025Q3-001" not in page
    assert "No current declaration of this employer for this quarter." in page
    assert _notices(page) == _notices(without_declaration)
    assert _result(page).replace("2025Q3", "Q") == _result(without_declaration).replace("2024Q1", "Q")
    assert Disclosure.objects.count() == 0


def test_the_employer_view_of_a_natural_person_employer_tells_nothing_to_a_non_agent(client, data):
    _owner(client)
    page = employer_page(client, employer="123456749")
    assert "No current declaration" in page and "not shown" not in page and "A-2025Q3-001" not in page
    assert Disclosure.objects.count() == 0


def test_the_employer_view_lists_a_worker_only_when_the_integration_covers_the_whole_quarter(client, agent, data):
    from datetime import date

    from authz.models import ReferenceDirectoryEntry

    ReferenceDirectoryEntry.objects.filter(insz=SEEN).update(valid_from=date(2025, 8, 1))
    page = employer_page(client)
    assert SEEN not in page and "No current declaration of this employer for this quarter." in page
    assert Disclosure.objects.count() == 0
    ReferenceDirectoryEntry.objects.filter(insz=SEEN).update(valid_from=date(2025, 7, 1), valid_until=date(2025, 8, 15))
    IntegrationFactory(insz=SEEN, valid_from=date(2025, 8, 16))  # the integration renewed the next day
    page = employer_page(client)
    assert SEEN in page and "6 other workers are not shown." in page
    row = rows_for(SEEN).get()
    assert (row.outcome, str(row.period_from), str(row.period_until)) == ("granted", "2025-07-01", "2025-09-30")


def _integrated_for_q2_2025_only(tmp_path):
    from datetime import date

    IntegrationFactory(insz=SEEN, valid_from=date(2025, 4, 1), valid_until=date(2025, 6, 30))
    import_quarters(tmp_path, insz_numbers=[SEEN], start=Quarter(2024, 1), end=Quarter(2025, 4))


ALL_BUT_Q2_2025 = ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q3", "2025Q4"]


def test_the_page_shows_only_the_quarters_the_integration_covers(client, agent, tmp_path):
    _integrated_for_q2_2025_only(tmp_path)
    response = search(client, start="2024Q1", end="2025Q4")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Quarter 20") == 1 and "Quarter 2025Q2" in page
    assert page.count("Declaration T-123456749-") == 1 and "Declaration T-123456749-2025Q2" in page
    assert f"Not consultable: {', '.join(ALL_BUT_Q2_2025)}." in page
    assert "Consultable: 2025Q2." in page
    row = rows_for(SEEN).get()
    assert (row.outcome, row.reason) == ("granted", "integrated")
    assert (str(row.period_from), str(row.period_until)) == ("2025-04-01", "2025-06-30")


def test_the_api_returns_only_the_quarters_the_integration_covers(client, agent, tmp_path):
    _integrated_for_q2_2025_only(tmp_path)
    response = api_get(client, **{"from": "2024Q1", "to": "2025Q4"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert [item["quarter"] for item in body["declarations"]] == ["2025Q2"]
    assert body["consultable_quarters"] == ["2025Q2"]
    assert body["not_consultable_quarters"] == ALL_BUT_Q2_2025
    assert (body["period_from"], body["period_until"]) == ("2024Q1", "2025Q4")
    assert "T-123456749-2024" not in response.content.decode()
    row = rows_for(SEEN).get()
    assert (row.channel, row.outcome, str(row.period_from), str(row.period_until)) == (
        "api",
        "granted",
        "2025-04-01",
        "2025-06-30",
    )


def test_a_quarter_the_integration_covers_only_partly_is_not_consultable(client, agent, tmp_path):
    from datetime import date

    IntegrationFactory(insz=SEEN, valid_from=date(2025, 5, 15))
    import_quarters(tmp_path, insz_numbers=[SEEN], start=Quarter(2025, 1), end=Quarter(2025, 4))
    page = search(client, start="2025Q1", end="2025Q4").content.decode()
    assert "Quarter 2025Q2" not in page and "Quarter 2025Q3" in page and "Quarter 2025Q4" in page
    assert "Not consultable: 2025Q1, 2025Q2." in page
    row = rows_for(SEEN).get()
    assert (str(row.period_from), str(row.period_until)) == ("2025-07-01", "2025-12-31")


@pytest.mark.parametrize("url", [SEARCH, "api"])
def test_no_whole_quarter_covered_is_refused_and_logged(client, agent, tmp_path, url):
    from datetime import date

    IntegrationFactory(insz=SEEN, valid_from=date(2025, 5, 1), valid_until=date(2025, 6, 30))
    import_quarters(tmp_path, insz_numbers=[SEEN], start=Quarter(2025, 2), end=Quarter(2025, 2))
    if url == "api":
        response = api_get(client, **{"from": "2025Q2", "to": "2025Q2"})
    else:
        response = search(client, start="2025Q2", end="2025Q2")
    assert response.status_code == 403
    assert "T-123456749" not in response.content.decode() and "9750" not in response.content.decode()
    row = rows_for(SEEN).get()
    assert (row.outcome, row.reason, str(row.period_from), str(row.period_until)) == (
        "refused",
        "outside-period",
        "2025-04-01",
        "2025-06-30",
    )


def test_the_employer_view_refuses_a_bad_number(client, agent):
    response = client.post(EMPLOYER, {"employer": "123456748", "period_from": "2025Q3", "justification": JUSTIFICATION})
    assert response.status_code == 400 and "valid RSZ registration number" in response.content.decode()


# The API.

API = "/api/v1/dmfa/persons/{insz}/declarations/"


def api_get(client, insz=SEEN, **params):
    query = {"from": "2025Q1", "to": "2025Q4", "justification": JUSTIFICATION, **params}
    return client.get(API.format(insz=insz), query, HTTP_ACCEPT="application/json", HTTP_ACCEPT_LANGUAGE="en")


def test_the_api_returns_the_same_data_with_amounts_as_decimal_strings(client, agent, data):
    response = api_get(client)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["insz"] == SEEN and body["period_from"] == "2025Q1"
    assert [item["quarter"] for item in body["declarations"]] == ["2025Q2", "2025Q3"]
    record = body["declarations"][1]["worker_records"][0]
    occupation = record["occupations"][0]
    assert occupation["remunerations"][0]["amount"] == "9750.12"
    assert occupation["services"][1] == {
        "sequence_number": 2,
        "code": "050",
        "label": "Illness",
        "days": "5.00",
        "hours": "38.00",
        "flight_minutes": None,
    }
    assert occupation["fraction"] == "1.0000" and record["student"] is None
    assert record["deductions"][0]["code"] == "0001"
    row = rows_for(SEEN).get()
    assert (row.channel, row.outcome, row.justification) == ("api", "granted", JUSTIFICATION)


@pytest.mark.parametrize(("insz", "reason"), [(WRONG_QUALITY, "wrong-quality-code"), (AT_VDAB, "not-integrated")])
def test_the_api_refuses_and_logs(client, agent, data, insz, reason):
    response = api_get(client, insz=insz)
    assert response.status_code == 403
    assert "9750" not in response.content.decode()
    assert Disclosure.objects.get().reason == reason


def test_the_api_refuses_anonymous_callers_and_logs(client, data):
    response = api_get(client)
    assert response.status_code in (401, 403)
    assert Disclosure.objects.get().reason == "anonymous"


@pytest.mark.parametrize(
    ("insz", "params"),
    [
        ("123", {}),
        (SEEN, {"from": "2025Q9"}),
        (SEEN, {"justification": ""}),
        (SEEN, {"from": "2026Q1", "to": "2025Q1"}),
    ],
)
def test_the_api_validates_its_input(client, agent, data, insz, params):
    response = api_get(client, insz=insz, **params)
    assert response.status_code == 400
    assert Disclosure.objects.count() == 0


def test_api_labels_follow_the_accept_language(client, agent, data):
    body = client.get(
        API.format(insz=SEEN),
        {"from": "2025Q3", "to": "2025Q3", "justification": JUSTIFICATION},
        HTTP_ACCEPT_LANGUAGE="fr",
    ).json()
    assert body["declarations"][0]["worker_records"][0]["occupations"][0]["services"][1]["label"] == "Maladie"


def test_the_api_is_in_the_schema(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = response.json() if response["Content-Type"].endswith("json") else None
    text = response.content.decode()
    assert "/api/v1/dmfa/persons/{insz}/declarations/" in text
    if schema:
        parameters = {
            p["name"] for p in schema["paths"]["/api/v1/dmfa/persons/{insz}/declarations/"]["get"]["parameters"]
        }
        assert {"insz", "from", "to", "justification"} <= parameters


def test_a_user_without_role_is_refused(client, data):
    log_in_with_mfa(client, UserFactory())
    assert search(client).status_code == 403


# -- codes shown with their label (issue 14, item 4) -----------------------------------------------------------------

INCAPACITY = "92113000042"
LABELLED_CODES = {
    "nl": [
        "<td>Paritair Comité voor de gezondheidsinrichtingen en -diensten (330)</td>",
        "bevordering van de werkgelegenheid: Startbaanovereenkomst (art. 27, 1°, wet van 24 december 1999) (10)",
        "reorganisatie: Ouderschapsverlof (volledige of gedeeltelijke afwezigheid) (504)",
        "code Forfaitaire bijdrage (0), 3 maanden",
        ", Paritair comité voor de ijzernijverheid (104)",
        "Dagelijkse vergoeding (1)",
    ],
    "fr": [
        "<td>Commission paritaire des établissements et des services de santé (330)</td>",
        "promotion de l'emploi: Convention de premier emploi (art. 27, 1°, loi du 24 décembre 1999) (10)",
        "réorganisation: Congé parental (absence totale ou partielle) (504)",
        "code Cotisation forfaitaire (0), 3 mois",
        ", Commission paritaire de l'industrie sidérurgique (104)",
        "Indemnité journalière (1)",
    ],
}


def _relabel(**occupation):
    """Give the imported blocks codes the fixture does not carry: the occupations of SEEN, and the complementary
    indemnity's joint committee."""
    from dmfa.models import ComplementaryIndemnity, Occupation

    Occupation.objects.filter(worker_record__person__insz=SEEN).update(**occupation)
    ComplementaryIndemnity.objects.update(joint_committee="104")


def _record_pages(client, language: str) -> str:
    import html

    people = (SEEN, EARLY_RETIREMENT, COMPLEMENTARY, INCAPACITY)
    pages = [search(client, insz=insz, url=f"/{language}/dmfa/").content.decode() for insz in people]
    return html.unescape(" ".join(" ".join(page.split()) for page in pages))


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_record_page_shows_every_code_with_its_label(client, agent, data, language):
    for insz in (EARLY_RETIREMENT, COMPLEMENTARY, INCAPACITY):
        IntegrationFactory(insz=insz)
    _relabel(joint_committee="330", employment_promotion=10, reorganisation_measure=504)
    page = _record_pages(client, language)
    missing = [text for text in LABELLED_CODES[language] if text not in page]
    assert missing == []
    assert "paritair comité Paritair" not in page and "commission paritaire Commission" not in page  # said once


def test_the_api_gives_the_same_codes_with_their_label_in_the_accept_language(client, agent, data):
    for insz in (EARLY_RETIREMENT, COMPLEMENTARY, INCAPACITY):
        IntegrationFactory(insz=insz)
    _relabel(joint_committee="330", employment_promotion=10, reorganisation_measure=504)

    def record(insz):
        params = {"from": "2025Q1", "to": "2026Q2", "justification": JUSTIFICATION}
        body = client.get(API.format(insz=insz), params, HTTP_ACCEPT_LANGUAGE="fr").json()
        return next(d["worker_records"][0] for d in body["declarations"] if d["worker_records"])

    occupation = record(SEEN)["occupations"][0]
    assert occupation["joint_committee"] == "330"
    assert occupation["joint_committee_label"] == "Commission paritaire des établissements et des services de santé"
    assert occupation["employment_promotion_label"].startswith("Convention de premier emploi")
    assert occupation["reorganisation_measure_label"] == "Congé parental (absence totale ou partielle)"
    assert record(EARLY_RETIREMENT)["early_retirement"][0]["label"] == "Cotisation forfaitaire"
    indemnity = record(COMPLEMENTARY)["complementary_indemnities"][0]
    assert indemnity["joint_committee_label"] == "Commission paritaire de l'industrie sidérurgique"
    assert record(INCAPACITY)["incapacity_indemnities"][0]["nature_label"] == "Indemnité journalière"


def test_a_code_the_lists_do_not_have_is_shown_with_the_unknown_code_note(client, agent, data):
    _relabel(joint_committee="200", employment_promotion=7, reorganisation_measure=None)
    page = " ".join(search(client, url="/nl/dmfa/").content.decode().split())
    assert "<td>200</td>" in page  # a committee the partial list does not name: the number, no "unknown" note
    assert "bevordering van de werkgelegenheid: 7 (code niet in de bijlage voor dit kwartaal)" in page
