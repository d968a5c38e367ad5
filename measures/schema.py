"""The JSON Schema of the measures data file (``load_measures``), and of the structured fields the admin edits.

The README documents the format; this schema is its authority. Parts of it (steps, conditions, parameters,
links, sources) also validate the JSON columns of the models, so the admin and the loader refuse the same input.
"""

from __future__ import annotations

from measures import constants

FORMAT = "front-office-measures/2"
REQUIRED_TEXT_LANGUAGES = ("nl", "fr")
LANGUAGES = ("nl", "fr", "de", "en")

_CODE = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_AMOUNT = {"type": "number", "minimum": 0}
_FRACTION = {"type": "number", "minimum": 0, "maximum": 1}
_URL = {"type": "string", "pattern": r"^https?://\S+$", "maxLength": 500}

TEXT = {
    "type": "object",
    "properties": {lang: {"type": "string"} for lang in LANGUAGES},
    "additionalProperties": False,
}
REQUIRED_TEXT = {
    **TEXT,
    "required": list(REQUIRED_TEXT_LANGUAGES),
    "properties": {lang: {"type": "string", "minLength": 1} for lang in LANGUAGES},
}

STEPS = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "array",
        "prefixItems": [_AMOUNT, {"type": ["integer", "null"], "minimum": 1}],
        "minItems": 2,
        "maxItems": 2,
    },
}

CONDITIONS = {
    "type": "object",
    "properties": {
        "hire_rank": {"type": "integer", "minimum": 1, "maximum": 99},
        "age_min": {"type": "integer", "minimum": 0, "maximum": 120},
        "age_max": {"type": "integer", "minimum": 0, "maximum": 120},
        "qualification_max": {"enum": constants.Qualification.values},
        "reduced_work_capacity": {"type": "boolean"},
        "structural_category": {"type": "integer", "enum": [1, 2, 3]},
        "wage_moderation": {"type": "boolean"},
        "weekly_hours_max": {"type": "number", "minimum": 0},
        "jobseeker_months_min": {"type": "integer", "minimum": 0},
        "learner_paid": {"type": "boolean"},
    },
    "additionalProperties": False,
}

_STATUS = {"enum": constants.Status.values}
_PARAMETER_KEY = {"type": "string", "pattern": _CODE, "maxLength": 60}

#: A formula's parameters: an inline value with its source key and status, or a shared dated parameter by key,
#: read on each period's date (the admin may leave out the inline status: the benefit's applies).
PARAMETERS = {
    "type": "object",
    "propertyNames": {"pattern": r"^[a-z][a-z0-9_]*$"},
    "additionalProperties": {
        "oneOf": [
            {
                "type": "object",
                "properties": {"value": {"type": "number"}, "source": {"type": "string"}, "status": _STATUS},
                "required": ["value"],
                "additionalProperties": False,
            },
            {
                "type": "object",
                "properties": {"parameter": _PARAMETER_KEY},
                "required": ["parameter"],
                "additionalProperties": False,
            },
        ]
    },
}
#: In the data file an inline parameter names its source and status.
FILE_PARAMETERS = {
    **PARAMETERS,
    "additionalProperties": {
        "oneOf": [
            {**PARAMETERS["additionalProperties"]["oneOf"][0], "required": ["value", "source", "status"]},
            PARAMETERS["additionalProperties"]["oneOf"][1],
        ]
    },
}

LINKS = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"title": {"type": "string", "minLength": 1}, "url": _URL},
        "required": ["title"],
        "additionalProperties": False,
    },
}

_SOURCE_PROPERTIES = {
    "url": _URL,
    "reference": {"type": "string", "minLength": 1, "maxLength": 300},
    "title": {"type": "string", "minLength": 1},
    "read": _DATE,
}
SOURCES = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"key": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]*$"}, **_SOURCE_PROPERTIES},
        "required": ["key", "title"],
        "additionalProperties": False,
    },
}
#: In the data file every source says when it was read, and where: a URL or an official reference.
WHERE = {"anyOf": [{"required": ["url"]}, {"required": ["reference"]}]}
FILE_SOURCES = {**SOURCES, "items": {**SOURCES["items"], "required": ["key", "title", "read"], **WHERE}}
#: The source of a shared parameter and the text announcing an announced one.
SOURCE_OBJECT = {
    "type": "object",
    "properties": _SOURCE_PROPERTIES,
    "required": ["title", "read"],
    "additionalProperties": False,
    **WHERE,
}

_INCLUDE_EXCLUDE = {
    "type": "object",
    "properties": {
        "include": {"type": "array", "items": {"type": "string", "pattern": r"^[0-9][0-9.]*$"}},
        "exclude": {"type": "array", "items": {"type": "string", "pattern": r"^[0-9][0-9.]*$"}},
    },
    "additionalProperties": False,
}

