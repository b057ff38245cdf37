"""A registration's check-in data for privacy.services, which orchestrates export and erasure."""
from __future__ import annotations

from sqlalchemy import select

from techfest.core.db import db
from techfest.privacy.erasure import scrub

from ..models import Checkin, CheckinPoint, Scan


def checkins_of(reg) -> list[tuple[Checkin, str]]:
    """The registration's check-ins with their point's name, in time order."""
    return list(db.session.execute(
        select(Checkin, CheckinPoint.name).join(CheckinPoint, CheckinPoint.id == Checkin.point_id)
        .where(Checkin.registration_id == reg.id).order_by(Checkin.checked_at)).all())


def anonymise_scans_of(reg, personal: set[str]) -> None:
    """Replace the ``personal`` values (the registration's name, e-mail...) in the answers its
    scans stored. Scans and check-ins stay, so counts are unchanged. No commit: part of the
    caller's erasure transaction."""
    for scan in db.session.scalars(select(Scan).where(Scan.registration_id == reg.id)):
        scan.response = scrub(scan.response or {}, personal)
