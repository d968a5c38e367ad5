"""Request-wide middleware: an id for every request (X-Request-ID, the disclosure log), no-store on personal data, and
the shared pages answered to anonymous visitors from the cache."""

import hashlib
import re
import uuid

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils import timezone
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


#: What stands for the visitor's CSRF token in a stored page; each answer puts the visitor's own token there.
_CSRF_PLACEHOLDER = b"@@csrf-token-of-the-visitor@@"
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")')
#: Headers of the stored answer that are not replayed: the length changes with the token, cookies are per visitor.
_NOT_REPLAYED = {"content-length", "set-cookie"}


def _anonymous_visit(request) -> bool:
    """A GET by a visitor without a session or a message waiting (a logged-in user always has a session cookie) and
    without an API credential: nothing in the answer can be theirs."""
    cookies = request.COOKIES
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _page_key(request) -> str:
    # The host and scheme too: a page never answers for another host name the portal also serves.
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()[:40]
    return f"anonymous-page:{timezone.localdate().isoformat()}:{digest}"


class AnonymousPageCacheMiddleware:
    """The same URL asked again by an anonymous visitor is answered from the cache before the session, the locale,
    authentication and the rest of the stack run, for the pages whose view says they may be shared.

    A view shares an answer by setting ``response.shared_with_anonymous = (version_key, version, seconds)``: the page is
    kept for ``seconds`` (and the day) while the cache entry ``version_key`` still holds ``version`` (the measures'
    catalogue generation moves on with every staff change, so the pages of the old catalogue are never served). Only a
    200 answer that set no cookie but the CSRF one is kept, and the CSRF token of its forms (the language switcher) is
    the visitor's own: their cookie, or a new one set as Django's CSRF middleware would.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _anonymous_visit(request):
            return self.get_response(request)
        key = _page_key(request)
        entry = cache.get(key)
        if entry is not None:
            version_key, version, status, headers, body = entry
            if cache.get(version_key) == version:
                return self._answer(request, status, headers, body)
        response = self.get_response(request)
        shared = getattr(response, "shared_with_anonymous", None)
        if shared is not None and self._may_keep(response):
            version_key, version, seconds = shared
            headers = [(name, value) for name, value in response.items() if name.lower() not in _NOT_REPLAYED]
            body = _CSRF_INPUT.sub(rb"\1" + _CSRF_PLACEHOLDER + rb"\2", response.content)
            cache.set(key, (version_key, version, response.status_code, headers, body), seconds)
        return response

    @staticmethod
    def _may_keep(response) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
            and not response.has_header("Cache-Control")  # never-cache or private answers stay out
        )

    @staticmethod
    def _answer(request, status: int, headers: list, body: bytes) -> HttpResponse:
        csrf = CsrfViewMiddleware(lambda request: None)
        csrf.process_request(request)  # the visitor's secret from their cookie, if well formed
        if _CSRF_PLACEHOLDER in body:
            body = body.replace(_CSRF_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(body, status=status)
        for name, value in headers:
            response[name] = value
        response["Content-Length"] = str(len(body))
        return csrf.process_response(request, response)  # sets the CSRF cookie when the visitor had none