ELIGIBILITY = {
    "type": "object",
    "properties": {
        "age": {
            "type": "object",
            "properties": {
                "min": {"type": "integer", "minimum": 0, "maximum": 120},
                "max": {"type": "integer", "minimum": 0, "maximum": 120},
                "reference": {"enum": constants.AgeReference.values},
            },
            "additionalProperties": False,
        },
        "jobseeker_months_min": {"type": "integer", "minimum": 0, "maximum": 600},
        "qualification_max": {"enum": constants.Qualification.values},
        "reduced_work_capacity": {"enum": ["required", "any"]},
        "work_fraction_min": _FRACTION,
        "work_fraction_full": _FRACTION,
        "wage_ceiling": _AMOUNT,
        "employer_types": {"type": "array", "items": {"enum": constants.EmployerType.values}, "uniqueItems": True},
        "employer_categories": _INCLUDE_EXCLUDE,
        "nace": _INCLUDE_EXCLUDE,
        "joint_committees": _INCLUDE_EXCLUDE,
        "size": {
            "type": "object",
            "properties": {
                "min": {"type": "integer", "minimum": 0, "maximum": 9},
                "max": {"type": "integer", "minimum": 0, "maximum": 9},
            },
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}

BENEFIT = {
    "type": "object",
    "properties": {
        "label": TEXT,
        "conditions": CONDITIONS,
        "kind": {"enum": constants.BenefitKind.values},
        "steps": STEPS,
        "percentage": _FRACTION,
        "wage_base": {"enum": constants.WageBase.values},
        "cap": _AMOUNT,
        "duration": {"type": ["integer", "null"], "minimum": 1},
        "formula": {"type": "string", "minLength": 1},
        "parameters": FILE_PARAMETERS,
        "share": {"enum": constants.ContributionShare.values},
        "source": {"type": "string"},
        "status": _STATUS,
        "applies_to_running": {"type": "boolean"},
    },
    "required": ["kind", "source"],
    "additionalProperties": False,
    "allOf": [
        {"if": {"properties": {"kind": {"const": "fixed_schedule"}}}, "then": {"required": ["steps"]}},
        {
            "if": {"properties": {"kind": {"const": "percentage"}}},
            "then": {
                "required": ["wage_base"],
                "oneOf": [
                    {"required": ["percentage"]},
                    {"required": ["steps"], "properties": {"steps": {"items": {"prefixItems": [_FRACTION]}}}},
                ],
            },
        },
        {"if": {"properties": {"kind": {"const": "formula"}}}, "then": {"required": ["formula", "parameters"]}},
        {"if": {"properties": {"kind": {"const": "exemption"}}}, "then": {"required": ["share"]}},
    ],
}

VERSION = {
    "type": "object",
    "properties": {
        "valid_from": _DATE,
        "valid_until": {"anyOf": [_DATE, {"type": "null"}]},
        "date_basis": {"enum": constants.DateBasis.values},
        "period_unit": {"enum": constants.PeriodUnit.values},
        "prorated": {"type": "boolean"},
        "placement_window": {"type": "integer", "minimum": 1},
        "typical_amount": _AMOUNT,
        "note": TEXT,
        "source": {"type": "string"},
        "status": _STATUS,
        "announcement": {"type": "string"},
        "ends": {"type": "boolean"},
        "replaced_by": {"type": "string", "pattern": _CODE},
        "eligibility": ELIGIBILITY,
        "benefits": {"type": "array", "items": BENEFIT},
    },
    "required": ["valid_from", "period_unit", "source", "status", "benefits"],
    "additionalProperties": False,
}

CUMULATION = {
    "type": "object",
    "properties": {
        "kind": {"enum": constants.CumulationKind.values},
        "with": {"type": "string", "pattern": _CODE},
        "with_text": TEXT,
        "ceiling": _AMOUNT,
        "note": TEXT,
        "source": {"type": "string"},
    },
    "required": ["kind"],
    "additionalProperties": False,
}

MEASURE = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "pattern": _CODE, "maxLength": 60},
        "level": {"enum": constants.Level.values},
        "region": {"enum": constants.Region.values},
        "region_basis": {"enum": constants.RegionBasis.values},
        "technique": {"enum": constants.Technique.values},
        "reduction_role": {"enum": constants.ReductionRole.values},
        "audiences": {"type": "array", "items": {"enum": constants.Audience.values}, "uniqueItems": True},
        "institution": {"type": "string", "minLength": 1},
        "institution_url": _URL,
        "published": {"type": "boolean"},
        "in_calculator": {"type": "boolean"},
        "texts": {
            "type": "object",
            "properties": {
                "name": REQUIRED_TEXT,
                "summary": REQUIRED_TEXT,
                "description": TEXT,
                "employers": TEXT,
                "workers": TEXT,
                "how_to_apply": TEXT,
            },
            "required": ["name", "summary"],
            "additionalProperties": False,
        },
        "legal_references": LINKS,
        "sources": {**FILE_SOURCES, "minItems": 1},
        "assumptions": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"about": {"type": "string", "minLength": 1}, "text": REQUIRED_TEXT},
                "required": ["about", "text"],
                "additionalProperties": False,
            },
        },
        "cumulation": {"type": "array", "items": CUMULATION},
        "versions": {"type": "array", "minItems": 1, "items": VERSION},
    },
    "required": ["code", "level", "region", "region_basis", "technique", "texts", "sources", "versions"],
    "additionalProperties": False,
}

PARAMETER = {
    "type": "object",
    "properties": {
        "key": {"type": "string", "pattern": _CODE, "maxLength": 60},
        "valid_from": _DATE,
        "valid_until": {"anyOf": [_DATE, {"type": "null"}]},
        "value": {"type": "number"},
        "unit": {"type": "string", "minLength": 1},
        "description": {"type": "string", "minLength": 1},
        "source": SOURCE_OBJECT,
        "status": _STATUS,
        "announcement": SOURCE_OBJECT,
    },
    "required": ["key", "valid_from", "value", "unit", "description", "source", "status"],
    "additionalProperties": False,
}

DATA_FILE = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        "format": {"const": FORMAT},
        "measures": {"type": "array", "items": MEASURE},
        "parameters": {"type": "array", "items": PARAMETER},
    },
    "required": ["format", "measures"],
    "additionalProperties": False,
}
