"""The DmfA annex code lists shipped in dmfa/data (source: dmfa/data/SOURCES.md), with validity and labels."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from babel import Locale

from foundation.formatting import locale_for
from foundation.quarters import Quarter
from foundation.reference import EMPLOYER_CATEGORIES as EMPLOYER_CATEGORY_FILE

DATA_FILE = Path(__file__).resolve().parent / "data" / "annex-code-lists.txt"

WORKER_CODES = 2  # werknemerskengetal
REDUCTION_CODES = 4
REMUNERATION_CODES = 7
SERVICE_CODES = 8  # prestatiecodes
INDEMNITY_NATURES = 10  # nature of a work-accident or occupational-disease indemnity (zone 00144)
EMPLOYER_CATEGORIES = 27
EMPLOYMENT_PROMOTIONS = 35  # zone 00052
REORGANISATION_MEASURES = 44  # zone 00051
#: A list the glossary gives in a zone rather than in an annex is keyed by its zone number (annexes stay below 60).
EARLY_RETIREMENT_CODES = 79  # zone 00079 "code cotisation prépension"

#: Worker codes the DmfA may not carry (annex 2: reserved for Dimona trainees).
NOT_IN_DMFA = frozenset({"848", "849"})
#: The width each annex pads its codes to.
WIDTH = {
    WORKER_CODES: 3,
    REDUCTION_CODES: 4,
    REMUNERATION_CODES: 3,
    SERVICE_CODES: 3,
    EMPLOYER_CATEGORIES: 3,
    INDEMNITY_NATURES: 2,
    EMPLOYMENT_PROMOTIONS: 1,
    REORGANISATION_MEASURES: 1,
    EARLY_RETIREMENT_CODES: 1,
}
WORKER_LINE, OCCUPATION = "worker", "occupation"  # the block a reduction code belongs to (annex 4)

_QUARTERS = re.compile(r"^(\d{4})/([1-4])-(\d{4})/([1-4])$")
_DATES = re.compile(r"^(\d{2})/(\d{2})/(\d{4})-(\d{2})/(\d{2})/(\d{4})$")


@dataclass(frozen=True)
class CodeEntry:
    annex: int
    code: str
    valid_from: date
    valid_until: date
    in_dmfa: bool
    kind: str  # annex 2: contribution type; annex 4: the block; annex 27: private/public; annex 10: employer category
    description: str  # the official French description

    def valid_in(self, quarter: Quarter) -> bool:
        return self.valid_from <= quarter.last_day and self.valid_until >= quarter.first_day


def normalise(annex: int, code: str | int) -> str:
    return str(int(code)).zfill(WIDTH[annex])


def _validity(text: str) -> tuple[date, date]:
    if text == "*":  # the glossary gives the list without a validity
        return date.min, date.max
    if match := _QUARTERS.match(text):
        start = Quarter(int(match.group(1)), int(match.group(2)))
        end = Quarter(int(match.group(3)), int(match.group(4)))
        return start.first_day, end.last_day
    if match := _DATES.match(text):
        d1, m1, y1, d2, m2, y2 = (int(part) for part in match.groups())
        end = date(9999, 12, 31) if y2 == 9999 else date(y2, m2, d2)
        return date(y1, m1, d1), end
    raise ValueError(f"unreadable validity {text!r} in {DATA_FILE.name}")


def _entry(annex: int, columns: list[str]) -> CodeEntry:
    code = normalise(annex, columns[0])
    if annex == WORKER_CODES:  # code, contribution type, worker type, validity, description
        start, end = _validity(columns[3])
        return CodeEntry(annex, code, start, end, code not in NOT_IN_DMFA, columns[1], columns[4])
    if annex == SERVICE_CODES:  # code, DMFA=, PPL=, validity, description
        start, end = _validity(columns[3])
        return CodeEntry(annex, code, start, end, columns[1] == "DMFA=Yes", "", columns[4])
    if annex == REMUNERATION_CODES:  # code, DMFA=, validity, description
        start, end = _validity(columns[2])
        return CodeEntry(annex, code, start, end, columns[1] == "DMFA=Yes", "", columns[3])
    if annex in (EMPLOYER_CATEGORIES, INDEMNITY_NATURES):  # code, sector or employer category, validity, description
        start, end = _validity(columns[2])
        return CodeEntry(annex, code, start, end, True, columns[1], columns[3])
    if annex in (EMPLOYMENT_PROMOTIONS, REORGANISATION_MEASURES, EARLY_RETIREMENT_CODES):  # code, validity, description
        start, end = _validity(columns[1])
        return CodeEntry(annex, code, start, end, True, "", columns[2])
    start, end = _validity(columns[1])  # annex 4: code, validity, block, description
    block = WORKER_LINE if columns[2] == "Ligne travailleur" else OCCUPATION
    return CodeEntry(annex, code, start, end, True, block, columns[3])


@cache
def entries() -> dict[int, dict[str, tuple[CodeEntry, ...]]]:
    """Every annex row, by annex and code (one code may have several rows with different validity)."""
    annexes: dict[int, dict[str, list[CodeEntry]]] = {}
    annex, rows = None, []
    for line in DATA_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith(("## Annex ", "## Zone ")):
            annex = int(line.split()[2])
            annexes[annex] = {}
        elif re.match(r"^\d+\t", line):
            rows.append((annex, line.split("\t")))
        elif line.strip() and rows:  # a description that runs over several lines
            rows[-1][1][-1] += " " + line.strip()
    for annex_number, columns in rows:
        entry = _entry(annex_number, columns)
        annexes[annex_number].setdefault(entry.code, []).append(entry)
    return {number: {code: tuple(items) for code, items in codes.items()} for number, codes in annexes.items()}


def lookup(annex: int, code: str | int, quarter: Quarter) -> CodeEntry | None:
    """The annex row of a code valid in the quarter and allowed in the DmfA, or None."""
    for entry in entries()[annex].get(normalise(annex, code), ()):
        if entry.in_dmfa and entry.valid_in(quarter):
            return entry
    return None


def label(annex: int, code: str | int | None, quarter: Quarter | None = None) -> str:
    """A label in the user's language where the project has one, otherwise the official (French) description."""
    if code in (None, ""):
        return ""
    # A consultation page shows hundreds of codes: each label is worked out once per language and kept.
    return _label(get_language(), annex, code, quarter)


