"""The catalogue page's list (filter form, facets, results) written in Python, with the very markup of its template.

A new filter combination is served from the in-process index and the card cache without a query; what it still cost
was the template engine: ``measures/_catalogue.html`` rendered some 650 nodes a request (nine facets of up to ten
options, each a dozen variables, filters and translations), most of them the same on every request of a language.
Here the parts that depend only on the language (labels, help texts, translations, each option's markup) are written
once per language and process, and a request adds its counts, values and choices. The output is byte for byte the
template's (``tests/measures/test_catalogue_html.py`` compares them over many requests in every language); the
template stays as the reference, as ``portal.form_rendering`` keeps Django's widget templates.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.urls import reverse
from django.utils import formats, translation
from django.utils.dateformat import format as date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from foundation.markup import localized
from measures import constants
from measures.forms import CatalogueFilterForm
from measures.presentation import facet_choices


def _or_empty(value) -> str:
    """``{{ value|default_if_none:'' }}``."""
    return "" if value is None else localized(value)


@dataclass(frozen=True)
class _OptionMarkup:
    """One facet option's markup around its two request-dependent parts: checked or not, and its count."""

    before_checked: str
    before_count: str
    after_count: str


@dataclass(frozen=True)
class _FacetMarkup:
    opening: str  # the fieldset and its legend
    any_before_checked: str  # the "Any" radio of a single-choice facet ("" for a multiple one)
    any_after_checked: str
    options: dict[str, _OptionMarkup]  # by option value as shown (``presentation.Option.value``)


class _LanguageText:
    """Everything of the fragment that depends on the language only, computed once per language and process."""

    def __init__(self):
        base = CatalogueFilterForm.base_fields

        def label(name: str) -> str:
            return escape(str(base[name].label))

        def help_text(name: str) -> str:
            return escape(str(base[name].help_text))

        self.heading = (
            f"\n<h1>{gettext('Employment measures')}</h1>\n"
            f'<p class="lead">{gettext("Every employment measure of the federal government, the regions and the German-speaking Community. Choose what fits your situation: the list and the numbers beside each option follow.")}</p>\n\n'  # noqa: E501
        )
        self.not_understood = gettext("Some filters in the address were not understood and are ignored:")
        self.filters = gettext("Filters")
        self.q_label = label("q")
        self.employer = gettext("Employer")
        self.employer_category = (label("employer_category"), help_text("employer_category"))
        self.nace = (label("nace"), help_text("nace"))
        self.joint_committee = (label("joint_committee"), help_text("joint_committee"))
        self.size_label = label("size")
        self.any_size = gettext("Any size")
        self.sizes = [(code, localized(code), escape(str(text))) for code, text in constants.IMPORTANCE_CODES]
        self.worker = gettext("Worker")
        self.age_label = label("age")
        self.months_label = label("jobseeker_months")
        self.fraction = (label("fraction"), help_text("fraction"))
        self.date = gettext("Date")
        self.valid_on = gettext("Measures valid on")
        self.validity = [(value, escape(value), escape(str(text))) for value, text in constants.Validity.choices]
        self.sort_label = label("sort")
        self.sorts = [(value, escape(value), escape(str(text))) for value, text in constants.Sort.choices]
        self.show = gettext("Show measures")
        self.clear = gettext("Clear all filters")
        self.filters_in_use = gettext("Filters in use")
        self.remove = gettext("remove")
        self.sort_by = gettext("Sort by:")
        self.download = gettext("Download this list:")
        self.csv_url = escape(reverse("measures:export", kwargs={"fmt": "csv"}))
        self.json_url = escape(reverse("measures:export", kwargs={"fmt": "json"}))
        self.no_match = gettext("No measure matches all these filters.")
        self.removing_any = gettext("Removing any one of these filters brings measures back:")
        self.combination = gettext("No single filter is to blame: it is their combination. Remove some of them.")
        self.no_valid = gettext(
            "No measure is valid on this date. Choose another date or show past and future measures."
        )
        self.pages = gettext("Pages")
        self.previous_page = gettext("Previous page")
        self.next_page = gettext("Next page")
        self.facets = self._facets()

    @staticmethod
    def _facets() -> dict[str, _FacetMarkup]:
        any_text = gettext("Any")
        measures = gettext("measures")
        facets = {}
        for name, choices in facet_choices(get_language()).items():
            kind = "checkbox" if choices.multiple else "radio"
            options = {}
            for counter, (_value, shown, text) in enumerate(choices.options, start=1):
                options[shown] = _OptionMarkup(
                    before_checked=(
                        '\n          <div class="option">\n'
                        f'            <input type="{kind}" name="{name}" id="id_{name}_{counter}"'
                        f' value="{escape(shown)}"'
                    ),
                    before_count=(
                        f'>\n            <label for="id_{name}_{counter}">{escape(text)} <span class="count">('
                    ),
                    after_count=(
                        f'<span class="visually-hidden"> {measures}</span>)</span></label>\n          </div>\n        '
                    ),
                )
            facets[name] = _FacetMarkup(
                opening=(
                    f'\n      <fieldset class="facet" id="facet-{name}">\n'
                    f"        <legend>{escape(choices.label)}</legend>\n        "
                ),
                any_before_checked=""
                if choices.multiple
                else (
                    '\n          <div class="option">\n'
                    f'            <input type="radio" name="{name}" id="id_{name}_any" value=""'
                ),
                any_after_checked=""
                if choices.multiple
                else (f'>\n            <label for="id_{name}_any">{any_text}</label>\n          </div>\n        '),
                options=options,
            )
        return facets


