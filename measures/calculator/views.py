"""Pages of the benefit calculator: the calculation and its result, saved scenarios, their comparison and exports.

Every page that shows an employer's repertory facts or a result reads them through ``measures.gates`` (the authz
gate, deliberation 07/039) exactly once; refusals raise before anything is rendered. Scenarios are saved, copied and
deleted through ``services``.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from authz.constants import Channel
from authz.context_processors import acting_access, needs_mfa_first
from authz.exceptions import MFARequired
from authz.notices import remember_language
from foundation.formatting import establishment_number, registration_number
from measures import constants, gates
from measures.calculator import charts, display, exports, form_html, result_html, services
from measures.calculator.engine.wording import Wording
from measures.calculator.forms import (
    CalculationForm,
    CompareForm,
    HireFormSet,
    hire_initial,
    raw_values,
    seat_choices,
)
from measures.calculator.result import Result
from measures.calculator.values import MAX_HIRES
from measures.changes import reevaluation
from measures.models import Scenario
from repertory.selectors import code_labels, employer_category_labels, nace_labels

PAGE_SIZE = 20
HIRE_PREFIX = "hire"
ADD, CALCULATE, SAVE, REMOVE = "add", "calculate", "save", "remove-"


# -- helpers ---------------------------------------------------------------------------------------------------------


def _names_shown_to(request, choices) -> None:
    """A mandatary sees the names of its employers only after two-factor authentication (as on the switcher).

    Called just before rendering, so that the gate, when a page reads an employer, decides (and logs) first.
    """
    if needs_mfa_first(request, choices):
        from allauth.mfa.models import Authenticator

        raise MFARequired(has_authenticator=Authenticator.objects.filter(user=request.user).exists())


def _preselected(request, choices) -> str:
    """The employer the user acts for (the switcher), else the only one it may choose."""
    keys = list(dict.fromkeys(choice.key for choice in choices))
    access = acting_access(request)
    if access is not None:
        key = gates.employer_key(access.repertory, access.registration_number)
        if key in keys:
            return key
    return keys[0] if len(keys) == 1 else ""


def _key_of(facts) -> str:
    """The employer key ("RSZ:123456749") of the facts the gate disclosed."""
    return gates.employer_key(facts.repertory, facts.registration_number)


def _label_of(choices, key: str) -> str:
    return next((choice.label for choice in choices if choice.key == key), "")


def _facts_context(facts) -> dict:
    """The repertory facts as the page shows them, with the labels of their codes (reference tables only)."""
    regions = dict(constants.Region.choices)
    categories = employer_category_labels(facts.category_codes)
    # Every NACE version's labels in one query (the repertory's selector reads activities by these two names).
    nace = nace_labels(SimpleNamespace(nace_version=fact.version, nace_code=fact.code) for fact in facts.nace_codes)
    legal_forms = code_labels(category="JuridicalForm", codes={facts.legal_form}) if facts.legal_form else {}
    return {
        "facts": facts,
        "registration_number": registration_number(facts.registration_number, repertory=facts.repertory),
        "categories": [(code, categories.get(code, "")) for code in facts.category_codes],
        "nace": [
            (fact, f"{fact.code[:2]}.{fact.code[2:]}", nace.get((fact.version, fact.code), ""))
            for fact in facts.nace_codes
        ],
        "legal_form": (facts.legal_form, legal_forms.get(facts.legal_form, "")),
        "employer_type": exports.employer_type_label(facts.employer_type),
        "seats": [
            (
                establishment_number(seat.establishment_number),
                seat.postcode,
                regions.get("DG" if seat.german_language_area else seat.region, seat.region),
            )
            for seat in facts.operating_seats
        ],
    }


def _result_context(result: Result) -> dict:
    """The result arranged for the page: per hire its measures (highest total first), a table and a chart; every
    explanation row once, quarters without benefit summarised (``display``)."""
    hires = []
    wording = Wording(get_language() or "en")  # the trace's labels and values worded once for the page
    for hire in result.hires:
        measures = sorted(hire.measures, key=lambda measure: measure.total, reverse=True)
        rows = [
            (period, [measure.amount_in(period) for measure in measures], hire.amount_in(period))
            for period in hire.periods
        ]
        hires.append(
            {
                "result": hire,
                "number": hire.index + 1,
                "measures": measures,
                "entries": [(measure, display.trace_rows(measure.trace, wording)) for measure in measures],
                "rows": display.summarise_empty(rows, total=lambda row: row[2]),
                "decisions": display.decision_rows(hire, measures),
                "chart": charts.benefit_chart(
                    [(period, hire.amount_in(period)) for period in hire.periods],
                    chart_id=f"chart-hire-{hire.index + 1}",
                    title=_("Benefit per quarter for %(label)s") % {"label": hire.label},
                    table_id=f"table-hire-{hire.index + 1}",
                ),
            }
        )
    totals = result.totals_by_period()
    measure_totals = exports.measure_totals(result)
    return {
        "result": result,
        "hire_results": hires,
        "hire_sections": result_html.hire_sections(hires),
        "totals_by_period": display.summarise_empty(
            exports.totals_by_period_and_measure(result, measure_totals), total=lambda row: row[2]
        ),
        "measure_totals": measure_totals,
        "total_chart": charts.benefit_chart(
            totals, chart_id="chart-total", title=_("Benefit per quarter, all hires"), table_id="table-total"
        ),
    }


def _own_scenario(request, pk: int) -> Scenario:
    """The user's own scenario; any other id (someone else's or none) is the same 404."""
    return get_object_or_404(Scenario, pk=pk, owner=request.user)


# -- the calculator --------------------------------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def calculator(request):
    return _calculator_page(request, scenario=None)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def scenario_edit(request, pk: int):
    return _calculator_page(request, scenario=_own_scenario(request, pk))


def _calculator_page(request, *, scenario: Scenario | None):
    choices = gates.employer_choices(request.user)
    facts = result = None
    if request.method == "GET":
        key = request.GET.get("employer", "").strip()[:40]
        if not key:
            key = scenario.employer_key if scenario else _preselected(request, choices)
        if key:
            facts = gates.employer_for_calculator(request, employer=key, channel=Channel.WEB)
        seats = seat_choices(facts) if facts else []
        initial = {"employer": key}
        if scenario:
            initial.update(on=scenario.on, horizon=scenario.horizon, name=scenario.name)
        form = CalculationForm(initial=initial, choices=choices)
        hires = [hire_initial(hire) for hire in scenario.hire_values()] if scenario else []
        formset = HireFormSet(initial=hires, prefix=HIRE_PREFIX, seats=seats)
    else:
        action = request.POST.get("action", CALCULATE)
        form = CalculationForm(request.POST, choices=choices)
        formset = HireFormSet(request.POST, prefix=HIRE_PREFIX)
        if action == ADD or action.startswith(REMOVE):
            form, formset, facts = _change_hires(request, form, formset, action=action, choices=choices)
        else:
            valid = form.is_valid()
            valid = formset.is_valid() and valid
            key = form.cleaned_data.get("employer") if "employer" not in form.errors else None
            if key and request.POST.get("seats_of") != key:
                formset.forget_seats()  # chosen among another employer's seats (or the number was typed otherwise)
            if key and valid:
                result, facts, _profile = services.calculate_for(
                    request,
                    employer=key,
                    hires=formset.hires,
                    on=form.cleaned_data["on"],
                    horizon=form.cleaned_data["horizon"],
                    channel=Channel.WEB,
                    mode=form.cleaned_data["rules"],
                )
                seats = seat_choices(facts)
                formset.set_seats(seats)
                if not formset.check_seats(seats):
                    result = None
            elif key:
                facts = gates.employer_for_calculator(request, employer=key, channel=Channel.WEB)
                formset.set_seats(seat_choices(facts))
            if result is not None and action == SAVE:
                saved = _save(request, form, formset, scenario=scenario, key=_key_of(facts))
                if saved is not None:
                    return redirect("measures:scenario", pk=saved.pk)
    context = {
        "form": form,
        "formset": formset,
        "choices": choices,
        "scenario": scenario,
        "seats_of": _key_of(facts) if facts else "",
        "employer_label": _label_of(choices, form["employer"].value() or ""),
        "hire_rows": form_html.hire_rows(formset.forms, len(formset.forms)),
        "can_add": len(formset.forms) < MAX_HIRES,
        "max_hires": MAX_HIRES,
    }
    if facts is not None:
        context.update(_facts_context(facts))
    if result is not None:
        context.update(_result_context(result))
    _names_shown_to(request, choices)
    return render(request, "measures/calculator/calculator.html", context)


def _change_hires(request, form, formset, *, action: str, choices):
    """Add an empty hire or remove one, keeping what was typed; nothing is checked yet (no error shown)."""
    hires = (
        [raw_values(hire_form) for hire_form in formset.forms] if formset.is_bound and _management_ok(formset) else []
    )
    added = False
    if action == ADD:
        if len(hires) < MAX_HIRES:
            hires.append({})
            added = True
        else:
            messages.warning(request, _("A calculation takes at most %(num)d hires.") % {"num": MAX_HIRES})
    else:
        index = action.removeprefix(REMOVE)
        if index.isascii() and index.isdigit() and int(index) < len(hires) and len(hires) > 1:
            del hires[int(index)]
    typed = raw_values(form)
    key = typed.get("employer") or ""
    facts = None
    if key:
        facts = gates.employer_for_calculator(request, employer=key[:40], channel=Channel.WEB)
    seats = seat_choices(facts) if facts else []
    if facts and request.POST.get("seats_of") != _key_of(facts):
        for hire in hires:
            hire["operating_seat"] = ""
    new_form = CalculationForm(initial=typed, choices=choices)
    new_formset = HireFormSet(initial=hires, prefix=HIRE_PREFIX, seats=seats)
    if added:
        # The page opens on the new hire: its first field takes the focus (and the page scrolls to it) without
        # JavaScript.
        new_formset.forms[-1].fields["label"].widget.attrs["autofocus"] = True
    return new_form, new_formset, facts


def _management_ok(formset) -> bool:
    return formset.management_form.is_valid()


def _save(request, form, formset, *, scenario: Scenario | None, key: str) -> Scenario | None:
    """Save the inputs as a new scenario or over the one edited; None (and an error on the form) when it cannot.

    ``key`` is the employer as the gate resolved it ("RSZ:123456749"), whatever notation was sent.
    """
    name = form.cleaned_data.get("name", "")
    if not name:
        form.add_error("name", _("Give the scenario a name to save it."))
        return None
    try:
        saved = services.save_scenario(
            owner=request.user,
            key=key,
            name=name,
            on=form.cleaned_data["on"],
            horizon=form.cleaned_data["horizon"],
            hires=formset.hires,
            scenario=scenario,
        )
    except services.ScenarioNameTaken:
        form.add_error("name", _("You already have a scenario with this name for this employer: choose another name."))
        return None
    remember_language(user=request.user, language=get_language())  # the language of its change notices
    messages.success(request, _("The scenario “%(name)s” is saved.") % {"name": name})
    return saved


# -- scenarios -------------------------------------------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def scenario_list(request):
    scenarios = Scenario.objects.filter(owner=request.user).only(
        "pk", "name", "repertory", "registration_number", "on", "horizon", "hires", "updated_at"
    )
    page = Paginator(scenarios, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (scenario, registration_number(scenario.registration_number, repertory=scenario.repertory)) for scenario in page
    ]
    all_mine = list(Scenario.objects.filter(owner=request.user).only("pk", "name")) if page.paginator.count > 1 else []
    return render(
        request,
        "measures/calculator/scenario_list.html",
        {"page": page, "rows": rows, "compare_form": CompareForm(scenarios=all_mine) if all_mine else None},
    )


@never_cache
@login_required
@require_GET
def scenario_detail(request, pk: int):
    scenario = _own_scenario(request, pk)
    result, facts, _profile = services.calculate_for(
        request,
        employer=scenario.employer_key,
        hires=scenario.hire_values(),
        on=scenario.on,
        horizon=scenario.horizon,
        channel=Channel.WEB,
    )
    choices = gates.employer_choices(request.user)
    context = {"scenario": scenario, "employer_label": _label_of(choices, scenario.employer_key)}
    context.update(_facts_context(facts))
    context.update(_result_context(result))
    context.update(reevaluation.page_context(scenario))  # moved by a change of the rules: old and new, and why
    return render(request, "measures/calculator/scenario_detail.html", context)


@login_required
@require_POST
def scenario_duplicate(request, pk: int):
    original = _own_scenario(request, pk)
    try:
        copy = services.copy_scenario(original, owner=request.user)
    except services.ScenarioNameTaken:
        messages.error(request, _("No copy was made: rename one of the copies first."))
        return redirect("measures:scenario", pk=original.pk)
    messages.success(request, _("A copy “%(name)s” was made: change it here.") % {"name": copy.name})
    return redirect("measures:scenario-edit", pk=copy.pk)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def scenario_delete(request, pk: int):
    scenario = _own_scenario(request, pk)
    if request.method == "POST":
        name = scenario.name
        services.delete_scenario(scenario)
        messages.success(request, _("The scenario “%(name)s” is deleted.") % {"name": name})
        return redirect("measures:scenarios")
    return render(request, "measures/calculator/scenario_confirm_delete.html", {"scenario": scenario})


@never_cache
@login_required
@require_GET
def scenario_compare(request):
    mine = list(Scenario.objects.filter(owner=request.user).only("pk", "name"))
    asked = [request.GET.get(name, "") for name in ("a", "b")]
    ids = {scenario.pk for scenario in mine}
    if any(value and (not (value.isascii() and value.isdigit()) or int(value) not in ids) for value in asked):
        raise Http404  # someone else's scenario looks like one that does not exist
    if all(asked):
        form = CompareForm(request.GET, scenarios=mine)
    else:  # one chosen (from a scenario's page): preselect it
        form = CompareForm(initial={"a": asked[0] or None, "b": asked[1] or None}, scenarios=mine)
    context = {"form": form, "compared": None}
    if form.is_bound and form.is_valid():
        first = Scenario.objects.get(pk=form.cleaned_data["a"], owner=request.user)
        second = Scenario.objects.get(pk=form.cleaned_data["b"], owner=request.user)
        result_a, _facts_a, profile_a = services.calculate_for(
            request, employer=first.employer_key, hires=first.hire_values(), on=first.on, horizon=first.horizon
        )
        if second.employer_key == first.employer_key:
            result_b = services.calculate_again(profile_a, second)
        else:
            result_b, _facts_b, _profile_b = services.calculate_for(
                request, employer=second.employer_key, hires=second.hire_values(), on=second.on, horizon=second.horizon
            )
        context.update(
            compared=exports.compare(result_a, result_b),
            first=first,
            second=second,
            result_a=result_a,
            result_b=result_b,
        )
    return render(request, "measures/calculator/scenario_compare.html", context)


@never_cache
@login_required
@require_GET
def scenario_export(request, pk: int, fmt: str):
    scenario = _own_scenario(request, pk)
    result, facts, _profile = services.calculate_for(
        request,
        employer=scenario.employer_key,
        hires=scenario.hire_values(),
        on=scenario.on,
        horizon=scenario.horizon,
        channel=Channel.EXPORT,
    )
    if fmt == "pdf":
        label = _label_of(gates.employer_choices(request.user), scenario.employer_key)
        body = exports.result_pdf(
            result=result, facts=facts, scenario=scenario, employer_label=label or facts.repertory
        )
        response = HttpResponse(body, content_type="application/pdf")
    else:
        response = HttpResponse(exports.result_csv(result), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.file_name(scenario, fmt)}"'
    return response