@lru_cache(maxsize=16_384)
def _label(_language: str | None, annex: int, code: str | int, quarter: Quarter | None) -> str:
    code = normalise(annex, code)
    own = LABELS.get(annex, {}).get(code)
    if own:
        return str(own)
    rows = entries().get(annex, {}).get(code, ())
    if quarter is not None:
        rows = tuple(row for row in rows if row.valid_in(quarter)) or rows
    return rows[0].description if rows else ""


#: Short labels for every code of annexes 2, 4, 7, 8, 10, 35 and 44 and of the early retirement codes (zone 00079),
#: summarised from the annexes and the glossary (translated in dmfa/locale).
#: The region named by a regional reduction code (6000-9300) comes from the annex's regional columns, which the
#: extract in dmfa/data leaves out; without it the Flemish, Brussels, Walloon and German-speaking twins read alike.
LABELS: dict[int, dict[str, object]] = {
    INDEMNITY_NATURES: {
        "00": _("All indemnities (occupational diseases)"),
        "01": _("Daily allowance"),
        "02": _("Annual allowance"),
        "03": _("Annuity"),
        "04": _("Lump sum (capital)"),
        "05": _("Allowance"),
        "12": _("Annual allowance, incapacity below 10%"),
        "13": _("Annuity, incapacity below 10%"),
        "15": _("Allowance, incapacity below 10%"),
    },
    EMPLOYMENT_PROMOTIONS: {
        "1": _("Hired under royal decree 495"),
        "2": _("Hired through the activation of benefits (transition programme, SINE)"),
        "3": _("Hired under the redistribution of work in the public sector"),
        "4": _("Hired in the third work circuit"),
        "5": _("Hired under the PRIME programme"),
        "10": _("First-job agreement (art. 27, 1°, law of 24 December 1999)"),
        "11": _("First-job agreement (art. 27, 2°, law of 24 December 1999)"),
        "12": _("First-job agreement (art. 27, 3°, law of 24 December 1999)"),
        "13": _("Disabled worker, first-job agreement (art. 27, 1°)"),
        "14": _("Disabled worker, first-job agreement (art. 27, 2°)"),
        "15": _("Disabled worker, first-job agreement (art. 27, 3°)"),
        "16": _("Worker of foreign origin, first-job agreement (art. 27, 1°)"),
        "17": _("Worker of foreign origin, first-job agreement (art. 27, 2°)"),
        "18": _("Worker of foreign origin, first-job agreement (art. 27, 3°)"),
        "19": _("Former unemployed worker aged 45 or over, treated as a first-job agreement"),
    },
    REORGANISATION_MEASURES: {
        "1": _("Working-time reduction under an approved work-redistribution plan"),
        "2": _("New working arrangements under CLA no. 42"),
        "3": _("Full career break (allowance from the NEO or WSE)"),
        "4": _("Part-time career break (allowance from the NEO or WSE)"),
        "5": _("Adapted work with loss of wages"),
        "6": _("Half-time early retirement"),
        "7": _("Reduced working time in the public sector (laws of 10 April 1995, 19 July 2012)"),
        "8": _("Temporary part-time leave of public-sector contract staff"),
        "501": _("Absence counted as service, paid other than the activity salary"),
        "502": _("Unpaid absence counted as service"),
        "503": _("Absence counted as service before retirement, with waiting salary"),
        "504": _("Parental leave (full or partial absence)"),
        "505": _("Unpaid absence counted as service, to work elsewhere (traineeship, mission, mandate)"),
        "506": _("Reduced working time for personal reasons, or four-day week without premium"),
        "507": _("Availability with waiting salary, salary progression kept"),
        "508": _("Availability with waiting salary, salary progression lost"),
        "509": _("Availability before retirement, with waiting salary"),
        "510": _("Unpaid absence in non-activity, or availability without waiting salary"),
        "511": _("Paid absence in non-activity, or voluntary availability (military)"),
        "512": _("Unpaid leave in non-activity"),
        "513": _("Leave for a management or staff function in a public service"),
        "514": _("Four-day week with premium, or half-time from 50 or 55 (statutory staff)"),
        "515": _("Leave to hold another teaching post in the same Community"),
        "516": _("Full absence before retirement with waiting salary (operational police staff)"),
        "517": _("Disciplinary suspension of a local mandatary"),
        "531": _("Availability for lack of a post, without waiting salary (education)"),
        "541": _("Temporary withdrawal for a career break (military), or career break paid by the employer"),
        "542": _("Temporary withdrawal for health reasons (military)"),
        "543": _("Temporary withdrawal as a disciplinary measure or other paid non-activity (military)"),
        "544": _("Leave or career break for care or parental leave, allowance paid by the employer"),
        "545": _("Automatic availability (military)"),
        "546": _("Voluntary availability (military)"),
        "599": _("Simultaneous absences combining several measures (statutory staff)"),
    },
    EARLY_RETIREMENT_CODES: {
        "0": _("Flat-rate contribution"),
        "1": _("Special compensatory contribution"),
    },
    SERVICE_CODES: {
        "001": _("Normal working days"),
        "002": _("Statutory holidays (manual workers)"),
        "003": _("Complementary holidays (manual workers)"),
        "004": _("First day of bad-weather absence (construction)"),
        "005": _("Paid educational leave"),
        "010": _("Guaranteed wage second week, public holidays during temporary unemployment"),
        "011": _("Incapacity with complement (CLA 12bis/13bis)"),
        "012": _("Holidays or compensatory rest under a binding CLA"),
        "013": _("Social promotion"),
        "014": _("Supplementary holidays (start or resumption of activity)"),
        "015": _("Flexi-job holiday days"),
        "020": _("Unpaid compensatory rest days"),
        "021": _("Strike or lock-out"),
        "022": _("Trade-union mission"),
        "023": _("Waiting day"),
        "024": _("Unpaid leave for compelling reasons"),
        "025": _("Civic duties or public mandate, unpaid"),
        "026": _("Military obligations"),
        "030": _("Unpaid time without any indemnity"),
        "031": _("Total unpaid absence counted as service"),
        "032": _("Total unpaid absence, non-activity"),
        "033": _("Unpaid political leave"),
        "041": _("Total paid absence, non-activity"),
        "042": _("Availability with waiting allowance"),
        "043": _("Temporary withdrawal for health reasons (military)"),
        "050": _("Illness"),
        "051": _("Maternity protection"),
        "052": _("Paternity, birth or adoption leave"),
        "053": _("Prophylactic leave"),
        "060": _("Work accident"),
        "061": _("Occupational disease"),
        "070": _("Temporary unemployment"),
        "071": _("Temporary unemployment for economic reasons"),
        "072": _("Temporary unemployment for bad weather"),
        "073": _("Youth or senior holidays"),
        "074": _("Childminder: missing services"),
        "075": _("Foster-care days"),
        "076": _("Suspension of white-collar workers for lack of work"),
        "077": _("Temporary unemployment for force majeure (corona, floods, Ukraine)"),
        "080": _("Overtime not recovered, not subject to contributions"),
        "101": _("Seafarers: sailing days"),
        "102": _("Seafarers: leave days"),
        "110": _("Member of parliament or government, protected local mandatary"),
        "301": _("Working time covered by an exempted indemnity (public sector)"),
    },
    REMUNERATION_CODES: {
        "001": _("Ordinary remuneration"),
        "002": _("Bonuses independent of the days worked"),
        "003": _("Termination indemnity expressed in working time"),
        "004": _("Termination indemnity not expressed in working time"),
        "005": _("Bonus for sharing out work"),
        "006": _("Indemnity for hours that are not working time"),
        "007": _("Exit holiday pay (white-collar), subject to contributions"),
        "008": _("Occasional Horeca worker supplement"),
        "009": _("Termination indemnity of a statutory civil servant"),
        "010": _("Company car benefit in kind"),
        "011": _("Exit holiday pay (white-collar), not subject to contributions"),
        "012": _("Holiday pay paid in advance"),
        "013": _("Overtime not recovered, not subject to contributions"),
        "020": _("Remuneration elements specific to pensioners"),
        "021": _("Benefits not subject to ordinary contributions"),
        "022": _("Flexi wage"),
        "023": _("Flexi-job bonuses"),
        "024": _("Benefits not subject to contributions, counted for subsidies"),
        "025": _("Mission travel allowance"),
        "026": _("Premiums or subsidies other than social Maribel"),
        "027": _("Indemnity of a member of parliament or government"),
        "028": _("Exit indemnity of a member of parliament or government"),
        "029": _("Mobility budget balance (third pillar)"),
        "030": _("Guaranteed wage second week"),
        "031": _("Indemnity under CLA 12bis/13bis"),
        "032": _("Net wage in activation programmes"),
        "033": _("Gross wage of a part-time worker with income guarantee allowance"),
        "041": _("Indemnity for additional responsibilities (parliament or government)"),
        "042": _("Training share of a first-job agreement wage"),
        "043": _("Local police: premiums counted for the social allowance"),
        "044": _("Local police (statutory): premiums counted for the social allowance"),
        "045": _("Local police: end-of-year bonus"),
        "046": _("Benefits counted for social Maribel subsidies"),
        "051": _("Indemnity of an absent statutory staff member (reorganisation of working time)"),
        "061": _("Statutory staff: ordinary remuneration"),
        "062": _("Statutory staff: bonuses independent of the days worked"),
        "065": _("Statutory staff: bonus for sharing out work"),
        "066": _("Statutory staff: indemnity during total absence (reorganisation)"),
        "067": _("Statutory staff: amounts subject to the public-sector pension contribution only"),
    },
    REDUCTION_CODES: {
        "0001": _("Work bonus (reduction of personal contributions)"),
        "0501": _("Reduction of personal contributions, dredging sector"),
        "0600": _("Worker dismissed in a restructuring: personal contributions, contract pre-2007"),
        "0601": _("Worker dismissed in a restructuring: personal contributions"),
        "0610": _("Sports bonus"),
        "0611": _("Pensioner working in health care: personal contributions"),
        "1001": _("Structural reduction (before 2004)"),
        "1101": _("Hiring plan: jobseeker meeting the 12-month condition"),
        "1102": _("Hiring plan: jobseeker meeting the 24-month condition"),
        "1103": _("Hiring plan: jobseeker in an insertion company"),
        "1104": _("Hiring plan: jobseeker over 50"),
        "1105": _("Hiring plan: jobseeker over 45 meeting the 12-month condition"),
        "1106": _("Hiring plan: jobseeker over 45 meeting the 24-month condition"),
        "1111": _("Activa plan before 2004: long-term jobseeker, 75%"),
        "1112": _("Activa plan before 2004: long-term jobseeker, 100%"),
        "1121": _("Plus-one plan"),
        "1122": _("Plus-two plan"),
        "1123": _("Plus-three plan"),
        "1124": _("Plus-one plan, former temporary agency worker"),
        "1125": _("Plus-two plan, former temporary agency worker"),
        "1126": _("Plus-three plan, former temporary agency worker"),
        "1131": _("First domestic worker hired (royal decree 483)"),
        "1141": _("Activation of unemployment benefits"),
        "1142": _("Social reintegration economy, agreement before 2004"),
        "1201": _("Youth first-job agreement before 2004, employment-training, EUR 495.79"),
        "1202": _("Youth first-job agreement, employment-training, EUR 1,115.52"),
        "1203": _("Youth first-job agreement, EUR 495.79"),
        "1204": _("Youth first-job agreement, EUR 1,115.52"),
        "1205": _("Worker kept on after a youth first-job agreement"),
        "1211": _("Young person on an employment-training agreement (royal decree 495)"),
        "1212": _("Young person in part-time compulsory education with a work or training contract"),
        "1213": _("Recognised apprentice (royal decree 495)"),
        "1311": _("Part-time replacement of a worker on career break"),
        "1312": _("Full-time replacement of a worker on career break"),
        "1321": _("Part-time replacement of a worker in half-time early retirement"),
        "1322": _("Full-time replacement of a worker in half-time early retirement"),
        "1331": _("Vande Lanotte plan 1"),
        "1332": _("Vande Lanotte plan 2"),
        "1333": _("Vande Lanotte plan 3"),
        "1341": _("Four-day week (law of 26 March 1999)"),
        "1345": _("Four-day week: one-off reduction, calculated at once"),
        "1346": _("Four-day week: one-off reduction, in four instalments"),
        "1350": _("Working time reduced to 38 hours a week"),
        "1351": _("Working time below 38 hours: one-off reduction, calculated at once"),
        "1352": _("Working time below 38 hours: one-off reduction, in four instalments"),
        "1353": _("Working time below 38 hours: maintenance reduction"),
        "1501": _("Reduction of employer contributions, dredging sector"),
        "1511": _("Scientific research"),
        "1521": _("Recognised childminders (scheme until 2013)"),
        "1531": _("Artists (scheme until 2013)"),
        "2001": _("Refund of social secretariat fees: first worker"),
        "2002": _("Refund of social secretariat fees: second worker"),
        "3000": _("Structural reduction"),
        "3100": _("Older workers aged 57 or over"),
        "3101": _("Older workers aged 50 to 56"),
        "3102": _("Older workers (2013 to 2018)"),
        "3200": _("Activa: jobseeker under 25, 312 days in 18 months"),
        "3201": _("Activa: jobseeker under 45, 624 days in 36 months"),
        "3202": _("Activa: jobseeker under 45, 936 days in 54 months"),
        "3203": _("Activa: jobseeker under 45, 1560 days in 90 months"),
        "3204": _("Activa: prevention/security officer, jobseeker under 45"),
        "3205": _("Activa: low-skilled jobseeker under 27 or 30"),
        "3210": _("Activa: jobseeker 45 or over, 156 days in 9 months"),
        "3211": _("Activa: jobseeker 45 or over, 312 days in 18 months"),
        "3212": _("Activa: prevention/security officer, jobseeker 45 or over"),
        "3220": _("Transition programme: low-skilled under 25 or under 45"),
        "3221": _("Transition programme: under 45, 24 months of benefits"),
        "3230": _("Transition programme: 45 or over, 12 months of benefits"),
        "3231": _("Transition programme: 45 or over, 24 months of benefits"),
        "3240": _("Social insertion economy, under 45, 312 days/18 months"),
        "3241": _("Social insertion economy, under 45"),
        "3250": _("Social insertion economy, 45 and over"),
        "3310": _("First hires: first worker, flat rate 1000"),
        "3311": _("First hires: first worker, flat rate 400"),
        "3312": _("First hires: first worker, recovery plan, first period"),
        "3313": _("First hires: first worker, recovery plan, second period"),
        "3314": _("First hires: first worker, recovery plan, third period"),
        "3315": _("First hires: first worker"),
        "3320": _("First hires: second worker (until 2012)"),
        "3321": _("First hires: second worker, recovery plan, first period"),
        "3322": _("First hires: second worker, recovery plan, second period"),
        "3323": _("First hires: second worker, tax shift transition, third period"),
        "3324": _("First hires: second worker, tax shift, first period"),
        "3325": _("First hires: second worker, tax shift, second period"),
        "3326": _("First hires: second worker, tax shift, third period"),
        "3330": _("First hires: third worker (until 2012)"),
        "3331": _("First hires: third worker, recovery plan, first period"),
        "3332": _("First hires: third worker, recovery plan, second period"),
        "3333": _("First hires: third worker, tax shift, first period"),
        "3334": _("First hires: third worker, tax shift, second period"),
        "3340": _("First hires: fourth worker, recovery plan, first period"),
        "3341": _("First hires: fourth worker, recovery plan, second period"),
        "3342": _("First hires: fourth worker, tax shift, first period"),
        "3343": _("First hires: fourth worker, tax shift, second period"),
        "3350": _("First hires: fifth worker, recovery plan, first period"),
        "3351": _("First hires: fifth worker, recovery plan, second period"),
        "3352": _("First hires: fifth worker, tax shift, first period"),
        "3353": _("First hires: fifth worker, tax shift, second period"),
        "3360": _("First hires: sixth worker, tax shift, first period"),
        "3361": _("First hires: sixth worker, tax shift, second period"),
        "3410": _("First-job agreement: low-skilled young worker"),
        "3411": _("First-job agreement: very low-skilled, disabled or foreign-origin youth"),
        "3412": _("First-job agreement: medium-skilled young worker"),
        "3413": _("Young worker from the year they turn 19 until age 30"),
        "3414": _("Young worker aged 19 to 30, also on a low-skilled first-job agreement"),
        "3415": _("Young worker aged 19 to 30, also very low-skilled, disabled or foreign-origin"),
        "3416": _("Young worker aged 19 to 30, low-skilled first-job agreement, transitional"),
        "3430": _("Young worker until the end of the year they turn 18"),
        "3500": _("Reduction of working time"),
        "3510": _("Four-day week"),
        "3520": _("Reduction of working time and four-day week"),
        "3600": _("Worker dismissed in a restructuring: employer contributions, contract pre-2007"),
        "3601": _("Worker dismissed in a restructuring, under 45"),
        "3611": _("Worker dismissed in a restructuring, 45 or over"),
        "3612": _("Trainers holding a restructuring card"),
        "3700": _("Temporary reduction of working time due to the crisis"),
        "3701": _("Temporary reduction of working time due to Brexit"),
        "3702": _("Travel sector, Covid support measure"),
        "3703": _("Events sector, Covid support measure"),
        "3704": _("Hotel sector, Covid support measure"),
        "3705": _("Economic recovery reduction"),
        "3706": _("Economic recovery reduction for heavily affected employers"),
        "3720": _("Temporary working-time reduction with a four-day week due to the crisis"),
        "3721": _("Temporary working-time reduction with a four-day week due to Brexit"),
        "3800": _("Tutors"),
        "3900": _("Permanent workers in the Horeca sector"),
        "4000": _("Subsidised contractual staff"),
        "4001": _("Subsidised contractual staff of provincial and local administrations"),
        "4100": _("Replacements of contractual and statutory staff in the public sector"),
        "4110": _("Paid sportspeople"),
        "4200": _("Household staff"),
        "4300": _("Artists"),
        "4400": _("Recognised childminders"),
        "4500": _("Workers employed by a CPAS/OCMW under article 60 §7"),
        "6000": _("Activa: jobseeker under 25, 312 days in 18 months (Flanders, transitional)"),
        "6001": _("Activa: jobseeker under 45, 624 days in 36 months (Flanders, transitional)"),
        "6002": _("Activa: jobseeker under 45, 936 days in 54 months (Flanders, transitional)"),
        "6003": _("Activa: jobseeker under 45, 1560 days in 90 months (Flanders, transitional)"),
        "6004": _("Activa: low-skilled jobseeker under 27 or 30 (Flanders, transitional)"),
        "6005": _("Activa: jobseeker 45 or over, 156 days in 9 months (Flanders, transitional)"),
        "6006": _("Activa: jobseeker 45 or over, 312 days in 18 months (Flanders, transitional)"),
        "6030": _("First-job agreement: low-skilled young worker (Flanders, transitional)"),
        "6031": _("First job: very low-skilled, disabled or foreign-origin (Flanders, transitional)"),
        "6032": _("First-job agreement: medium-skilled young worker (Flanders, transitional)"),
        "6033": _("Young worker until the end of the year they turn 18 (Flanders, transitional)"),
        "6040": _("Worker dismissed in a restructuring, under 45 (Flanders, transitional)"),
        "6041": _("Worker dismissed in a restructuring, 45 or over (Flanders, transitional)"),
        "6300": _("Young low-skilled workers"),
        "6301": _("Young medium-skilled workers (Flanders)"),
        "6310": _("Young apprentices (Flanders)"),
        "6311": _("Young workers in dual learning (Flanders)"),
        "6320": _("Older workers in service (Flanders)"),
        "6321": _("Older workers newly hired (Flanders)"),
        "6330": _("Merchant navy, dredging and towage (Flanders)"),
        "7000": _("Activa: jobseeker under 25, 312 days in 18 months (Brussels, transitional)"),
        "7001": _("Activa: jobseeker under 45, 624 days in 36 months (Brussels, transitional)"),
        "7002": _("Activa: jobseeker under 45, 936 days in 54 months (Brussels, transitional)"),
        "7003": _("Activa: jobseeker under 45, 1560 days in 90 months (Brussels, transitional)"),
        "7004": _("Activa: low-skilled jobseeker under 27 or 30 (Brussels, transitional)"),
        "7005": _("Activa: jobseeker 45 or over, 156 days in 9 months (Brussels, transitional)"),
        "7006": _("Activa: jobseeker 45 or over, 312 days in 18 months (Brussels, transitional)"),
        "7030": _("First-job agreement: low-skilled young worker (Brussels, transitional)"),
        "7031": _("First job: very low-skilled, disabled or foreign-origin (Brussels, transitional)"),
        "7032": _("First-job agreement: medium-skilled young worker (Brussels, transitional)"),
        "7033": _("Young worker until the end of the year they turn 18 (Brussels, transitional)"),
        "7040": _("Worker dismissed in a restructuring, under 45 (Brussels, transitional)"),
        "7041": _("Worker dismissed in a restructuring, 45 or over (Brussels, transitional)"),
        "7320": _("Older workers (Brussels)"),
        "8000": _("Activa: jobseeker under 25, 312 days in 18 months (Wallonia, transitional)"),
        "8001": _("Activa: jobseeker under 45, 624 days in 36 months (Wallonia, transitional)"),
        "8002": _("Activa: jobseeker under 45, 936 days in 54 months (Wallonia, transitional)"),
        "8003": _("Activa: jobseeker under 45, 1560 days in 90 months (Wallonia, transitional)"),
        "8004": _("Activa: low-skilled jobseeker under 27 or 30 (Wallonia, transitional)"),
        "8005": _("Activa: jobseeker 45 or over, 156 days in 9 months (Wallonia, transitional)"),
        "8006": _("Activa: jobseeker 45 or over, 312 days in 18 months (Wallonia, transitional)"),
        "8007": _("Activa: prevention/security officer, jobseeker under 45 (Wallonia, transitional)"),
        "8008": _("Activa: prevention/security officer, jobseeker 45 or over (Wallonia, transitional)"),
        "8009": _("Transition programme: low-skilled under 25 or under 45 (Wallonia, transitional)"),
        "8010": _("Transition programme: under 45, 24 months of benefits (Wallonia, transitional)"),
        "8011": _("Transition programme: 45 or over, 12 months of benefits (Wallonia, transitional)"),
        "8012": _("Transition programme: 45 or over, 24 months of benefits (Wallonia, transitional)"),
        "8020": _("Household staff (Wallonia, transitional)"),
        "8030": _("First-job agreement: low-skilled young worker (Wallonia, transitional)"),
        "8031": _("First job: very low-skilled, disabled or foreign-origin (Wallonia, transitional)"),
        "8032": _("First-job agreement: medium-skilled young worker (Wallonia, transitional)"),
        "8033": _("Young worker until the end of the year they turn 18 (Wallonia, transitional)"),
        "8040": _("Worker dismissed in a restructuring, under 45 (Wallonia, transitional)"),
        "8041": _("Worker dismissed in a restructuring, 45 or over (Wallonia, transitional)"),
        "8050": _("Older workers (Wallonia, transitional)"),
        "8320": _("Older workers (Wallonia)"),
        "9000": _("Social insertion economy, under 45, 312d/18m (German-speaking, transitional)"),
        "9001": _("Social insertion economy, under 45 (German-speaking, transitional)"),
        "9002": _("Social insertion economy, 45 and over (German-speaking, transitional)"),
        "9003": _("Older workers (German-speaking, transitional)"),
        "9300": _("Older workers (German-speaking Community)"),
    },
    WORKER_CODES: {
        "010": _("Temporary manual worker in horticulture or agriculture; Fedris: retired worker"),
        "011": _("Special-category manual worker declared on flat-rate wages"),
        "012": _("Disabled manual worker in a sheltered workshop, from the year they turn 19"),
        "013": _("Taxi driver or other special-category manual worker; Fedris: disadvantaged youth"),
        "014": _("Seafarer (merchant navy, dredging, towage); until 2019: forestry manual worker"),
        "015": _("Manual worker"),
        "016": _("Miner working on the surface"),
        "017": _("Miner working underground"),
        "019": _("Public-sector manual apprentice, from the year they turn 19"),
        "020": _("Occasional Horeca manual pupil, until the year they turn 18"),
        "021": _("Public-sector contract manual worker replacing a worker on career break"),
        "022": _("Special-category manual pupil or trainee, until the year they turn 18"),
        "024": _("Subsidised contractual manual worker"),
        "025": _("Subsidised contractual disabled manual worker"),
        "026": _("Forestry manual pupil or trainee, until the year they turn 18"),
        "027": _("Manual worker pupil or trainee"),
        "029": _("Subsidised contractual manual worker on flat-rate wages (public sector)"),
        "035": _("Manual apprentice"),
        "041": _("Domestic servant with a work accident before 1 April 1983 (Fedris)"),
        "043": _("Household staff, manual worker"),
        "044": _("Household staff, manual pupil until the year they turn 18"),
        "045": _("Domestic servant; Fedris: accident since April 1983 or occupational disease"),
        "046": _("Artist, from the year they turn 19"),
        "047": _("Artist, part-time pupil until the year they turn 18"),
        "050": _("Flexi-job manual worker"),
        "090": _("Manual worker employed by a CPAS/OCMW under article 60 §7"),
        "260": _("Activation contribution"),
        "261": _("Reduced activation contribution"),
        "270": _("Special employer contribution, RCC started before April 2010"),
        "271": _("Reduced special employer contribution, non-profit RCC started before April 2012"),
        "272": _("Compensatory employer contribution for a worker in RCC"),
        "273": _("Special employer contribution, RCC started April 2010 to March 2012"),
        "274": _("Reduced special employer contribution, RCC in a company in difficulty"),
        "275": _("Reduced special employer contribution, restructuring RCC from 04/2010 to 03/2012"),
        "276": _("Special employer contribution, RCC started from April 2012"),
        "277": _("Reduced special employer contribution, non-profit RCC started from April 2012"),
        "278": _("Reduced special employer contribution, restructuring RCC started from April 2012"),
        "280": _("Special employer contribution, RCIC after dismissal, started before April 2010"),
        "281": _("Special employer contribution, RCIC after dismissal, started 04/2010 to 03/2012"),
        "282": _("Reduced special contribution, non-profit RCIC after dismissal, 04/2010 to 03/2012"),
        "283": _("Special employer contribution, RCIC after dismissal, started from April 2012"),
        "284": _("Reduced special contribution, non-profit RCIC after dismissal, from April 2012"),
        "290": _("Special employer contribution, RCIC supplement during time credit"),
        "295": _("Personal contribution of a worker in RCC or RCIC"),
        "400": _("White-collar worker employed by a CPAS/OCMW under article 60 §7"),
        "404": _("Non-protected local mandatary"),
        "405": _("Protected local mandatary"),
        "406": _("Member of a federal or regional parliament"),
        "407": _("Member of a federal or regional government"),
        "439": _("White-collar apprentice"),
        "450": _("Flexi-job white-collar worker"),
        "454": _("Paid sportsperson under joint committee 329, from the year they turn 19"),
        "480": _("Occasional Horeca white-collar pupil, until the year they turn 18"),
        "481": _("Public-sector contract white-collar worker replacing a worker on career break"),
        "484": _("Subsidised contractual white-collar worker"),
        "485": _("Subsidised contractual disabled white-collar worker"),
        "486": _("Occasional white-collar pupil on flat-rate wages (Horeca)"),
        "487": _("White-collar pupil or trainee"),
        "488": _("(Post)doctoral scholarship holder, Fedris contributions due"),
        "490": _("Occasional white-collar worker in the Horeca sector"),
        "491": _("Non-administrative, non-technical staff of a free university (all schemes)"),
        "492": _("Disabled white-collar worker in a sheltered workshop, from the year they turn 19"),
        "493": _("Academic or scientific university staff; Fedris: doctor in specialist training"),
        "494": _("Paid sportsperson (JC 223, 200 or public sector), from the year they turn 19"),
        "495": _("White-collar worker"),
        "496": _("Occasional white-collar worker on flat-rate wages (Horeca)"),
        "497": _("Recognised childminder"),
        "498": _("(Post)doctoral scholarship holder from a non-EEA country without an agreement"),
        "499": _("Public-sector white-collar apprentice, from the year they turn 19"),
        "671": _("Worker hired after 1998, insured only for health care and family allowances"),
        "673": _("Mandatary or staff-function holder in a public service"),
        "675": _("Worker insured for health care only; Fedris: statutory staff member"),
        "676": _("Statutory staff member posted abroad (public-sector pension contribution only)"),
        "677": _("Probationer for permanent appointment (local government, private holiday scheme)"),
        "690": _("Permanent doctor exempt from social security, entitled to a public pension"),
        "800": _("Economic unemployment contribution"),
        "801": _("Special contribution on the corona bonus"),
        "802": _("Contribution for the social allowance II of the local police"),
        "803": _("Contribution to the Prolocus supplementary pension plan"),
        "805": _("Responsibility contribution for the income guarantee allowance"),
        "806": _("Solidarity contribution on seafarers' travel allowances for joining ship"),
        "807": _("Work-accident premium for Fedris, seafarers"),
        "808": _("Extra Fedris work-accident premium, seafarers in a war or piracy zone"),
        "809": _("Company Closure Fund contribution, commercial employers"),
        "810": _("Special Company Closure Fund contribution"),
        "811": _("Company Closure Fund contribution, non-commercial employers"),
        "812": _("Special Company Closure Fund contribution on termination indemnities"),
        "815": _("Public-sector pension contribution, statutory staff"),
        "816": _("Public-sector pension contribution, mandataries and staff-function holders"),
        "817": _("Equalisation contribution, certain statutory staff and local mandataries"),
        "818": _("Pension contribution to the pooled fund of provincial and local authorities"),
        "820": _("Subsistence fund contribution on manual workers' wages"),
        "825": _("Sectoral pension fund contribution, manual workers"),
        "826": _("Flat-rate subsistence fund contribution, manual workers"),
        "827": _("Flat-rate sectoral pension fund contribution, manual workers"),
        "830": _("Subsistence fund contribution on white-collar workers' wages"),
        "831": _("Social Fund of joint committee 200 (formerly 218), white-collar wages"),
        "832": _("Social Fund of independent retail (joint committee 201), white-collar wages"),
        "833": _("Social fund of the French and German-speaking socio-cultural sector"),
        "835": _("Sectoral pension fund contribution, white-collar workers"),
        "836": _("Flat-rate subsistence fund contribution, white-collar workers"),
        "837": _("Flat-rate sectoral pension fund contribution, white-collar workers"),
        "840": _("Student (manual worker)"),
        "841": _("Student (white-collar worker)"),
        "845": _("Contribution to the Collective Social Service of the Federal Pension Service"),
        "846": _("Contribution to the Police Social Service"),
        "847": _("Contribution to the Collective Social Service of Flanders"),
        "848": _("Manual-worker trainee not subject to social security (Dimona only)"),
        "849": _("White-collar trainee not subject to social security (Dimona only)"),
        "850": _("Contribution for the trade-union premium"),
        "851": _("Special contribution on employer payments for a supplementary pension"),
        "852": _("Contribution for employment and training measures"),
        "854": _("Contribution for young people on an integration pathway"),
        "855": _("Special contribution, employer size code 3 to 9, workers with wage moderation"),
        "856": _("Special social security contribution (law of 30 March 1994)"),
        "857": _("Special contribution, employer size code 3 to 9, workers without wage moderation"),
        "859": _("Contribution funding temporary unemployment and the seniority supplement"),
        "860": _("Solidarity contribution on the mobility allowance"),
        "861": _("Contribution on profit-sharing"),
        "862": _("Solidarity contribution on a company car"),
        "863": _("Solidarity contribution for a missing Dimona"),
        "864": _("Supplementary pension contribution, direct payments to former workers"),
        "865": _("Supplementary pension contribution, company pension plan"),
        "866": _("Supplementary pension contribution, sectoral pension plan"),
        "867": _("Extra special contribution on supplementary pension payments above a ceiling"),
        "868": _("Solidarity contribution on an eco-friendly company car in the mobility budget"),
        "869": _("Special contribution on the mobility budget balance paid in cash"),
        "870": _("Contribution on double holiday pay (white-collar, public-sector contract staff)"),
        "875": _("Contribution on holiday pay from a provincial or local administration"),
        "876": _("Contribution for a dismissed statutory worker: health and disability insurance"),
        "877": _("Contribution for a dismissed statutory worker: unemployment insurance"),
        "878": _("Contribution for recognised professional journalists"),
        "879": _("Worker in RCC for whom a special contribution is due"),
        "883": _("Dismissed worker with a contribution on supplementary benefits"),
        "885": _("Worker on career break with a contribution on supplementary benefits"),
        "888": _("Special contribution on non-recurrent result-linked benefits"),
        "889": _("Solidarity contribution on traffic fines paid back by the employer"),
    },
}