@functools.cache
def _language_text(language: str) -> _LanguageText:
    with translation.override(language):
        return _LanguageText()


_CURRENT = ' aria-current="true"'


def _checked(flag: bool) -> str:
    return " checked" if flag else ""


def render(context: dict) -> SafeString:
    """``measures/_catalogue.html`` rendered with ``context`` (``presentation.catalogue_context``)."""
    text = _language_text(get_language())
    criteria, paginator = context["criteria"], context["paginator"]
    count = localized(paginator.count)
    parts = [text.heading]
    if context["invalid_labels"]:
        joined = ", ".join(escape(label) for label in context["invalid_labels"])
        parts.append(
            '\n  <div class="notice" role="alert" id="invalid-filters">\n'
            f"    <p>{text.not_understood} {joined}.</p>\n  </div>\n"
        )
    found = ngettext("Show the %(counter)s measure found", "Show the %(counter)s measures found", paginator.count)
    parts.append(
        '\n\n<div class="catalogue">\n'
        '  <form method="get" action="" class="catalogue-filters" aria-labelledby="filters-heading">\n'
        f'    <h2 id="filters-heading">{text.filters}</h2>\n'
        f'    <p class="jump-to-results"><a href="#results-heading">{found % {"counter": count}}</a></p>\n'
        '    <div class="filter-block">\n'
        f'      <label for="id_q">{text.q_label}</label>\n'
        f'      <input type="search" name="q" id="id_q" value="{_or_empty(criteria.q)}" maxlength="100">\n'
        "    </div>\n    "
    )
    for facet in context["facets"]:
        markup = text.facets[facet.name]
        parts.append(markup.opening)
        if not facet.multiple:
            parts += (markup.any_before_checked, _checked(not facet.any_selected), markup.any_after_checked)
        parts.append("\n        ")
        for option in facet.options:
            shown = markup.options[option.value]
            parts += (
                shown.before_checked,
                _checked(option.selected),
                shown.before_count,
                localized(option.count),
                shown.after_count,
            )
        parts.append("\n      </fieldset>\n    ")
    parts.append(_employer_and_worker(text, criteria))
    parts.append(_date_and_sort(text, criteria, context["on"]))
    parts.append(_results(text, context, count))
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def _text_input(name: str, texts: tuple[str, str], value, attributes: str) -> str:
    label, help_text = texts
    return (
        '      <div class="filter-block">\n'
        f'        <label for="id_{name}">{label}</label>\n'
        f'        <input type="text" name="{name}" id="id_{name}" value="{_or_empty(value)}"{attributes}'
        f' aria-describedby="help_{name}">\n'
        f'        <p class="help" id="help_{name}">{help_text}</p>\n'
        "      </div>\n"
    )


