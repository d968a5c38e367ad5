"""Request-wide middleware: an id for every request (X-Request-ID, the disclosure log), no-store on personal data."""

import re
import uuid

from django.utils.cache import add_never_cache_headers

_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        # A proxy's id is kept only when it is well formed; anything else is replaced, never echoed.
        request.request_id = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class PersonalDataNoStoreMiddleware:
    """``Cache-Control: no-store`` (and private, no-cache) on every response that may carry personal data: any answer
    to a logged-in user (session or API token) and any answer for which the authz gate was asked, so that no browser,
    proxy or shared cache keeps it. Anonymous public pages (the catalogue) keep their own caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)  # DRF puts the user of a token on the Django request too
        if getattr(request, "gate_asked", False) or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response