# -- country codes (nationality, address, birth place) -----------------------------------------------------------------

COUNTRY_FILE = Path(__file__).resolve().parent / "data" / "country-codes.txt"


@dataclass(frozen=True)
class Country:
    code: str  # the NSSO 3-digit code the DmfA carries
    iso: str  # ISO 3166-1 alpha-2, "" for a territory that no longer exists
    official: str  # the French name as the source writes it


@cache
def countries() -> dict[str, Country]:
    """The DmfA country codes shipped in dmfa/data/country-codes.txt, by code."""
    table = {}
    for code, iso, official in _rows(COUNTRY_FILE):
        table[code] = Country(code, iso, official.strip())
    return table


def _rows(path: Path) -> list[list[str]]:
    """The tab-separated rows of a data file, without its blank and "#" comment lines."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def country_label(code: str | int | None, language: str | None = None) -> str:
    """The name of a DmfA country code in the page's language, "" for a code the list does not have.

    French is the source's own name; Dutch, German and English come from the CLDR names of the linked ISO code
    (Babel). A code without an ISO link (a territory that no longer exists) falls back to the French name.
    """
    text = str(code or "").strip()
    if not text.isdigit():
        return ""
    country = countries().get(text.zfill(3))
    if country is None:
        return ""
    language = (language or get_language() or "nl").split("-")[0].lower()
    if language == "fr" or not country.iso:
        return country.official
    return _territory_names(language).get(country.iso, country.official)


@lru_cache(maxsize=8)
def _territory_names(language: str) -> dict[str, str]:
    return dict(Locale.parse(locale_for(language)).territories)


# -- employer categories (annex 27) ------------------------------------------------------------------------------------


@cache
def _employer_categories() -> dict[str, dict[str, str]]:
    with EMPLOYER_CATEGORY_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def employer_category_label(code: str | int | None, language: str | None = None) -> str:
    """An employer category (annex 27) in the page's language, from the table the repertory ships
    (foundation/data/employer-categories.csv, the 263 codes in four languages); "" for a code it does not have."""
    text = str(code or "").strip()
    if not text.isdigit():
        return ""
    row = _employer_categories().get(text.zfill(3))
    if row is None:
        return ""
    language = (language or get_language() or "nl").split("-")[0].lower()
    return row.get(f"label_{language}") or row["label_fr"]


# -- joint committees (zone 00046) -------------------------------------------------------------------------------------

JOINT_COMMITTEE_FILE = Path(__file__).resolve().parent / "data" / "joint-committees.txt"
_JOINT_COMMITTEE = re.compile(r"^\d{3}(\.\d{2}){0,2}$")


@dataclass(frozen=True)
class JointCommittee:
    code: str  # "329" or "329.01" as the DmfA writes it
    name_nl: str  # the official Dutch name, "" where the source read gives none
    name_fr: str  # the official French name, "" where the source read gives none
    source: str  # the key of the source in dmfa/data/SOURCES.md


@cache
def joint_committees() -> dict[str, JointCommittee]:
    """The joint committees shipped in dmfa/data/joint-committees.txt, by number."""
    table = {}
    for code, name_nl, name_fr, source in _rows(JOINT_COMMITTEE_FILE):
        table[code] = JointCommittee(code, name_nl.strip(), name_fr.strip(), source.strip())
    return table


def joint_committee_number(code: str | int | None) -> str:
    """The number as the DmfA writes it: "329.01" also for "32901" (how the controls' job form keeps it)."""
    text = str(code or "").strip()
    if text.isdigit() and len(text) in (5, 7):
        text = ".".join([text[:3], *(text[i : i + 2] for i in range(3, len(text), 2))])
    return text if _JOINT_COMMITTEE.match(text) else ""


def joint_committee_label(code: str | int | None, language: str | None = None) -> str:
    """The official name of a joint committee in the page's language, "" for a number the list does not have.

    Dutch pages show the Dutch name and French pages the French one; where the source gives only the other, that
    one is shown. German and English pages show the French name (the DmfA's official descriptions are French), or
    the Dutch one where the source gives no French name.
    """
    committee = joint_committees().get(joint_committee_number(code))
    if committee is None:
        return ""
    language = (language or get_language() or "nl").split("-")[0].lower()
    if language == "nl":
        return committee.name_nl or committee.name_fr
    return committee.name_fr or committee.name_nl