def _employer_and_worker(text: _LanguageText, criteria) -> str:
    sizes = "".join(
        f'<option value="{shown}"{" selected" if criteria.size == code else ""}>{label}</option>'
        for code, shown, label in text.sizes
    )
    return (
        '\n    <fieldset class="facet">\n'
        f"      <legend>{text.employer}</legend>\n"
        + _text_input(
            "employer_category",
            text.employer_category,
            criteria.employer_category,
            ' inputmode="numeric" maxlength="3"',
        )
        + _text_input("nace", text.nace, criteria.nace, ' maxlength="8"')
        + _text_input("joint_committee", text.joint_committee, criteria.joint_committee, ' maxlength="6"')
        + '      <div class="filter-block">\n'
        f'        <label for="id_size">{text.size_label}</label>\n'
        '        <select name="size" id="id_size">\n'
        f'          <option value="">{text.any_size}</option>\n'
        f"          {sizes}\n"
        "        </select>\n"
        "      </div>\n"
        "    </fieldset>\n"
        '    <fieldset class="facet">\n'
        f"      <legend>{text.worker}</legend>\n"
        '      <div class="filter-block">\n'
        f'        <label for="id_age">{text.age_label}</label>\n'
        f'        <input type="number" name="age" id="id_age" min="14" max="99" value="{_or_empty(criteria.age)}">\n'
        "      </div>\n"
        '      <div class="filter-block">\n'
        f'        <label for="id_jobseeker_months">{text.months_label}</label>\n'
        '        <input type="number" name="jobseeker_months" id="id_jobseeker_months" min="0" max="600"'
        f' value="{_or_empty(criteria.jobseeker_months)}">\n'
        "      </div>\n"
        '      <div class="filter-block">\n'
        f'        <label for="id_fraction">{text.fraction[0]}</label>\n'
        '        <input type="number" name="fraction" id="id_fraction" min="0.01" max="1" step="0.01"'
        f' value="{_or_empty(criteria.fraction)}" aria-describedby="help_fraction">\n'
        f'        <p class="help" id="help_fraction">{text.fraction[1]}</p>\n'
        "      </div>\n"
        "    </fieldset>\n"
    )


def _date_and_sort(text: _LanguageText, criteria, on) -> str:
    day = "" if criteria.on is None else escape(date_format(criteria.on, "Y-m-d"))
    today = gettext("Empty: today (%(today)s).") % {"today": escape(formats.date_format(on, "DATE_FORMAT"))}
    validity = "".join(
        '\n        <div class="option">\n'
        f'          <input type="radio" name="validity" id="id_validity_{shown}" value="{shown}"'
        f"{_checked(criteria.validity == value or (not criteria.validity and value == 'current'))}>\n"
        f'          <label for="id_validity_{shown}">{label}</label>\n'
        "        </div>\n      "
        for value, shown, label in text.validity
    )
    sorts = "".join(
        f'<option value="{shown}"{" selected" if criteria.sort == value else ""}>{label}</option>'
        for value, shown, label in text.sorts
    )
    return (
        '    <fieldset class="facet">\n'
        f"      <legend>{text.date}</legend>\n"
        '      <div class="filter-block">\n'
        f'        <label for="id_on">{text.valid_on}</label>\n'
        f'        <input type="date" name="on" id="id_on" value="{day}" aria-describedby="help_on">\n'
        f'        <p class="help" id="help_on">{today}</p>\n'
        f"      </div>\n      {validity}\n"
        "    </fieldset>\n"
        '    <div class="filter-block">\n'
        f'      <label for="id_sort">{text.sort_label}</label>\n'
        '      <select name="sort" id="id_sort">\n'
        f"        {sorts}\n"
        "      </select>\n"
        "    </div>\n"
        '    <p class="filter-actions">\n'
        f'      <button type="submit">{text.show}</button>\n'
        f'      <a href="?" class="button secondary">{text.clear}</a>\n'
        "    </p>\n"
        "  </form>\n\n"
    )


