"""DRF throttles whose rates come from the settings (API_THROTTLE_RATES) at each request, not at import.

DRF's own classes copy DEFAULT_THROTTLE_RATES when they are imported; reading the setting each time lets an operator's
environment and a test's settings override apply without a restart.
"""

from django.conf import settings

from rest_framework import throttling


class _RatesFromSettings:
    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        # Counted once per request: the authz gate's permission checks the throttles before it decides and logs (a
        # throttled call is neither decided nor logged), and DRF checks them again after the permissions.
        passed = request.__dict__.setdefault("_throttles_passed", set())
        if type(self) in passed:
            return True
        allowed = super().allow_request(request, view)
        if allowed:
            passed.add(type(self))
        return allowed


class AnonRateThrottle(_RatesFromSettings, throttling.AnonRateThrottle):
    """Per anonymous client (its address, as DRF reads it)."""


class UserRateThrottle(_RatesFromSettings, throttling.UserRateThrottle):
    """Per logged-in user (session or token); an anonymous client is counted by its address."""


class ScopedRateThrottle(_RatesFromSettings, throttling.ScopedRateThrottle):
    """Per user or client on the views that name a ``throttle_scope`` (the calculations endpoint)."""
