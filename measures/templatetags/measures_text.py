"""Template helpers of the catalogue: the language a translated text is really shown in."""

from django import template
from django.utils.translation import get_language

from measures.translation import FALLBACK

register = template.Library()


@register.simple_tag
def text_lang(instance, field: str) -> str:
    """The language of ``instance.<field>`` as shown: the page's language, or the fallback that had a text.

    Pages mark a fallback text with ``lang`` so screen readers pronounce it in its own language.
    """
    language = get_language() or "nl"
    for candidate in (language, *FALLBACK.get(language, FALLBACK["default"])):
        if getattr(instance, f"{field}_{candidate}", ""):
            return candidate
    return language