def _results(text: _LanguageText, context: dict, count: str) -> str:
    heading = ngettext("%(counter)s measure", "%(counter)s measures", context["paginator"].count)
    parts = [
        '  <section class="catalogue-results" aria-labelledby="results-heading">\n'
        '    <h2 id="results-heading" tabindex="-1">\n'
        f"      {heading % {'counter': count}}\n"
        "    </h2>\n    "
    ]
    active = context["active_filters"]
    if active:
        rows = "".join(
            f"\n          <li>{escape(row['label'])}: <strong>{escape(row['value'])}</strong> "
            f'<a href="?{escape(row["remove"])}">{text.remove}<span class="visually-hidden"> {escape(row["label"])}'
            "</span></a></li>\n        "
            for row in active
        )
        parts.append(
            f'\n      <ul class="active-filters" role="list" aria-label="{text.filters_in_use}">\n        {rows}\n'
            "      </ul>\n    "
        )
    links = context["sort_links"]
    sorts = " · ".join(
        f'<a href="?{escape(link["query"])}"{_CURRENT if link["current"] else ""}>{label}</a>'
        for link, (_value, _shown, label) in zip(links, text.sorts, strict=True)
    )
    parts.append(
        '\n    <p class="result-tools">\n'
        f"      <span>{text.sort_by}</span>\n"
        f"      {sorts}\n"
        f'      <span class="exports">{text.download}\n'
        f'        <a href="{text.csv_url}?{escape(context["query"])}">CSV</a> ·\n'
        f'        <a href="{text.json_url}?{escape(context["query"])}">JSON</a>\n'
        "      </span>\n"
        "    </p>\n\n    "
    )
    results = context["results"]
    if not results:
        parts.append(_empty_state(text, context))
    else:
        cards = "".join(f"\n          {row['card']}\n        " for row in results)
        parts.append(f'\n      <ol class="results" role="list">\n        {cards}\n      </ol>\n      ')
        parts.append(_pagination(text, context["page"], context["query"]))
        parts.append("\n    ")
    parts.append("\n  </section>\n</div>\n")
    return "".join(parts)


def _empty_state(text: _LanguageText, context: dict) -> str:
    parts = [
        '\n      <div class="notice empty-state" id="empty-state">\n'
        f"        <p><strong>{text.no_match}</strong></p>\n        "
    ]
    blocking = context["blocking_filters"]
    if blocking:
        parts.append("\n          ")
        if len(blocking) > 1:
            parts.append(f"<p>{text.removing_any}</p>")
        parts.append("\n          ")
        for row in blocking:
            label, value = escape(row["label"]), escape(row["value"])
            removed = gettext("The filter “%(label)s: %(value)s” removed every remaining measure.") % {
                "label": label,
                "value": value,
            }
            remove = gettext("Remove “%(label)s”") % {"label": label}
            parts.append(f'\n            <p>{removed} <a href="?{escape(row["remove"])}">{remove}</a></p>\n          ')
        parts.append("\n        ")
    elif context["active_filters"]:
        parts.append(f"\n          <p>{text.combination}</p>\n        ")
    else:
        parts.append(f"\n          <p>{text.no_valid}</p>\n        ")
    parts.append("\n      </div>\n    ")
    return "".join(parts)


def _page_link(query: str, number: int) -> str:
    """``{% querystring pagination_query page=number %}``: the list's query string (``page_query_dict`` written out)
    with the page added, escaped."""
    return escape(f"?{query}&page={number}" if query else f"?page={number}")


def _pagination(text: _LanguageText, page, query: str) -> str:
    """``foundation/pagination.html`` included with ``pagination_query``."""
    if not page.has_other_pages():
        return "\n\n"
    previous = next_ = ""
    if page.has_previous():
        link = _page_link(query, page.previous_page_number())
        previous = f'<li><a href="{link}" rel="prev">{text.previous_page}</a></li>'
    if page.has_next():
        link = _page_link(query, page.next_page_number())
        next_ = f'<li><a href="{link}" rel="next">{text.next_page}</a></li>'
    where = gettext("Page %(number)s of %(total)s") % {
        "number": localized(page.number),
        "total": localized(page.paginator.num_pages),
    }
    return (
        f'\n\n<nav aria-label="{text.pages}">\n'
        '  <ul class="pagination" role="list">\n'
        f"    {previous}\n"
        f'    <li aria-current="page">{where}</li>\n'
        f"    {next_}\n"
        "  </ul>\n"
        "</nav>\n\n"
    )
