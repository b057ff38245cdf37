"""Check-in factories: points through the real service."""
from __future__ import annotations


def make_point(edition, code="GATE-A", *, name="Cổng A", kind="gate", staff=(), actor=None, **kw):
    from techfest.checkin import services
    from techfest.core.db import db
    from techfest.accounts.models import User
    from sqlalchemy import select

    actor = actor or db.session.scalar(select(User).limit(1))
    return services.create_point(actor, edition, {"code": code, "name": name, "kind": kind,
                                                  "staff": [u.email for u in staff], **kw})


def token_for(reg) -> str:
    from techfest.registration import services

    return services.badge_token(reg)
