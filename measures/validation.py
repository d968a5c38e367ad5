"""Validators shared by the models (admin, full_clean) and the loader: one schema, one set of messages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from jsonschema import Draft202012Validator, FormatChecker

from measures import schema


def schema_errors(instance, subschema) -> list[tuple[str, str]]:
    """(path, message) for every way ``instance`` breaks ``subschema``, sorted by path."""
    validator = Draft202012Validator(subschema, format_checker=FormatChecker())
    errors = []
    for error in validator.iter_errors(instance):
        path = ".".join(str(part) for part in error.absolute_path)
        errors.append((path, error.message))
    return sorted(errors)


@deconstructible
class SchemaValidator:
    """Validate a JSON value against one part of :mod:`measures.schema`, named by its attribute."""

    def __init__(self, part: str, what: str):
        self.part = part
        self.what = what

    def __call__(self, value) -> None:
        problems = schema_errors(value, getattr(schema, self.part))
        if problems:
            raise ValidationError(
                [
                    ValidationError(
                        _("%(what)s %(path)s: %(message)s"),
                        params={"what": self.what, "path": path, "message": message},
                        code="schema",
                    )
                    for path, message in problems
                ]
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, SchemaValidator) and (self.part, self.what) == (other.part, other.what)


validate_steps = SchemaValidator("STEPS", "schedule")
validate_conditions = SchemaValidator("CONDITIONS", "conditions")
validate_parameters = SchemaValidator("PARAMETERS", "parameters")
validate_links = SchemaValidator("LINKS", "links")
validate_sources = SchemaValidator("SOURCES", "sources")


def validate_schedule_order(steps) -> None:
    """Only the last step of a schedule may be open-ended (``null`` periods).

    A schedule of another shape is left to ``validate_steps``, which names what is wrong with it.
    """
    if not isinstance(steps, list):
        return
    for index, step in enumerate(steps):
        if isinstance(step, list) and len(step) == 2 and step[1] is None and index != len(steps) - 1:
            raise ValidationError(_("Only the last step of a schedule may have no number of periods."))
