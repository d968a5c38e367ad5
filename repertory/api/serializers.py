"""Serializers of the repertory API: the employer record, as the record page shows it (codes with their labels)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from repertory.models import Employer, EmployerActivity, OperatingSeat

_NO_LABEL = "null when the portal's tables have no label for the code"


class CodeLabelSerializer(serializers.Serializer):
    """A code with its label in the language of the request (Accept-Language), or the nearest one the table has."""

    code = serializers.CharField()
    label = serializers.CharField(allow_null=True, help_text=_NO_LABEL)


class NaceSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category_id", allow_null=True)
    version = serializers.CharField(source="nace_version")
    code = serializers.CharField(source="nace_code")
    label = serializers.SerializerMethodField(help_text=f"NACE-BEL label from the KBO code table; {_NO_LABEL}")

    class Meta:
        model = EmployerActivity
        fields = ["category", "version", "code", "label", "source"]

    def get_label(self, activity) -> str | None:
        return self.context["record"]["nace_labels"].get((activity.nace_version, activity.nace_code)) or None


class SeatSerializer(serializers.ModelSerializer):
    class Meta:
        model = OperatingSeat
        fields = [
            "establishment_number",
            "street",
            "house_number",
            "box",
            "postcode",
            "municipality",
            "region",
            "german_language_area",
            "source",
        ]


class RegisteredOfficeSerializer(serializers.Serializer):
    street = serializers.CharField()
    house_number = serializers.CharField()
    box = serializers.CharField()
    postcode = serializers.CharField()
    municipality = serializers.CharField()
    country = serializers.CharField(help_text="empty for Belgium")


class EmployerRecordSerializer(serializers.ModelSerializer):
    """Needs ``context={"record": repertory.selectors.record_context(employer)}``: the labels come from there."""

    legal_form = serializers.SerializerMethodField(help_text="KBO JuridicalForm code and label; null if none")
    categories = serializers.SerializerMethodField(help_text="Employer categories (3-digit codes) and their labels")
    nace_codes = NaceSerializer(source="activities", many=True)
    operating_seats = serializers.SerializerMethodField()
    size_band = serializers.CharField()
    registered_office = serializers.SerializerMethodField()

    class Meta:
        model = Employer
        fields = [
            "repertory",
            "registration_number",
            "enterprise_number",
            "name_nl",
            "name_fr",
            "name_de",
            "legal_form",
            "natural_person",
            "deletion_date",
            "registered_office",
            "employer_type",
            "importance_code",
            "size_band",
            "categories",
            "nace_codes",
            "operating_seats",
        ]

    @extend_schema_field(CodeLabelSerializer(allow_null=True))
    def get_legal_form(self, employer) -> dict | None:
        if not employer.legal_form:
            return None
        return {"code": employer.legal_form, "label": self.context["record"]["legal_form_label"] or None}

    @extend_schema_field(CodeLabelSerializer(many=True))
    def get_categories(self, employer) -> list[dict]:
        return [
            {"code": row["category"].code, "label": row["category"].label or None}
            for row in self.context["record"]["categories"]
        ]

    @extend_schema_field(SeatSerializer(many=True))
    def get_operating_seats(self, employer) -> list[dict]:
        return SeatSerializer(self.context["record"]["seats"], many=True).data

    @extend_schema_field(RegisteredOfficeSerializer)
    def get_registered_office(self, employer) -> dict:
        return {
            "street": employer.office_street,
            "house_number": employer.office_house_number,
            "box": employer.office_box,
            "postcode": employer.office_postcode,
            "municipality": employer.office_municipality,
            "country": employer.office_country,
        }
