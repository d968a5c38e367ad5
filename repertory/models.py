"""Models of the repertory app: employers of the RSZ and RSZPPO repertories, reference codes, the KBO mirror, imports.

The employer record holds the fields of deliberation 07/039 §2.2. The KBO tables mirror the KBO Open Data extract
(only the rows the repertory uses) so that full and update extracts apply with the cookbook's delete-then-insert rule;
`repertory.services.kbo` then copies what they say into the employers with the same enterprise number.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from foundation import formatting, imports
from foundation.imports import ImportStatus
from repertory.constants import EmployerType, ImportKind, NaceVersion, Region, Repertory, SizeBand

LANGUAGES = ("nl", "fr", "de", "en")


def _label_order(language: str | None) -> list[str]:
    language = (language or get_language() or "nl")[:2]
    if language == "de":  # a German speaker reads French before Dutch
        return ["de", "fr", "nl", "en"]
    return [language, *(lang for lang in ("fr", "nl", "de", "en") if lang != language)]


def pick_label(obj, *, language: str | None = None, field: str = "label") -> str:
    """The label in the active language, else in the other national languages (nl, fr, de), else English."""
    for lang in _label_order(language):
        value = getattr(obj, f"{field}_{lang}", "")
        if value:
            return value
    return ""


def pick_language(obj, *, language: str | None = None, field: str = "label") -> str:
    """The language of the value ``pick_label`` returns ("" when there is none)."""
    return next((lang for lang in _label_order(language) if getattr(obj, f"{field}_{lang}", "")), "")


class KboCode(models.Model):
    """A row of the KBO code table (code.csv): legal forms, juridical situations, NACE codes... in four languages."""

    category = models.CharField(_("category"), max_length=40)
    code = models.CharField(_("code"), max_length=10)
    label_nl = models.TextField(_("label (Dutch)"), blank=True)
    label_fr = models.TextField(_("label (French)"), blank=True)
    label_de = models.TextField(_("label (German)"), blank=True)
    label_en = models.TextField(_("label (English)"), blank=True)

    class Meta:
        verbose_name = _("KBO code")
        verbose_name_plural = _("KBO codes")
        constraints = [models.UniqueConstraint(fields=["category", "code"], name="repertory_kbocode_unique")]
        ordering = ["category", "code"]

    def __str__(self) -> str:
        return f"{self.category} {self.code}: {self.label}"

    @property
    def label(self) -> str:
        return pick_label(self)


class EmployerCategory(models.Model):
    """An RSZ/RSZPPO employer category (werkgeverscategorie, DmfA annex 27/29): 3 digits."""

    code = models.CharField(_("code"), max_length=3, primary_key=True)
    # Sector and labels are blank for a code a repertory file used before the portal's table knew it.
    employer_type = models.CharField(_("sector"), max_length=10, choices=EmployerType.choices, blank=True)
    label_nl = models.CharField(_("label (Dutch)"), max_length=300, blank=True)
    label_fr = models.CharField(_("label (French)"), max_length=300, blank=True)
    label_de = models.CharField(_("label (German)"), max_length=300, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("employer category")
        verbose_name_plural = _("employer categories")
        ordering = ["code"]
        constraints = [models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{3}$"), name="repertory_category_3d")]

    def __str__(self) -> str:
        return f"{self.code} {self.label}".strip()

    @property
    def label(self) -> str:
        """The label in the active language or the nearest one; empty when the portal's table has none."""
        return pick_label(self)

    @property
    def label_language(self) -> str:
        """The language ``label`` is in (the shipped table has some labels in French only), for a ``lang`` attribute."""
        return pick_language(self)


