"""Demo employers: RSZ and RSZPPO, natural and legal persons, every region, a struck-off employer, several categories.

Loaded through the portal CSV importer, so the demo takes the same path (and checks) as real data; safe to re-run.
"""

from __future__ import annotations

import csv
import io

from repertory.importers.portal_csv import COLUMNS, import_portal_csv
from repertory.services import ensure_reference_tables

#: Employers A, B and C are the ones authz's demo gives accesses to (DESIGN.md §6).
DEMO_EMPLOYERS = [
    {
        "repertory": "RSZ",
        "registration_number": "123456749",
        "enterprise_number": "0812345603",
        "name_nl": "Alfa Software",
        "name_fr": "Alfa Logiciels",
        "legal_form": "610",
        "natural_person": "0",
        "employer_type": "private",
        "importance_code": "4",
        "office_street": "Kunstlaan",
        "office_house_number": "10",
        "office_postcode": "1000",
        "office_municipality": "Brussel",
        "categories": "010=2008:62010,2025:62100",
        "seats": "2297964444|1000|Brussel|Kunstlaan|10|",
    },
    {
        "repertory": "RSZ",
        "registration_number": "134567808",
        "enterprise_number": "0823456754",
        "name_nl": "Bakkerij Bogaert",
        "legal_form": "",
        "natural_person": "1",
        "employer_type": "private",
        "importance_code": "1",
        "office_street": "",
        "office_postcode": "",
        "categories": "000=2008:56101,2025:56111",
        "seats": "|9000|Gent|Veldstraat|5|",
    },
    {
        "repertory": "RSZPPO",
        "registration_number": "12345672",
        "enterprise_number": "0834567808",
        "name_fr": "Commune de Gesves",
        "legal_form": "411",
        "natural_person": "0",
        "employer_type": "local",
        "importance_code": "5",
        "office_street": "Chaussée de Gramptinne",
        "office_house_number": "112",
        "office_postcode": "5340",
        "office_municipality": "Gesves",
        "categories": "751=2008:84114,2025:84114",
        "seats": "|5340|Gesves|Chaussée de Gramptinne|112|",
    },
    {
        "repertory": "RSZ",
        "registration_number": "145678964",
        "enterprise_number": "0845678959",
        "name_de": "Eifeler Pflegedienst",
        "name_fr": "Service de soins de l'Eifel",
        "legal_form": "017",
        "natural_person": "0",
        "employer_type": "private",
        "importance_code": "6",
        "office_street": "Rathausplatz",
        "office_house_number": "1",
        "office_postcode": "4700",
        "office_municipality": "Eupen",
        "categories": "011=2008:88101;000",
        "seats": "|4700|Eupen|Rathausplatz|1|;|4780|Sankt Vith|Hauptstraße|20|",
    },
    {
        "repertory": "RSZ",
        "registration_number": "156789053",
        "enterprise_number": "0856789023",
        "name_nl": "Delta Bouw",
        "legal_form": "014",
        "natural_person": "0",
        "employer_type": "private",
        "importance_code": "8",
        "office_street": "Meir",
        "office_house_number": "1",
        "office_postcode": "2000",
        "office_municipality": "Antwerpen",
        "categories": "024=2008:41201",
        "seats": "|2000|Antwerpen|Meir|1|;|4000|Liège|Place Saint-Lambert|1|",
    },
    {
        "repertory": "RSZ",
        "registration_number": "167890121",
        "enterprise_number": "0867890177",
        "name_nl": "Opgeheven Schoonmaak",
        "legal_form": "610",
        "natural_person": "0",
        "deletion_date": "2023-12-31",
        "employer_type": "private",
        "importance_code": "2",
        "office_postcode": "3000",
        "office_municipality": "Leuven",
        "categories": "066",
        "seats": "|3000|Leuven|Bondgenotenlaan|1|",
    },
]


def demo_csv() -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, restval="")
    writer.writeheader()
    writer.writerows(DEMO_EMPLOYERS)
    return out.getvalue().encode("utf-8")


def load(*, stdout) -> None:
    ensure_reference_tables()
    counts = import_portal_csv(io.BytesIO(demo_csv()), name="demo-repertory.csv")
    stdout.write(f"repertory: {counts.read} demo employers ({counts.created} created, {counts.updated} updated)")
