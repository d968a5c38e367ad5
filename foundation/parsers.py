"""The API's JSON parser: a body too large or nested too deep is refused with 400 or 413, before it is decoded.

Python's json decoder recurses once per level of nesting: a body nested some thousand levels deep raised
RecursionError (a 500) before any serializer ran.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser

#: A JSON string (with its escapes), or one bracket: what the depth scan looks at.
_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


class RequestBodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "body_too_large"


def nesting_depth(raw: bytes, *, stop_above: int) -> int:
    """The deepest nesting of arrays and objects in a JSON text (brackets inside strings do not count); stops counting
    once the depth passes ``stop_above``."""
    depth = deepest = 0
    for match in _TOKENS.finditer(raw):
        token = match.group()
        if token in (b"[", b"{"):
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop_above:
                    break
        elif token in (b"]", b"}"):
            depth -= 1
    return deepest


class LimitedJSONParser(JSONParser):
    """DRF's JSON parser with the body's size (PORTAL_API_JSON_MAX_BYTES) and nesting (PORTAL_API_JSON_MAX_DEPTH)
    limited: every JSON body the API accepts goes through it (DEFAULT_PARSER_CLASSES)."""

    def parse(
        self, stream: IO[bytes] | None, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:

        limit = settings.API_JSON_MAX_BYTES
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise RequestBodyTooLarge(
                _("The request body is larger than %(limit)d bytes.") % {"limit": limit},
            )
        max_depth = settings.API_JSON_MAX_DEPTH
        if nesting_depth(raw, stop_above=max_depth) > max_depth:
            raise ParseError(_("The JSON is nested more than %(depth)d levels deep.") % {"depth": max_depth})
        try:
            return super().parse(io.BytesIO(raw), media_type, parser_context)
        except RecursionError:  # the scan above makes this unreachable; never a 500 all the same
            raise ParseError(_("The JSON is nested too deep.")) from None
