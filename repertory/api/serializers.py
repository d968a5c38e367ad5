"""Serializers of the repertory API: the employer record, as the record page shows it."""

from rest_framework import serializers

from repertory.models import Employer, EmployerActivity, OperatingSeat


class NaceSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category_id", allow_null=True)
    version = serializers.CharField(source="nace_version")
    code = serializers.CharField(source="nace_code")

    class Meta:
        model = EmployerActivity
        fields = ["category", "version", "code", "source"]


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


class EmployerRecordSerializer(serializers.ModelSerializer):
    categories = serializers.SerializerMethodField()
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

    def get_categories(self, employer) -> list[str]:
        return [category.code for category in employer.categories.all()]

    def get_operating_seats(self, employer) -> list[dict]:
        from repertory.selectors import seats_shown

        return SeatSerializer(seats_shown(employer), many=True).data

    def get_registered_office(self, employer) -> dict:
        return {
            "street": employer.office_street,
            "house_number": employer.office_house_number,
            "box": employer.office_box,
            "postcode": employer.office_postcode,
            "municipality": employer.office_municipality,
            "country": employer.office_country,
        }
