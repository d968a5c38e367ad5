"""Streaming, hardened reader of DmfAOriginal XML: XSD and semantic validation, units converted, one person at a time.

The file is read with lxml's iterparse without DTD, entity resolution or network; defusedxml first reads the prolog
and refuses any DOCTYPE. Each natural person is taken out of the tree, validated against the official schema
(dmfa/data; in a thread of its own, beside the parse, see _SchemaCheck), checked on meaning, converted and handed on,
so memory stays flat whatever the file size.
"""

from __future__ import annotations

import datetime as dt
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from pathlib import Path
from typing import IO, Any

from django.utils import timezone

import defusedxml.ElementTree as defused_et
from defusedxml import DefusedXmlException
from lxml import etree

from dmfa import codelists
from foundation.identifiers import InszChecker, is_valid_enterprise_number, is_valid_rsz_number
from foundation.quarters import Quarter

SCHEMA_FILE = Path(__file__).resolve().parent / "data" / "DmfAOriginal_20223.xsd"
ROOT_TAG = "DmfAOriginal"
MAX_PROBLEMS = 50
MAX_WARNINGS = 500  # kept on the import job; the same unknown code repeats in every person that uses it


@cache
def _schema_document() -> etree._ElementTree:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.parse(str(SCHEMA_FILE), parser)


def new_schema() -> etree.XMLSchema:
    """A validator of the DmfA schema for one reader or thread: a validator's error log is its own, so two threads must
    not share one (compiling one from the parsed schema takes a few milliseconds)."""
    return etree.XMLSchema(_schema_document())


@dataclass(frozen=True)
class Problem:
    """One reason a file is refused, located as precisely as the reader can."""

    file: str
    message: str
    form: int | None = None
    reference: str = ""
    path: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.form is not None:
            where.append(f"form {self.form}" + (f" ({self.reference})" if self.reference else ""))
        if self.path:
            where.append(self.path)
        if self.line:
            where.append(f"line {self.line}")
        return f"{', '.join(where)}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "form": self.form,
            "reference": self.reference,
            "path": self.path,
            "line": self.line,
            "message": self.message,
        }


