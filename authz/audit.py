"""Reads of the disclosure log for the auditors' page and CSV export, and for a person's own page."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext, gettext_noop

from authz import chain
from authz.constants import Repertory, SubjectKind, category_labels, reason_label
from authz.mandates import owned_employers
from authz.models import ChainVerification, Disclosure, ProcessingActivity, RefusalCount, User
from foundation import csv as foundation_csv
from foundation.formatting import code_with_label


@dataclass(frozen=True)
class LogFilters:
    """What the auditor searches for; ``subjects`` holds (kind, clear identifier) pairs, hashed before the query."""

    subjects: tuple[tuple[str, str], ...] = ()
    actor: str = ""
    date_from: date | None = None
    date_until: date | None = None
    activity: str = ""
    outcome: str = ""

    def describe(self) -> str:
        """The filters in words for the log's justification field: subjects appear as pseudonyms, never in clear."""
        parts = [f"subject={chain.pseudonymise(kind, ident)[:16]}" for kind, ident in self.subjects]
        for name in ("actor", "date_from", "date_until", "activity", "outcome"):
            value = getattr(self, name)
            if value:
                parts.append(f"{name}={value}")
        return "; ".join(parts) or "no filter"


def employer_subjects(number: str) -> tuple[tuple[str, str], ...]:
    """A bare registration number may be an RSZ or an RSZPPO number: search both."""
    return tuple((SubjectKind.EMPLOYER, f"{repertory}:{number}") for repertory in Repertory.values)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


#: More than two entries' times can ever disagree with their order in the chain: an entry takes its time before it
#: waits for the chain's lock, so the two disagree by at most the length of one transaction of the gate.
ORDER_MARGIN = timedelta(days=1)


def _positions_from(moment: datetime) -> int:
    """A position that every entry at ``moment`` or later is at or after. The entry last in time before ``moment -
    ORDER_MARGIN`` is before them all in the chain, or their times would disagree with their order by more than the
    margin. The time filters bound the position with it, and every index of the search ends in the position."""
    before = Disclosure.objects.filter(occurred_at__lt=moment - ORDER_MARGIN).order_by("-occurred_at")
    last = before.values_list("position", flat=True).first()
    return 0 if last is None else last + 1


def _positions_before(moment: datetime) -> int | None:
    """A position that every entry before ``moment`` is at or before (None: no bound), as _positions_from."""
    after = Disclosure.objects.filter(occurred_at__gte=moment + ORDER_MARGIN).order_by("occurred_at")
    first = after.values_list("position", flat=True).first()
    return None if first is None else first - 1


def search_log(filters: LogFilters) -> QuerySet[Disclosure]:
    """The entries that match, newest first. Each filter has an index that ends in the position (authz.Disclosure):
    the actors and the activity versions are looked up first, so that the log is read by its own columns."""
    rows = Disclosure.objects.select_related("actor", "activity").order_by("-position")
    if filters.subjects:
        pseudonyms = [chain.pseudonymise(kind, identifier) for kind, identifier in filters.subjects]
        rows = rows.filter(subject_pseudonym__in=pseudonyms)
    if filters.actor:
        actors = list(User.objects.filter(email__icontains=filters.actor).values_list("pk", flat=True))
        rows = rows.filter(actor_id__in=actors)
    if filters.date_from:
        start = _start_of(filters.date_from)
        rows = rows.filter(occurred_at__gte=start, position__gte=_positions_from(start))
    if filters.date_until:
        end = _start_of(filters.date_until + timedelta(days=1))
        rows = rows.filter(occurred_at__lt=end)
        bound = _positions_before(end)
        if bound is not None:
            rows = rows.filter(position__lte=bound)
    if filters.activity:
        versions = list(ProcessingActivity.objects.filter(code=filters.activity).values_list("pk", flat=True))
        rows = rows.filter(activity_id__in=versions)
    if filters.outcome:
        rows = rows.filter(outcome=filters.outcome)
    return rows


#: The auditor's page counts the matching entries up to this many. Counting every entry of a log of millions takes
#: seconds; past the limit the page says so, the auditor narrows the search, and the CSV export still holds them all.
COUNT_LIMIT = 10_000