class EmployerQuerySet(models.QuerySet):
    def active(self, *, on=None):
        """Employers not struck off on ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(deletion_date__isnull=True) | Q(deletion_date__gt=on))


class Employer(models.Model):
    """An employer of the RSZ or RSZPPO repertory (werkgeversrepertorium), identified by repertory + number."""

    repertory = models.CharField(_("repertory"), max_length=6, choices=Repertory.choices)
    registration_number = models.CharField(_("registration number"), max_length=10)  # inschrijvingsnummer
    enterprise_number = models.CharField(_("enterprise number"), max_length=10, blank=True, db_index=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=320, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=320, blank=True)
    name_de = models.CharField(_("name (German)"), max_length=320, blank=True)
    legal_form = models.CharField(_("legal form"), max_length=3, blank=True)  # KBO JuridicalForm code
    natural_person = models.BooleanField(_("natural person"), default=False)
    deletion_date = models.DateField(_("deletion date"), null=True, blank=True)  # datum van schrapping
    office_street = models.CharField(_("street"), max_length=200, blank=True)
    office_house_number = models.CharField(_("house number"), max_length=22, blank=True)
    office_box = models.CharField(_("box"), max_length=20, blank=True)
    office_postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    office_municipality = models.CharField(_("municipality"), max_length=200, blank=True)
    office_country = models.CharField(_("country"), max_length=100, blank=True)
    employer_type = models.CharField(_("employer type"), max_length=10, choices=EmployerType.choices)
    importance_code = models.PositiveSmallIntegerField(_("importance code"), default=0)  # belangrijkheidscode
    categories = models.ManyToManyField(EmployerCategory, related_name="employers", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EmployerQuerySet.as_manager()

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["repertory", "registration_number"]
        constraints = [
            models.UniqueConstraint(fields=["repertory", "registration_number"], name="repertory_employer_unique"),
            models.CheckConstraint(condition=Q(repertory__in=Repertory.values), name="repertory_employer_repertory"),
            models.CheckConstraint(condition=Q(importance_code__lte=9), name="repertory_employer_importance"),
            models.CheckConstraint(
                condition=Q(registration_number__regex=r"^[1-9][0-9]{2,9}$"), name="repertory_employer_number"
            ),
            models.CheckConstraint(
                condition=Q(enterprise_number="") | Q(enterprise_number__regex=r"^[01][0-9]{9}$"),
                name="repertory_employer_enterprise",
            ),
        ]
        indexes = [models.Index(fields=["registration_number"], name="repertory_employer_regno")]

    def __str__(self) -> str:
        return f"{self.repertory} {self.formatted_registration_number} {self.name}".strip()

    @property
    def name(self) -> str:
        return pick_label(self, field="name")

    @property
    def formatted_registration_number(self) -> str:
        return formatting.registration_number(self.registration_number, repertory=self.repertory)

    @property
    def formatted_enterprise_number(self) -> str:
        return formatting.enterprise_number(self.enterprise_number)

    @property
    def size_band(self) -> SizeBand:
        return size_band(self.importance_code)

    def is_deleted(self, *, on=None) -> bool:
        return self.deletion_date is not None and self.deletion_date <= (on or timezone.localdate())


def size_band(importance_code: int) -> SizeBand:
    """The staff size band of an importance code: 0 none, 1-4 under 50, 5-7 50 to 499, 8-9 500 or more."""
    if importance_code <= 0:
        return SizeBand.NONE
    if importance_code <= 4:
        return SizeBand.UNDER_50
    if importance_code <= 7:
        return SizeBand.FROM_50
    return SizeBand.FROM_500


class Source(models.TextChoices):
    REPERTORY = "repertory", _("repertory file")
    KBO = "kbo", _("KBO")


class EmployerActivity(models.Model):
    """A NACE-BEL code of an employer: per employer category from the repertory, or (category empty) from the KBO
    activity group of its repertory (006 RSZ, 005 RSZPPO), which the KBO does not split by category."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="activities")
    category = models.ForeignKey(EmployerCategory, on_delete=models.PROTECT, null=True, blank=True)
    nace_version = models.CharField(_("NACE version"), max_length=4, choices=NaceVersion.choices)
    nace_code = models.CharField(_("NACE code"), max_length=7)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)

    class Meta:
        verbose_name = _("NACE code of an employer")
        verbose_name_plural = _("NACE codes of employers")
        ordering = ["category_id", "nace_version", "nace_code"]
        constraints = [
            models.CheckConstraint(condition=Q(nace_code__regex=r"^[0-9]{2,7}$"), name="repertory_activity_nace"),
            models.CheckConstraint(condition=Q(nace_version__in=NaceVersion.values), name="repertory_activity_ver"),
        ]

    def __str__(self) -> str:
        return f"{self.nace_version} {self.formatted_code}"

    @property
    def formatted_code(self) -> str:
        """62010 -> 62.010 (Statbel notation)."""
        return f"{self.nace_code[:2]}.{self.nace_code[2:]}" if len(self.nace_code) > 2 else self.nace_code


