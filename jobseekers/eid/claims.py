"""What an eID log-in proves: the INSZ from the configured claim (checked) and the names, from the ID token's claims."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from allauth.socialaccount.providers.base import ProviderException

from foundation.identifiers import validate_insz


class EidRefused(ProviderException):
    """The eID log-in is refused; ``code`` says why (jobseekers.eid.views.REFUSALS gives the message)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class EidIdentity:
    insz: str
    given_name: str
    surname: str

    def __repr__(self) -> str:  # never the INSZ in a log line or a traceback
        return f"EidIdentity(given_name={self.given_name!r}, surname={self.surname!r})"


def _merged(data: dict) -> dict:
    """The ID token's claims with the userinfo's on top (a provider may put a claim in either)."""
    merged = dict(data.get("id_token") or {})
    merged.update(data.get("userinfo") or {})
    return merged


def identity_from(data: dict, *, insz_claim: str, given_name_claim: str, surname_claim: str) -> EidIdentity:
    """Read and check the identity; raise EidRefused("insz-missing" or "insz-invalid")."""
    claims = _merged(data)
    raw = claims.get(insz_claim)
    if raw in (None, ""):
        raise EidRefused("insz-missing")
    try:
        insz = validate_insz(str(raw))
    except ValidationError:
        raise EidRefused("insz-invalid") from None
    return EidIdentity(
        insz=insz,
        given_name=str(claims.get(given_name_claim) or "")[:150],
        surname=str(claims.get(surname_claim) or "")[:150],
    )


def without_insz(data: dict, *, insz_claim: str) -> dict:
    """The claims as allauth stores them on the social account: without the INSZ (kept once, on the profile)."""
    return {
        part: ({k: v for k, v in claims.items() if k != insz_claim} if isinstance(claims, dict) else claims)
        for part, claims in data.items()
    }
