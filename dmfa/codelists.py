"""The DmfA annex code lists shipped in dmfa/data (source: dmfa/data/SOURCES.md), with validity and labels."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from dmfa.quarters import Quarter

DATA_FILE = Path(__file__).resolve().parent / "data" / "annex-code-lists.txt"

WORKER_CODES = 2  # werknemerskengetal
REDUCTION_CODES = 4
REMUNERATION_CODES = 7
SERVICE_CODES = 8  # prestatiecodes
EMPLOYER_CATEGORIES = 27

#: Worker codes the DmfA may not carry (annex 2: reserved for Dimona trainees).
NOT_IN_DMFA = frozenset({"848", "849"})
#: The width each annex pads its codes to.
WIDTH = {WORKER_CODES: 3, REDUCTION_CODES: 4, REMUNERATION_CODES: 3, SERVICE_CODES: 3, EMPLOYER_CATEGORIES: 3}
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
    kind: str  # annex 2: contribution type; annex 4: the block; annex 27: private/public
    description: str  # the official French description

    def valid_in(self, quarter: Quarter) -> bool:
        return self.valid_from <= quarter.last_day and self.valid_until >= quarter.first_day


def normalise(annex: int, code: str | int) -> str:
    return str(int(code)).zfill(WIDTH[annex])


def _validity(text: str) -> tuple[date, date]:
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
    if annex == EMPLOYER_CATEGORIES:  # code, sector, validity, description
        start, end = _validity(columns[2])
        return CodeEntry(annex, code, start, end, True, columns[1], columns[3])
    start, end = _validity(columns[1])  # annex 4: code, validity, block, description
    block = WORKER_LINE if columns[2] == "Ligne travailleur" else OCCUPATION
    return CodeEntry(annex, code, start, end, True, block, columns[3])


@cache
def entries() -> dict[int, dict[str, tuple[CodeEntry, ...]]]:
    """Every annex row, by annex and code (one code may have several rows with different validity)."""
    annexes: dict[int, dict[str, list[CodeEntry]]] = {}
    annex, rows = None, []
    for line in DATA_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("## Annex "):
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
    code = normalise(annex, code)
    own = LABELS.get(annex, {}).get(code)
    if own:
        return str(own)
    rows = entries().get(annex, {}).get(code, ())
    if quarter is not None:
        rows = tuple(row for row in rows if row.valid_in(quarter)) or rows
    return rows[0].description if rows else ""


#: Short labels for the codes an agent reads most, summarised from the annexes (translated in dmfa/locale).
LABELS: dict[int, dict[str, object]] = {
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
        "3000": _("Structural reduction"),
        "3241": _("Social insertion economy, under 45"),
        "3250": _("Social insertion economy, 45 and over"),
        "3315": _("First hires: first worker"),
        "3500": _("Reduction of working time"),
        "4000": _("Subsidised contractual staff"),
        "6300": _("Young low-skilled workers"),
    },
    WORKER_CODES: {
        "015": _("Manual worker"),
        "024": _("Subsidised contractual manual worker"),
        "025": _("Subsidised contractual disabled manual worker"),
        "027": _("Manual worker pupil or trainee"),
        "035": _("Manual apprentice"),
        "439": _("White-collar apprentice"),
        "484": _("Subsidised contractual white-collar worker"),
        "485": _("Subsidised contractual disabled white-collar worker"),
        "487": _("White-collar pupil or trainee"),
        "495": _("White-collar worker"),
        "840": _("Student (manual worker)"),
        "841": _("Student (white-collar worker)"),
    },
}