class OperatingSeat(models.Model):
    """An operating seat (exploitatiezetel) of an employer, with the region its postcode lies in."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="seats")
    establishment_number = models.CharField(_("establishment unit number"), max_length=10, blank=True)
    street = models.CharField(_("street"), max_length=200, blank=True)
    house_number = models.CharField(_("house number"), max_length=22, blank=True)
    box = models.CharField(_("box"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4)
    municipality = models.CharField(_("municipality"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=3, choices=Region.choices)
    german_language_area = models.BooleanField(_("German-language area"), default=False)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)

    class Meta:
        verbose_name = _("operating seat")
        verbose_name_plural = _("operating seats")
        ordering = ["establishment_number", "postcode"]
        constraints = [
            models.CheckConstraint(condition=Q(region__in=Region.values), name="repertory_seat_region"),
            models.CheckConstraint(
                condition=~Q(german_language_area=True) | Q(region=Region.WALLONIA), name="repertory_seat_german"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.postcode} {self.municipality}"

    @property
    def formatted_establishment_number(self) -> str:
        return formatting.establishment_number(self.establishment_number)


# -- the KBO Open Data mirror ---------------------------------------------------------------------------------------


class KboEnterprise(models.Model):
    number = models.CharField(max_length=10, primary_key=True)
    juridical_situation = models.CharField(max_length=3, blank=True)
    type_of_enterprise = models.CharField(max_length=1)  # 1 natural person, 2 legal person
    juridical_form = models.CharField(max_length=3, blank=True)
    start_date = models.DateField(null=True)

    class Meta:
        verbose_name = _("KBO enterprise")
        verbose_name_plural = _("KBO enterprises")

    def __str__(self) -> str:
        return self.number


class KboEstablishment(models.Model):
    number = models.CharField(max_length=10, primary_key=True)
    enterprise_number = models.CharField(max_length=10, db_index=True)
    start_date = models.DateField(null=True)

    class Meta:
        verbose_name = _("KBO establishment unit")
        verbose_name_plural = _("KBO establishment units")

    def __str__(self) -> str:
        return self.number


class KboDenomination(models.Model):
    """Only names (type 001) are kept."""

    entity_number = models.CharField(max_length=10, db_index=True)
    language = models.CharField(max_length=1)  # 0 unknown, 1 FR, 2 NL, 3 DE, 4 EN
    name = models.CharField(max_length=320)

    class Meta:
        verbose_name = _("KBO name")
        verbose_name_plural = _("KBO names")

    def __str__(self) -> str:
        return self.name


class KboAddress(models.Model):
    """Only registered offices (REGO) and establishment addresses (BAET) are kept."""

    entity_number = models.CharField(max_length=10, db_index=True)
    kind = models.CharField(max_length=4)
    country = models.CharField(max_length=100, blank=True)
    zipcode = models.CharField(max_length=20, blank=True)
    municipality_nl = models.CharField(max_length=200, blank=True)
    municipality_fr = models.CharField(max_length=200, blank=True)
    street_nl = models.CharField(max_length=200, blank=True)
    street_fr = models.CharField(max_length=200, blank=True)
    house_number = models.CharField(max_length=22, blank=True)
    box = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = _("KBO address")
        verbose_name_plural = _("KBO addresses")

    def __str__(self) -> str:
        return f"{self.entity_number} {self.kind}"


class KboActivity(models.Model):
    """Only the activity groups of the social-security side are kept: 006 RSZ and 005 RSZPPO."""

    entity_number = models.CharField(max_length=10, db_index=True)
    group = models.CharField(max_length=3)
    nace_version = models.CharField(max_length=4)
    nace_code = models.CharField(max_length=7)
    classification = models.CharField(max_length=4, blank=True)

    class Meta:
        verbose_name = _("KBO activity")
        verbose_name_plural = _("KBO activities")

    def __str__(self) -> str:
        return f"{self.entity_number} {self.group} {self.nace_code}"


class KboExtract(models.Model):
    """An extract that was applied (from its meta.csv)."""

    number = models.PositiveIntegerField(_("extract number"))
    kind = models.CharField(_("extract type"), max_length=10)
    snapshot_date = models.DateField(_("snapshot date"), null=True)
    applied_at = models.DateTimeField(_("applied at"), auto_now_add=True)

    class Meta:
        verbose_name = _("KBO extract")
        verbose_name_plural = _("KBO extracts")
        ordering = ["-applied_at"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.number}"


# -- imports --------------------------------------------------------------------------------------------------------


class ImportJob(imports.ImportJob):
    """One import of one file (a portal CSV or a KBO extract): the shared import job with the repertory's counts."""

    kind = models.CharField(_("kind"), max_length=10, choices=ImportKind.choices)
    rows_read = models.PositiveBigIntegerField(_("rows read"), default=0)
    rows_created = models.PositiveBigIntegerField(_("created"), default=0)
    rows_updated = models.PositiveBigIntegerField(_("updated"), default=0)
    rows_deleted = models.PositiveBigIntegerField(_("deleted"), default=0)
    rows_rejected = models.PositiveBigIntegerField(_("rejected"), default=0)
    message = models.TextField(_("message"), blank=True)

    class Meta(imports.ImportJob.Meta):
        verbose_name = _("repertory import")
        verbose_name_plural = _("repertory imports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name} ({self.get_status_display()})"

    def interrupted_changes(self) -> dict:
        return {**super().interrupted_changes(), "message": imports.INTERRUPTED}

    def summary(self) -> str:
        """What the import came to, in the reader's language. A stored message (a refused upload, an unexpected error,
        an interrupted job) says what counts cannot; a finished import is told from its counts when it is read."""
        if self.message:
            return self.message
        if self.status == ImportStatus.SUCCEEDED:
            if count := len(self.warnings):
                return ngettext("Imported, with %(count)s warning.", "Imported, with %(count)s warnings.", count) % {
                    "count": count
                }
            return gettext("Imported.")
        if self.status == ImportStatus.FAILED and (count := len(self.errors)):
            return ngettext(
                "%(count)s problem found; nothing was imported.",
                "%(count)s problems found; nothing was imported.",
                count,
            ) % {"count": count}
        if self.status == ImportStatus.FAILED:
            return gettext("The import stopped on an unexpected error; nothing was imported.")
        return ""
