"""Shared by the registration services: status shorthands, field limits, and other domains'
services modules when they are part of the app."""
from __future__ import annotations

from .. import csvio
from ..models import RegistrationStatus

ACTIVE, CANCELLED, WAITLISTED = RegistrationStatus.ACTIVE, RegistrationStatus.CANCELLED, RegistrationStatus.WAITLISTED
MAX_LENGTHS = csvio.MAX_LENGTHS


def domain_services(name: str):
    """Another domain's services module, if that domain is part of the app (else None).

    Other issues build those domains: registration uses them when present and degrades
    gracefully when not (no import of a domain whose tables the app did not create)."""
    from importlib import import_module

    from techfest import DOMAINS

    if name not in DOMAINS:
        return None
    try:
        return import_module(f"techfest.{name}.services")
    except ImportError:
        return None

