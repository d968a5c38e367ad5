"""The programme parameters known with a source (shared/data/geco-dsp-research.md, read 2026-12-06).

Not seeded, for lack of a source: the GECO reference annual wage (the cap) and the flat percentage for allowances and
charges (research §1: GAP, decree text not readable); the DSP premium after 31 August 2024. Staff add them in the
admin with their source once Actiris confirms them; until then the premium check says which parameter is missing.
"""

import datetime
from decimal import Decimal

from django.db import migrations

RESEARCH = "shared/data/geco-dsp-research.md (read 2026-12-06)"
SERVICE_CODES = (
    "Annex 8 service codes grouped by ONSS (https://onss.be/stats/periodes-assimilees; "
    "https://www.ksz-bcss.fgov.be/dwh/nl/variabledetail/rijksdienst-voor-sociale-zekerheid/Variables/"
    "code-gelijkgestelde-dagen-1); no public Actiris mapping: " + RESEARCH + " §4"
)
WORKED = ["001"]
ASSIMILATED = ["002", "003", "005", "010", "011", "012", "014"]

PARAMETERS = [
    {
        "programme": "GECO",
        "key": "fixed_annual",
        "amount": Decimal("5035.00"),
        "valid_from": datetime.date(2002, 11, 28),
        "source": "https://select.actiris.brussels/nl/premies/geco (base premium a year per full-time GECO); "
        + RESEARCH
        + " §1 [2]",
        "status": "assumption",
        "note": "The amount is Actiris's; the page gives no start date: the decree of 28 November 2002 is assumed.",
    },
    {
        "programme": "GECO",
        "key": "employer_share",
        "amount": Decimal("0.05"),
        "valid_from": datetime.date(2002, 11, 28),
        "source": "Deliberation 05/012 of 8 March 2005 §3.1 (decree of 28 November 2002, arts 21 §2 and 26)",
        "status": "in_force",
        "note": "Exemption for lack of means, decided by the office per employer (the job's exemption box).",
    },
    {
        "programme": "DSP",
        "key": "fixed_monthly",
        "amount": Decimal("1168.75"),
        "valid_from": datetime.date(2021, 1, 1),
        "valid_until": datetime.date(2024, 8, 31),
        "source": "https://legalworld.wolterskluwer.be/fr/nouvelles/moniteur/programmes-de-transition-professionnelle-"
        "pour-chomeurs-de-longue-duree-le-ministre-bruxellois-de-l-emploi-fixe-le-montant-de-la-prime-regionale-"
        "jusqu-en-2024/ ; " + RESEARCH + " §2 [13]",
        "status": "in_force",
        "note": "Regional premium a month for a full-time job; proration for part-time by Q/S is an ASSUMPTION.",
    },
    {
        "programme": "DSP",
        "key": "employer_share",
        "amount": Decimal("0"),
        "valid_from": datetime.date(1998, 1, 29),
        "source": "Deliberation 05/012 §3.1 ties the 5 % share to the GECO decree (arts 21 §2 and 26); " + RESEARCH,
        "status": "assumption",
        "note": "No employer share is known for the DSP regional premium.",
    },
]
for _programme in ("GECO", "DSP"):
    for _key, _codes in (("worked_codes", WORKED), ("assimilated_codes", ASSIMILATED)):
        PARAMETERS.append(
            {
                "programme": _programme,
                "key": _key,
                "codes": _codes,
                "valid_from": datetime.date(2003, 1, 1),
                "source": SERVICE_CODES,
                "status": "assumption",
                "note": "Proposal to confirm with Actiris per joint committee (05/012 §3.2: per the working-time CLAs).",
            }
        )


def seed(apps, schema_editor):
    ProgrammeParameter = apps.get_model("dmfa", "ProgrammeParameter")
    for row in PARAMETERS:
        keys = {name: row[name] for name in ("programme", "key", "valid_from")}
        ProgrammeParameter.objects.update_or_create(**keys, joint_committee="", defaults=row)


def unseed(apps, schema_editor):
    ProgrammeParameter = apps.get_model("dmfa", "ProgrammeParameter")
    for row in PARAMETERS:
        ProgrammeParameter.objects.filter(
            programme=row["programme"], key=row["key"], valid_from=row["valid_from"], joint_committee=""
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("dmfa", "0003_geco_dsp_controls")]

    operations = [migrations.RunPython(seed, unseed)]
