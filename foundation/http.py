"""Responses any app may give without reaching up to the project package: the page of a client over its rate limit."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def too_many_requests(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The shared 429 page (templates/429.html); the caller adds Retry-After."""
    return render(request, "429.html", status=429)
