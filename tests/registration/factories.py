"""Registration factories: through the real service (capacity, access code, days)."""
from __future__ import annotations

import itertools

_seq = itertools.count(1)


def make_registration(edition, *, name: str = "Nguyễn Thị Thu Hà", email: str | None = None, type: str = "visitor",
                      days=None, organisation: str = "Sở Khoa học và Công nghệ Hải Phòng", phone: str = "",
                      source: str = "organizer"):
    from techfest.registration import services

    outcome = services.register(edition, {"name": name, "email": email or f"khach{next(_seq)}@example.vn",
                                          "type": type, "days": days, "organisation": organisation, "phone": phone},
                                source=source, notify_attendee=False)
    return outcome.registration