class DmfaFileError(Exception):
    """The file is refused as a whole; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


# Converters from the XML text (already checked by the XSD) to stored values. A file holds some thirty values a
# person: the converters are builtins where one does the work (no Python call in between), and the few that a file
# repeats over and over (codes, dates) are kept per text in a bounded cache; amounts, which differ from person to
# person, are not.
_int = int  # int() takes the XSD integer's surrounding spaces, sign and leading zeros as they are
_text = str.strip


def _hundredths(text: str) -> Decimal:
    """Eurocents to euros, hundredths of days or hours to days or hours."""
    return Decimal(text).scaleb(-2)  # an XSD integer: digits, maybe a sign and spaces, which Decimal takes too


def _digits(text: str) -> str:
    value = int(text)
    return str(value) if value else ""


def _flag(text: str) -> bool:
    return int(text) == 1


@lru_cache(maxsize=4096)
def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text.strip())


def _insz(text: str) -> str:
    value = int(text)
    return str(value).zfill(11) if value else ""


def _code(width: int) -> Callable[[str], str]:
    @lru_cache(maxsize=2048)
    def code(text: str) -> str:
        return str(int(text)).zfill(width)

    return code


def _degree(text: str) -> Decimal:
    return Decimal(text.strip().replace(",", "."))


_code3, _code4 = _code(3), _code(4)

Converter = Callable[[str], Any]

#: The reduction fields shared by a worker record's and an occupation's reductions (blocks 90110, 90109).
DEDUCTION_FIELDS: dict[str, tuple[str, Converter]] = {
    "DeductionCode": ("code", _code4),
    "DeductionCalculationBasis": ("calculation_basis", _hundredths),
    "DeductionAmount": ("amount", _hundredths),
    "DeductionRightStartingDate": ("right_starting_date", _date),
    "ManagementCostNbrMonths": ("management_cost_months", _int),
    "ReplacedINSS": ("replaced_insz", _insz),
    "ApplicantINSS": ("applicant_insz", _insz),
    "CertificateOrigin": ("certificate_origin", _int),
}

#: Per block: XML element -> (model field, converter). Elements not named here are validated but not stored.
FIELDS: dict[str, dict[str, tuple[str, Converter]]] = {
    "NaturalPerson": {
        "NaturalPersonSequenceNbr": ("sequence_number", _int),
        "INSS": ("insz", _insz),
        "NaturalPersonUserReference": ("user_reference", _text),
    },
    "WorkerRecord": {
        "EmployerClass": ("employer_class", _code3),
        "WorkerCode": ("worker_code", _code3),
        "NOSSQuarterStartingDate": ("quarter_start", _date),
        "NOSSQuarterEndingDate": ("quarter_end", _date),
        "Border": ("frontier_worker", _flag),
        "ActivityWithRisk": ("activity_with_risk", _int),
        "LocalUnitID": ("local_unit_id", _digits),
        "WorkerRecordUserReference": ("user_reference", _text),
    },
    "Occupation": {
        "OccupationSequenceNbr": ("sequence_number", _int),
        "OccupationStartingDate": ("starting_date", _date),
        "OccupationEndingDate": ("ending_date", _date),
        "JointCommissionNbr": ("joint_committee", _text),
        "WorkingDaysSystem": ("working_days_system", _hundredths),
        "ContractType": ("contract_type", _int),
        "RefMeanWorkingHours": ("reference_mean_working_hours", _hundredths),
        "WorkerStatus": ("worker_status", _text),
        "MeanWorkingHours": ("mean_working_hours", _hundredths),
        "ReorganisationMeasure": ("reorganisation_measure", _int),
        "EmploymentPromotion": ("employment_promotion", _int),
        "Retired": ("retired", _flag),
        "Apprenticeship": ("apprenticeship", _int),
        "RemunMethod": ("remuneration_method", _int),
        "PositionCode": ("position_code", _int),
        "FlyingStaffClass": ("flying_staff_class", _int),
        "TenthOrTwelfth": ("tenth_or_twelfth", _int),
        "OccupationUserReference": ("user_reference", _text),
        "DaysJustification": ("days_justification", _text),
        "ActivityCode": ("activity_code", _code(5)),
        "LocalUnitID": ("local_unit_id", _digits),
    },
    "Service": {
        "ServiceSequenceNbr": ("sequence_number", _int),
        "ServiceCode": ("code", _code3),
        "ServiceNbrDays": ("days", _hundredths),
        "ServiceNbrHours": ("hours", _hundredths),
        "FlightNbrMinutes": ("flight_minutes", _int),
    },
    "Remun": {
        "RemunSequenceNbr": ("sequence_number", _int),
        "RemunCode": ("code", _code3),
        "BonusPaymentFrequency": ("bonus_payment_frequency", _int),
        "PercentagePaid": ("percentage_paid", _hundredths),
        "RemunAmount": ("amount", _hundredths),
    },
    "OccupationDeduction": DEDUCTION_FIELDS,
    "WorkerDeduction": DEDUCTION_FIELDS,
    "OccupationDeductionDetail": {  # merged into its OccupationDeduction (0..1)
        "DeductionDetailSequenceNbr": ("detail_sequence_number", _int),
        "WorkingRegulationsStartingDate": ("working_regulations_starting_date", _date),
        "WorkingRegulationsEndingDate": ("working_regulations_ending_date", _date),
        "AverageWorkingTimeBeforeReduction": ("hours_before_reduction", _hundredths),
        "AverageWorkingTimeAfterReduction": ("hours_after_reduction", _hundredths),
    },
    "WorkerContribution": {
        "ContributionWorkerCode": ("worker_code", _code3),
        "ContributionType": ("contribution_type", _int),
        "ContributionCalculationBasis": ("calculation_basis", _hundredths),
        "ContributionAmount": ("amount", _hundredths),
        "FirstHiringDate": ("first_hiring_date", _date),
    },
    "DeductionDetail": {
        "DeductionDetailSequenceNbr": ("sequence_number", _int),
        "DeductionDetailAmount": ("amount", _hundredths),
        "WorkingRegulationsRegistryNbr": ("working_regulations_registry_number", _text),
        "WorkingRegulationsStartingDate": ("working_regulations_starting_date", _date),
        "AverageWorkingTimeBeforeReduction": ("hours_before_reduction", _hundredths),
        "AverageWorkingTimeAfterReduction": ("hours_after_reduction", _hundredths),
    },
    "StudentContribution": {
        "StudentRemunAmount": ("remuneration", _hundredths),
        "StudentContributionAmount": ("contribution", _hundredths),
        "StudentNbrDays": ("days", _int),
        "StudentHoursNbr": ("hours", _int),
        "LocalUnitID": ("local_unit_id", _digits),
    },
    "DismissedStatutoryWorkerContribution": {
        "GrossRefRemunAmount": ("gross_reference_remuneration", _hundredths),
        "GrossRefRemunContributionAmount": ("contribution", _hundredths),
        "RefNbrDays": ("reference_days", _int),
        "SubjectionStartingDate": ("subjection_starting_date", _date),
        "SubjectionEndingDate": ("subjection_ending_date", _date),
    },
    "EarlyRetirementContribution": {
        "EarlyRetirementCode": ("code", _int),
        "EarlyRetirementNbrMonths": ("months", _int),
        "EarlyRetirementContributionAmount": ("amount", _hundredths),
    },
    "ComplementaryIndemnity": {
        "EmployerNotion": ("employer_notion", _text),
        "JointCommissionNbr": ("joint_committee", _text),
        "ActivityCode": ("activity_code", _code(5)),
        "DebtorType": ("debtor_type", _text),
        "FirstComplIndemnityDate": ("first_indemnity_date", _date),
        "ComplIndemnityAgreementNotion": ("agreement_notion", _int),
        "HalfTimeCareerInterruptionNotion": ("half_time_career_interruption", _text),
        "ServiceExemptionNotion": ("service_exemption", _text),
        "ReplacementAccordanceWCCNotion": ("replacement_accordance", _text),
        "SubstituteINSS": ("substitute_insz", _insz),
        "ResumptionOfWorkMeasure": ("resumption_of_work", _text),
        "ComplIndemnityNbrOfParts": ("number_of_parts", _int),
        "NoticeDate": ("notice_date", _date),
        "AilingOrReorgCompanyNotion": ("ailing_or_reorganising_company", _text),
        "AcknowledgementStartDate": ("acknowledgement_starting_date", _date),
        "AcknowledgementEndDate": ("acknowledgement_ending_date", _date),
    },
    "ComplIndemnityContribution": {
        "ContributionWorkerCode": ("worker_code", _code3),
        "ContributionType": ("contribution_type", _int),
        "IndemnityContributionPeriodCode": ("period_code", _int),
        "ComplIndemnityAmountAdjustNotion": ("amount_adjustment", _int),
        "ContributionSequenceNbr": ("sequence_number", _int),
        "ComplIndemnityAmount": ("indemnity_amount", _hundredths),
        "CapitalizationNotion": ("capitalisation", _text),
        "WelfareBenefitTheoreticalAmount": ("theoretical_welfare_amount", _hundredths),
        "ComplIndemnityNbrMonths": ("months", _int),
        "NbrMonthsDecimals": ("months_decimals", _int),
        "IncompleteMonthNbrDays": ("incomplete_month_days", _int),
        "IncompleteMonthReason": ("incomplete_month_reason", _int),
        "FloorApplicationNotion": ("floor_application", _int),
        "ContributionAmount": ("contribution_amount", _hundredths),
    },
    "IndemnityWAPM": {
        "IndemnityNature": ("nature", _int),
        "IncapacityDegree": ("incapacity_degree", _degree),
        "IndemnityAmount": ("amount", _hundredths),
    },
}
#: Blocks whose fields are merged into their parent block (zero or one occurrence).
INLINE = {"OccupationDeduction": "OccupationDeductionDetail"}


@dataclass(slots=True)
class Block:
    """One XML block converted: its stored values and its child blocks, with where it stands in the file."""

    tag: str
    path: str
    line: int | None
    values: dict[str, Any] = field(default_factory=dict)
    children: dict[str, list[Block]] = field(default_factory=dict)

    def all(self, tag: str) -> list[Block]:
        return self.children.get(tag, [])


@dataclass
class Declaration:
    """The employer declaration of one form (block 90007), as read from its header."""

    form: int
    form_reference: str
    form_created_at: dt.datetime
    quarter: Quarter
    registration_number: str
    trusteeship: bool
    enterprise_number: str
    net_owed_amount: Decimal
    system5: bool | None
    holiday_starting_date: dt.date | None
    path: str
    line: int | None
    person_count: int = 0


def read_block(element, path: str) -> Block:
    """Convert an XSD-valid element and its descendants into Blocks."""
    tag = element.tag
    values: dict[str, Any] = {}
    children: dict[str, list[Block]] = {}
    block = Block(tag, path, element.sourceline, values, children)
    fields = FIELDS.get(tag, _NO_FIELDS)
    inline = INLINE.get(tag)
    for child in element:  # comments and processing instructions were dropped by the parser
        child_tag = child.tag
        converter = fields.get(child_tag)
        if converter is not None:
            values[converter[0]] = converter[1](child.text or "")
        elif child_tag in FIELDS:
            if child_tag == inline:
                inline_fields = FIELDS[inline]
                for grandchild in child:
                    converter = inline_fields.get(grandchild.tag)
                    if converter is not None:
                        values[converter[0]] = converter[1](grandchild.text or "")
                continue
            siblings = children.get(child_tag)
            if siblings is None:
                siblings = children[child_tag] = []
            siblings.append(read_block(child, f"{path}/{child_tag}[{len(siblings) + 1}]"))
    return block


_NO_FIELDS: dict[str, tuple[str, Callable[[str], Any]]] = {}


def _child_text(element, tag: str) -> str | None:
    child = element.find(tag)
    return None if child is None or child.text is None else child.text.strip()


class _SchemaCheck:
    """The schema check of natural persons, in a thread of its own beside the reader's.

    lxml validates without holding Python's global lock, so the check of one batch of persons runs while the reader
    parses the next and converts the one before: per person, the check costs nearly as much as the parse itself. The
    reader takes each person out of the tree before handing it over (the parser goes on adding to the tree); the
    thread only reads it, with a validator of its own (an error log is the validator's), and keeps no reference to it
    once checked, so that the reader's thread, where the parser runs, is the one that frees it. Batches come back in
    the order they went; at most ``AHEAD`` wait, so memory stays flat. The same schema, the same errors (message,
    path, line) as when validating in the reader's thread.
    """

    BATCH = 100
    AHEAD = 2

    def __init__(self, xsd: etree.XMLSchema):
        self._xsd = xsd
        self._inbox: queue.SimpleQueue[list | None] = queue.SimpleQueue()
        self._outbox: queue.SimpleQueue[list | BaseException] = queue.SimpleQueue()
        self._batch: list[tuple] = []
        self._sent: deque[list[tuple]] = deque()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="dmfa-schema-check", daemon=True)
        self._thread.start()

    def add(self, person: tuple) -> list[tuple[tuple, list | None]]:
        """Hand over a person (its element first); returns the persons checked meanwhile, each with its errors."""
        self._batch.append(person)
        if len(self._batch) < self.BATCH:
            return []
        self._send()
        return self._take() if len(self._sent) > self.AHEAD else []

    def flush(self) -> list[tuple[tuple, list | None]]:
        """Every person handed over and not yet returned, checked."""
        self._send()
        checked = []
        while self._sent:
            checked += self._take()
        return checked

    def close(self) -> None:
        """Stop the thread (it skips what is still waiting); the persons are then freed in this thread."""
        self._closed = True
        self._inbox.put(None)
        self._thread.join()
        self._sent.clear()
        self._batch = []

    def _send(self) -> None:
        if self._batch:
            self._sent.append(self._batch)
            self._inbox.put([person[0] for person in self._batch])
            self._batch = []

    def _take(self) -> list[tuple[tuple, list | None]]:
        batch, errors = self._sent.popleft(), self._outbox.get()
        if isinstance(errors, BaseException):
            raise errors
        return list(zip(batch, errors, strict=True))

    def _run(self) -> None:
        while (elements := self._inbox.get()) is not None:
            errors = [] if self._closed else _validate_each(self._xsd, elements)
            elements = None  # dropped before the reader can have the answer
            self._outbox.put(errors)


def _validate_each(xsd: etree.XMLSchema, elements: list) -> list[list | None] | BaseException:
    try:
        return [None if xsd.validate(element) else list(xsd.error_log) for element in elements]
    except Exception as exc:  # raised in the reader's thread; without its traceback, which holds the elements
        return exc.with_traceback(None)


class DmfaReader:
    """Iterate over a DmfAOriginal file: yields ("declaration", Declaration), ("person", Declaration, Block) and
    ("end", Declaration); raises DmfaFileError when anything is wrong (nothing should then be kept)."""

    def __init__(self, source: str | Path | IO[bytes], *, file_name: str = "", today: dt.date | None = None):
        self.source = source
        self.file_name = file_name or (Path(source).name if isinstance(source, str | Path) else "upload")
        self.current_quarter = Quarter.of(today or timezone.localdate())
        self.problems: list[Problem] = []
        #: Codes the portal's annex lists do not know for the quarter: imported all the same (the lists can lag behind
        #: the real annexes), reported on the import job.
        self.warnings: list[Problem] = []
        self.bytes_read = 0
        self._file: IO[bytes] | None = None
        #: Annex rows looked up once for the whole file, by (annex, code, quarter): a file repeats the same few codes
        #: in every person.
        self.codes: dict[tuple[int, str, Quarter], codelists.CodeEntry | None] = {}
        #: Every INSZ checked, python-stdnum asked once per birth date (see InszChecker).
        self.is_valid_insz = InszChecker()
        self._xsd: etree.XMLSchema | None = None

    def _problem(self, message: str, **where) -> None:
        self.problems.append(Problem(file=self.file_name, message=message, **where))
        if len(self.problems) >= MAX_PROBLEMS:
            raise DmfaFileError(self.problems)

    def __iter__(self) -> Iterator[tuple]:
        opened = isinstance(self.source, str | Path)
        handle = open(self.source, "rb") if opened else self.source  # noqa: SIM115 - closed in finally
        try:
            self._file = handle
            self._check_prolog(handle)
            handle.seek(0)
            yield from self._read(handle)
        finally:
            if opened:
                handle.close()
        if self.problems:
            raise DmfaFileError(self.problems)

    def position(self) -> int:
        """Bytes read so far (for progress)."""
        try:
            return self._file.tell() if self._file else 0
        except (OSError, ValueError):
            return 0

    def _check_prolog(self, handle: IO[bytes]) -> None:
        """Refuse a DOCTYPE (XXE, entity expansion, external DTD) and any root other than DmfAOriginal."""
        try:
            for _event, element in defused_et.iterparse(
                handle, events=("start",), forbid_dtd=True, forbid_entities=True, forbid_external=True
            ):
                if element.tag != ROOT_TAG:
                    raise DmfaFileError(
                        [
                            Problem(
                                file=self.file_name,
                                path=f"/{element.tag}",
                                line=1,
                                message=f"this is not a DmfAOriginal declaration: the root element is <{element.tag}>",
                            )
                        ]
                    )
                return
        except DefusedXmlException:
            raise DmfaFileError(
                [Problem(file=self.file_name, line=1, message="a DOCTYPE, DTD or entity declaration is not allowed")]
            ) from None
        except defused_et.ParseError as exc:
            line = exc.position[0] if exc.position else None
            raise DmfaFileError(
                [Problem(file=self.file_name, line=line, message=f"not well-formed XML: {exc}")]
            ) from None
        raise DmfaFileError([Problem(file=self.file_name, message="the file holds no XML element")])

    def _read(self, handle: IO[bytes]) -> Iterator[tuple]:
        events = etree.iterparse(
            handle,
            events=("end",),
            tag=("NaturalPerson", "Form"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        schema_check = _SchemaCheck(new_schema())
        try:
            yield from self._read_forms(events, schema_check)
        finally:
            schema_check.close()

    def _read_forms(self, events, schema_check: _SchemaCheck) -> Iterator[tuple]:
        form_index = 0
        declaration: Declaration | None = None
        checker: Checker | None = None
        header_read, header_ok = False, True
        sequence_numbers: set[int] = set()
        try:
            for _event, element in events:
                if element.tag == "NaturalPerson":
                    first = not header_read
                    if first:
                        header_read = True
                        before = len(self.problems)
                        declaration = self._declaration(element.getparent(), form_index + 1)
                        sequence_numbers = set()
                        checker = Checker(self, declaration) if declaration is not None else None
                        header_ok = len(self.problems) == before
                        if declaration is not None and not self.problems:
                            yield ("declaration", declaration)
                    if declaration is None:
                        continue
                    declaration.person_count += 1
                    path = f"{declaration.path}/NaturalPerson[{declaration.person_count}]"
                    # Persons of a refused header are only checked against the schema (their dates would all fail).
                    person = (element, declaration, path, sequence_numbers, checker if header_ok else None)
                    if first:  # it stays in the tree, so that the form can be validated at its end: checked here
                        checked = [(person, self._schema_errors(element))]
                    else:  # out of the tree, which the parser goes on growing, before the schema's thread reads it
                        element.getparent().remove(element)
                        checked = schema_check.add(person)
                    if checked:
                        yield from self._persons(checked)
                    continue
                form_index += 1
                yield from self._persons(schema_check.flush())  # every person of the form, before its end
                if not header_read:  # a declaration without natural persons
                    declaration = self._declaration(element.find("EmployerDeclaration"), form_index)
                    if declaration is not None and not self.problems:
                        yield ("declaration", declaration)
                if not self.problems:  # a form whose persons failed is not checked again as a whole
                    self._validate(element, f"/{ROOT_TAG}/Form[{form_index}]", form_index, declaration)
                if declaration is not None and not self.problems:
                    yield ("end", declaration)
                element.getparent().remove(element)
                declaration, header_read = None, False
            root = events.root
        except etree.XMLSyntaxError as exc:
            yield from self._persons(schema_check.flush())  # the persons read before the fault come first
            self._problem(f"the XML is not well-formed or is incomplete: {exc.msg}", line=exc.lineno)
            return
        if root is not None and root.tag != ROOT_TAG:
            self._problem(f"this is not a DmfAOriginal declaration: the root element is <{root.tag}>", line=1)
        elif root is not None:
            for stray in root.iterchildren(tag=etree.Element):
                self._problem(
                    f"unexpected element <{stray.tag}>", path=f"/{ROOT_TAG}/{stray.tag}", line=stray.sourceline
                )
        if form_index == 0 and not self.problems:
            self._problem("the declaration holds no form")

    def _persons(self, checked: list[tuple[tuple, list | None]]) -> Iterator[tuple]:
        """The persons checked against the schema, in file order: reported if the schema refused them, else converted,
        checked on meaning and handed on."""
        for (element, declaration, path, sequence_numbers, checker), errors in checked:
            if errors is not None:
                self._schema_problems(errors, path, declaration.form, declaration)
                continue
            person = read_block(element, path)
            if checker is not None:
                checker.person(person, sequence_numbers)
            if not self.problems:
                yield ("person", declaration, person)

    def _schema_errors(self, element) -> list | None:
        """None if the element is valid against the DmfA schema, else the validator's errors."""
        if self._xsd is None:
            self._xsd = new_schema()
        if self._xsd.validate(element):
            return None
        return list(self._xsd.error_log)

    def _validate(self, element, path: str, form: int, declaration: Declaration | None) -> bool:
        """Validate an element against the DmfA schema; report each error with its path and line."""
        errors = self._schema_errors(element)
        if errors is None:
            return True
        self._schema_problems(errors, path, form, declaration)
        return False

    def _schema_problems(self, errors: list, path: str, form: int, declaration: Declaration | None) -> None:
        reference = declaration.form_reference if declaration else ""
        for entry in errors:
            local = entry.path or ""
            tail = local.split("/", 2)[2] if local.count("/") >= 2 else ""
            self._problem(
                f"schema: {entry.message}",
                form=form,
                reference=reference,
                path=f"{path}/{tail}" if tail else path,
                line=entry.line or None,
            )

    def _declaration(self, element, form: int) -> Declaration | None:
        """Read and check the header of the form and of its employer declaration (before its persons)."""
        form_element = element.getparent() if element is not None else None
        path = f"/{ROOT_TAG}/Form[{form}]/EmployerDeclaration"
        if element is None or form_element is None or form_element.tag != "Form":
            self._problem("an employer declaration must sit in a Form", form=form, path=path)
            return None
        try:
            reference = _child_text(form_element, "Reference/ReferenceNbr") or ""
            created_on = _date(_child_text(form_element, "FormCreationDate") or "")
            created_time = dt.time.fromisoformat(_child_text(form_element, "FormCreationHour") or "")
            created_at = timezone.make_aware(dt.datetime.combine(created_on, created_time))
            quarter = Quarter.from_int(int(_child_text(element, "Quarter") or ""))
            registration = int(_child_text(element, "NOSSRegistrationNbr") or "")
            company = int(_child_text(element, "CompanyID") or "")
            declaration = Declaration(
                form=form,
                form_reference=reference or f"{created_on.isoformat()}T{created_time.isoformat()}",
                form_created_at=created_at,
                quarter=quarter,
                registration_number=str(registration) if registration else "",
                trusteeship=_flag(_child_text(element, "Trusteeship") or "0"),
                enterprise_number=str(company).zfill(10) if company else "",
                net_owed_amount=_hundredths(_child_text(element, "NetOwedAmount") or ""),
                system5=_flag(text) if (text := _child_text(element, "System5")) else None,
                holiday_starting_date=_date(text) if (text := _child_text(element, "HolidayStartingDate")) else None,
                path=path,
                line=element.sourceline,
            )
        except (TypeError, ValueError, InvalidOperation):
            # The schema check of the form reports exactly what is missing or malformed.
            self._validate(form_element, f"/{ROOT_TAG}/Form[{form}]", form, None)
            if not self.problems:
                self._problem("the form header is incomplete", form=form, path=path, line=element.sourceline)
            return None

        def fail(message: str, tag: str = "") -> None:
            child = element.find(tag) if tag else None
            self._problem(
                message,
                form=form,
                reference=declaration.form_reference,
                path=f"{path}/{tag}" if tag else path,
                line=(child if child is not None else element).sourceline,
            )

        if declaration.quarter > self.current_quarter:
            fail(f"quarter {declaration.quarter} lies in the future", "Quarter")
        if declaration.registration_number and not is_valid_rsz_number(declaration.registration_number.zfill(9)):
            fail(
                f"RSZ registration number {declaration.registration_number} has wrong check digits",
                "NOSSRegistrationNbr",
            )
        if declaration.enterprise_number and not is_valid_enterprise_number(declaration.enterprise_number):
            fail(f"enterprise number {declaration.enterprise_number} has wrong check digits", "CompanyID")
        if not declaration.registration_number and not declaration.enterprise_number:
            fail("neither an RSZ registration number nor an enterprise number")
        return declaration

    def code(self, annex: int, value: str, quarter: Quarter) -> codelists.CodeEntry | None:
        key = (annex, value, quarter)
        try:
            return self.codes[key]
        except KeyError:
            entry = self.codes[key] = codelists.lookup(annex, value, quarter)
            return entry


class Checker:
    """Semantic checks of one person's blocks against the declaration's quarter and the annexes valid in it."""

    def __init__(self, reader: DmfaReader, declaration: Declaration):
        self.reader, self.declaration, self.quarter = reader, declaration, declaration.quarter
        # The quarter's bounds and its annex rows, looked up once per declaration (a Quarter hashes and bounds itself
        # in Python, and each person asks several times).
        self.first_day, self.last_day = self.quarter.first_day, self.quarter.last_day
        self.codes: dict[tuple[int, str], codelists.CodeEntry | None] = {}

    def fail(self, block: Block, message: str, element: str = "") -> None:
        self.reader._problem(
            message,
            form=self.declaration.form,
            reference=self.declaration.form_reference,
            path=f"{block.path}/{element}" if element else block.path,
            line=block.line,
        )

    def person(self, person: Block, sequence_numbers: set[int]) -> None:
        number = person.values["sequence_number"]
        if number in sequence_numbers:
            self.fail(person, f"natural person sequence number {number} is used twice", "NaturalPersonSequenceNbr")
        sequence_numbers.add(number)
        if not self.reader.is_valid_insz(person.values["insz"]):
            self.fail(person, f"INSZ {person.values['insz']} has wrong check digits", "INSS")
        for record in person.all("WorkerRecord"):
            self.worker_record(record)

    def code(self, block: Block, annex: int, value: str, element: str, what: str) -> codelists.CodeEntry | None:
        """The annex row of the code; a code the lists do not know for the quarter is a warning, not a refusal."""
        try:
            entry = self.codes[annex, value]
        except KeyError:
            entry = self.codes[annex, value] = self.reader.code(annex, value, self.quarter)
        if entry is None and len(self.reader.warnings) < MAX_WARNINGS:
            self.reader.warnings.append(
                Problem(
                    file=self.reader.file_name,
                    message=f"{what} {value}: code not in annex {annex} for quarter {self.quarter} (imported)",
                    form=self.declaration.form,
                    reference=self.declaration.form_reference,
                    path=f"{block.path}/{element}",
                    line=block.line,
                )
            )
        return entry

    def insz(self, block: Block, name: str, element: str) -> None:
        value = block.values.get(name)
        if value and not self.reader.is_valid_insz(value):
            self.fail(block, f"INSZ {value} has wrong check digits", element)

    def unique(self, blocks: list[Block], name: str, element: str, what: str) -> None:
        seen: set[int] = set()
        for block in blocks:
            number = block.values[name]
            if number in seen:
                self.fail(block, f"{what} sequence number {number} is used twice", element)
            seen.add(number)

    def in_quarter(self, block: Block, name: str, element: str) -> None:
        value = block.values.get(name)
        if value is not None and not self.first_day <= value <= self.last_day:  # Quarter.contains
            self.fail(block, f"{value.isoformat()} lies outside quarter {self.quarter}", element)

    def worker_record(self, record: Block) -> None:
        self.code(record, codelists.WORKER_CODES, record.values["worker_code"], "WorkerCode", "worker code")
        self.in_quarter(record, "quarter_start", "NOSSQuarterStartingDate")
        self.in_quarter(record, "quarter_end", "NOSSQuarterEndingDate")
        if record.values["quarter_start"] > record.values["quarter_end"]:
            self.fail(record, "the quarter starting date is after the ending date", "NOSSQuarterEndingDate")
        occupations = record.all("Occupation")
        self.unique(occupations, "sequence_number", "OccupationSequenceNbr", "occupation")
        for occupation in occupations:
            self.occupation(occupation)
        for deduction in record.all("WorkerDeduction"):
            self.deduction(deduction, codelists.WORKER_LINE)
            details = deduction.all("DeductionDetail")
            self.unique(details, "sequence_number", "DeductionDetailSequenceNbr", "deduction detail")
        for contribution in record.all("WorkerContribution"):
            self.code(contribution, codelists.WORKER_CODES, contribution.values["worker_code"],
                      "ContributionWorkerCode", "worker code")  # fmt: skip
        for indemnity in record.all("ComplementaryIndemnity"):
            self.insz(indemnity, "substitute_insz", "SubstituteINSS")
            contributions = indemnity.all("ComplIndemnityContribution")
            self.unique(contributions, "sequence_number", "ContributionSequenceNbr",
                        "complementary indemnity contribution")  # fmt: skip
            for contribution in contributions:
                self.code(contribution, codelists.WORKER_CODES, contribution.values["worker_code"],
                          "ContributionWorkerCode", "worker code")  # fmt: skip

    def occupation(self, occupation: Block) -> None:
        start, end = occupation.values.get("starting_date"), occupation.values.get("ending_date")
        if start and start > self.last_day:
            self.fail(occupation, f"the occupation starts after quarter {self.quarter}", "OccupationStartingDate")
        self.in_quarter(occupation, "ending_date", "OccupationEndingDate")
        if start and end and start > end:
            self.fail(occupation, "the occupation ends before it starts", "OccupationEndingDate")
        services, remunerations = occupation.all("Service"), occupation.all("Remun")
        self.unique(services, "sequence_number", "ServiceSequenceNbr", "service")
        self.unique(remunerations, "sequence_number", "RemunSequenceNbr", "remuneration")
        for service in services:
            self.code(service, codelists.SERVICE_CODES, service.values["code"], "ServiceCode", "service code")
        for remuneration in remunerations:
            self.code(remuneration, codelists.REMUNERATION_CODES, remuneration.values["code"], "RemunCode",
                      "remuneration code")  # fmt: skip
        for deduction in occupation.all("OccupationDeduction"):
            self.deduction(deduction, codelists.OCCUPATION)

    def deduction(self, deduction: Block, block_kind: str) -> None:
        entry = self.code(deduction, codelists.REDUCTION_CODES, deduction.values["code"], "DeductionCode",
                          "reduction code")  # fmt: skip
        if entry is not None and entry.kind != block_kind:
            where = "worker record" if entry.kind == codelists.WORKER_LINE else "occupation"
            self.fail(deduction, f"reduction code {entry.code} belongs on the {where}", "DeductionCode")
        self.insz(deduction, "replaced_insz", "ReplacedINSS")
        self.insz(deduction, "applicant_insz", "ApplicantINSS")
