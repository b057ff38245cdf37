"""Demo check-in: two gates and one point per forum room of the live edition, and the first
morning's check-ins of some demo registrations. Idempotent (points by code, scans by nonce)."""
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

    from techfest.registration.models import Registration, RegistrationStatus

    regs = list(db.session.scalars(select(Registration).where(
        Registration.edition_id == edition.id, Registration.status == RegistrationStatus.ACTIVE)
        .order_by(Registration.id).limit(30)))
    tz = ZoneInfo(edition.timezone or "Asia/Ho_Chi_Minh")
    opening = datetime.combine(edition.start_date, time(8, 0), tz)
    for n, reg in enumerate(regs):
        gate = wanted[n % 2]["code"]
        nonce = f"demo-{edition.id}-{reg.id}-gate"
        if db.session.scalar(select(Scan.id).where(Scan.nonce == nonce)) is None:
            services.check_in(organizer, {"registration_id": reg.id, "point": gate, "nonce": nonce,
                                          "scanned_at": opening + timedelta(minutes=4 * n)}, offline=False)
        if len(wanted) > 2 and n % 3 == 0:
            nonce = f"demo-{edition.id}-{reg.id}-room"
            if db.session.scalar(select(Scan.id).where(Scan.nonce == nonce)) is None:
                services.check_in(organizer, {"registration_id": reg.id, "point": wanted[2]["code"], "nonce": nonce,
                                              "scanned_at": opening + timedelta(hours=1, minutes=n)}, offline=False)