class LogPaginator(Paginator):
    """Pages of the auditor's search whose count stops at COUNT_LIMIT + 1 (``more`` says it was reached)."""

    @cached_property
    def count(self) -> int:
        # Unordered: any COUNT_LIMIT + 1 matching entries will do, read from whichever index finds them first; of the
        # position only, which every index of the search ends in, so that the index alone answers.
        return self.object_list.order_by().values("position")[: COUNT_LIMIT + 1].count()

    @property
    def more(self) -> bool:
        return self.count > COUNT_LIMIT


def refusal_counts(*, days: int = 30):
    """The refusals counted without a log row (RefusalCount) over the last ``days`` days, newest first."""
    return RefusalCount.objects.filter(day__gte=timezone.localdate() - timedelta(days=days))


def last_verification() -> ChainVerification | None:
    return ChainVerification.objects.order_by("-verified_at", "-pk").first()


#: The export's columns: Disclosure fields, and two of the processing activity (the model's names are translated).
CSV_COLUMNS = (
    "position",
    "occurred_at",
    "request_id",
    "actor",
    "actor_role",
    "acting_for",
    "organisation",
    "activity",
    "activity_version",
    "legal_basis",
    "subject_kind",
    "subject_pseudonym",
    "personal",
    "categories",
    "channel",
    "outcome",
    "reason",
    "justification",
    "period_from",
    "period_until",
    "prev_hash",
    "hash",
)
_ACTIVITY_COLUMNS = {"activity_version": "version", "legal_basis": "legal_basis"}


def csv_header() -> list[str]:
    """The column titles in the active language (the fields' own names, as the admin shows them)."""
    from authz.models import ProcessingActivity

    titles = []
    for column in CSV_COLUMNS:
        if column in _ACTIVITY_COLUMNS:
            title = ProcessingActivity._meta.get_field(_ACTIVITY_COLUMNS[column]).verbose_name
            title = f"{ProcessingActivity._meta.verbose_name}: {title}"
        else:
            title = Disclosure._meta.get_field(column).verbose_name
        titles.append(str(title)[:1].upper() + str(title)[1:])
    return titles


def _csv_values(row: Disclosure) -> list[object]:
    """One log row in words: labels for the codes (role, kind, categories, channel, outcome, reason); the activity's
    name with its code, which auditors quote. Every text goes through foundation.csv, which escapes formulas."""
    return [
        row.position,
        timezone.localtime(row.occurred_at).isoformat(),
        row.request_id,
        row.actor.email if row.actor else "",
        row.get_actor_role_display(),
        row.acting_for,
        gettext(row.organisation) if row.organisation else "",  # an institution's name is in the catalogue
        code_with_label(row.activity.code, gettext(row.activity.name)),
        row.activity.version,
        row.activity.legal_basis,
        row.get_subject_kind_display(),
        row.subject_pseudonym,
        gettext("yes") if row.personal else gettext("no"),
        ", ".join(category_labels(row.categories)),
        row.get_channel_display(),
        row.get_outcome_display(),
        reason_label(row.reason),
        row.justification,
        row.period_from,
        row.period_until,
        row.prev_hash,
        row.hash,
    ]


def csv_lines(rows: Iterable[Disclosure], *, language: str | None = None) -> Iterator[str]:
    """The CSV text line by line (for a streaming response): a header, then one line per log row, in the dialect of
    the language (foundation.csv: ``;``, decimal comma and a BOM for nl/fr/de).

    The response is streamed after the view returned, so each line is written with the request's language set again.
    """
    language = language or get_language()
    writer = foundation_csv.Writer(foundation_csv.dialect_for(language))
    with translation.override(language):
        header = writer.header(csv_header())
    yield header
    for row in rows:
        with translation.override(language):
            line = writer.row(_csv_values(row))
        yield line


@dataclass(frozen=True)
class MySubject:
    label: str
    since: datetime | None  # an owner sees the log of its employer from the day its ownership began


