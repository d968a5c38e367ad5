"""Translated fields of the measure catalogue (django-modeltranslation: one column per language)."""

from modeltranslation.translator import TranslationOptions, register

from measures.models import Assumption, BenefitRule, CumulationRule, Measure, RuleVersion

# nl and fr are required (the loader refuses a measure without them); German pages fall back to English, then
# Dutch, because English is the text every shipped measure has besides nl and fr.
FALLBACK = {"default": ("nl", "fr"), "de": ("en", "nl"), "en": ("nl",), "fr": ("nl",), "nl": ("fr",)}


@register(Measure)
class MeasureTranslation(TranslationOptions):
    fields = ("name", "summary", "description", "employer_text", "worker_text", "how_to_apply")
    required_languages = ("nl", "fr")
    fallback_languages = FALLBACK


@register(RuleVersion)
class RuleVersionTranslation(TranslationOptions):
    fields = ("note",)
    fallback_languages = FALLBACK


@register(BenefitRule)
class BenefitRuleTranslation(TranslationOptions):
    fields = ("label",)
    fallback_languages = FALLBACK


@register(CumulationRule)
class CumulationRuleTranslation(TranslationOptions):
    fields = ("other_text", "note")
    fallback_languages = FALLBACK


@register(Assumption)
class AssumptionTranslation(TranslationOptions):
    fields = ("text",)
    required_languages = ("nl", "fr")
    fallback_languages = FALLBACK
