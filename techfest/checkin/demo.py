"""Demo check-in: two gates and one point per forum room of the live edition, and the last
three hours' arrivals of some demo registrations (a few exits, some forum rooms).
Idempotent (points by code, scans by nonce)."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo


def load(editions: dict) -> None:
    from sqlalchemy import select

    from techfest.accounts.services import get_user_by_email
    from techfest.core.db import db

    from . import services
    from .models import CheckinPoint, Scan

    edition = editions.get("current")
    if edition is None:
        return
    organizer = get_user_by_email("organizer@techfest.example")
    staff = get_user_by_email("checkin@techfest.example")
    if organizer is None:
        return
    staff_emails = [staff.email] if staff is not None else []
    year = edition.year
    wanted = [
        {"code": f"HP{year % 100}-CONG-1", "name": "Cổng 1 – Đường Lê Hồng Phong", "kind": "gate",
         "single_entry": True, "exits": True, "staff": staff_emails},
        {"code": f"HP{year % 100}-CONG-2", "name": "Cổng 2 – Bãi đỗ xe", "kind": "gate",
         "single_entry": True, "exits": False, "staff": staff_emails},
    ]
    try:
        from techfest.forum.models import Room

        rooms = list(db.session.scalars(select(Room).where(Room.edition_id == edition.id).order_by(Room.position)))
    except Exception:  # noqa: BLE001 - the forum domain may be absent
        rooms = []
    for i, room in enumerate(rooms[:4], start=1):
        wanted.append({"code": f"HP{year % 100}-PHONG-{i}", "name": room.name, "kind": "session",
                       "single_entry": True, "exits": False, "capacity": room.capacity, "room_id": room.id,
                       "staff": staff_emails})
    for data in wanted:
        if db.session.scalar(select(CheckinPoint.id).where(CheckinPoint.code == data["code"])) is None:
            services.create_point(organizer, edition, data)

    from techfest.core.db import utcnow
    from techfest.registration.models import Registration, RegistrationStatus

    regs = list(db.session.scalars(select(Registration).where(
        Registration.edition_id == edition.id, Registration.status == RegistrationStatus.ACTIVE)
        .order_by(Registration.id).limit(120)))
    # Arrivals over the last three hours of today (the fair's first day), never in the future and
    # never before midnight: a morning rush that thins out, so the dashboard's chart has a shape.
    tz = ZoneInfo(edition.timezone or "Asia/Ho_Chi_Minh")
    now = utcnow().astimezone(tz)
    window_start = max(now - timedelta(hours=3), datetime.combine(now.date(), time(0, 1), tz))
    span = (now - window_start).total_seconds()
    if not (edition.start_date <= now.date() <= edition.end_date) or span < 60:
        return
    rooms_points = [w["code"] for w in wanted[2:]]
    for n, reg in enumerate(regs):
        share = (n / max(len(regs), 1)) ** 1.6  # more arrivals early in the window
        arrived = window_start + timedelta(seconds=span * share * 0.9)
        gate = wanted[n % 2]["code"]
        _scan(services, organizer, reg, gate, f"demo-{edition.id}-{reg.id}-gate", arrived)
        if rooms_points and n % 3 == 0:
            room = rooms_points[(n // 3) % len(rooms_points)]
            _scan(services, organizer, reg, room, f"demo-{edition.id}-{reg.id}-room",
                  arrived + timedelta(seconds=span * 0.05))
        if n % 7 == 0 and wanted[n % 2].get("exits"):  # some leave again through gate 1
            _scan(services, organizer, reg, gate, f"demo-{edition.id}-{reg.id}-out",
                  arrived + timedelta(seconds=span * 0.08), direction="out")


def _scan(services, organizer, reg, point, nonce, at, direction="in") -> None:
    from sqlalchemy import select

    from techfest.core.db import db

    from .models import Scan

    if db.session.scalar(select(Scan.id).where(Scan.nonce == nonce)) is None:
        services.check_in(organizer, {"registration_id": reg.id, "point": point, "nonce": nonce,
                                      "scanned_at": at, "direction": direction}, offline=False)