def my_subjects(*, user: User, on: date | None = None) -> dict[str, MySubject]:
    """The log pseudonyms of the data about the user: the employers it owns, and its own INSZ once users have one."""
    subjects = {}
    for access in owned_employers(user=user, on=on):
        pseudonym = chain.pseudonymise(SubjectKind.EMPLOYER, f"{access.repertory}:{access.registration_number}")
        subjects[pseudonym] = MySubject(access.employer_label, _start_of(access.valid_from))
    insz = getattr(user, "insz", "")
    if insz:
        # The page names the person, never shows the number in full (it would end up in screenshots and prints).
        subjects[chain.pseudonymise(SubjectKind.PERSON, insz)] = MySubject(
            gettext("you (your national register number)"), None
        )
    return subjects


def disclosures_about(subjects: dict[str, MySubject]) -> QuerySet[Disclosure]:
    """The log rows about these subjects. The actor is not selected: the page names organisations, not people."""
    condition = Q()
    for pseudonym, subject in subjects.items():
        if subject.since is None:
            condition |= Q(subject_pseudonym=pseudonym)
        else:
            condition |= Q(subject_pseudonym=pseudonym, occurred_at__gte=subject.since)
    if not condition:
        return Disclosure.objects.none()
    return Disclosure.objects.filter(condition).select_related("activity").order_by("-position")


#: The register rows, access scopes and institutions are seeded in English by the data migrations; they are marked
#: here so that the catalogues carry their translations, and the pages show them through ``{% translate %}``.
#: A text changed in a later register version simply shows in English until it is marked and translated.
SEEDED_TEXTS = (
    gettext_noop("Employer-category look-up"),
    gettext_noop(
        "Show an employer, from its enterprise or registration number, its employer category as a search criterion "
        "for the catalogue of employment measures (phase 1 of the Front Office)."
    ),
    gettext_noop("Deliberation 06/80 of 14 November 2006 of the sectoral committee of social security"),
    gettext_noop("Repertory data for the benefit calculator"),
    gettext_noop(
        "Select the employment measures that apply to the employer and approximate their financial benefit "
        "(phase 2 of the Front Office: the calculator)."
    ),
    gettext_noop("Deliberation 07/039 of 3 July 2007 of the sectoral committee of social security"),
    gettext_noop("DmfA consultation for GECO/DSP control"),
    gettext_noop(
        "Verify and compute the GECO and DSP premiums of the Brussels employment office (BGDA) for the job seekers "
        "it integrated in the reference directory."
    ),
    gettext_noop("Deliberation 05/012 of 8 March 2005 of the sectoral committee of social security"),
    gettext_noop("Export of the disclosure log by an auditor"),
    gettext_noop("Control of the lawfulness of every disclosure by the data-protection officer and auditors."),
    gettext_noop(
        "GDPR articles 5(2) and 30 (accountability); deliberations 07/039 and 05/012 (logging of every consultation)"
    ),
    gettext_noop("Maintenance of the reference directory integrations"),
    gettext_noop(
        "Deliberation 05/012 of 8 March 2005, points 5.2 and 5.3 (integration of the persons an institution serves "
        "in the reference directory before any consultation)"
    ),
    gettext_noop(
        "Staff keep the integrations (INSZ, institution, quality code, period) that decide which persons an "
        "institution may consult."
    ),
    gettext_noop("Maintenance of the employer repertory data"),
    gettext_noop(
        "Deliberation 07/039 of 3 July 2007, points 1.4 and 2.2 (the Front Office consults the employer repertories of "
        "the RSZ and the RSZPPO)"
    ),
    gettext_noop(
        "Staff import and check the portal's copy of the employer repertories from which the Front Office answers the "
        "employers."
    ),
    gettext_noop("Employer repertory"),
    gettext_noop("Benefit calculator"),
    gettext_noop("BGDA / Actiris (Brussels employment office)"),
    gettext_noop("VDAB (Flemish employment service)"),
    gettext_noop("Le Forem (Walloon employment service)"),
    gettext_noop("Arbeitsamt der Deutschsprachigen Gemeinschaft (ADG)"),
)
