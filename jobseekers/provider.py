"""Registers the eID provider with django-allauth (its registry imports ``<app>.provider`` of every installed app)."""

from jobseekers.eid.provider import provider_classes

__all__ = ["provider_classes"]
