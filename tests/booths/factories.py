"""Booth factories: halls, zones, booths, and exhibitors (an organisation with an accepted product
made through the submissions domain's factory)."""
from __future__ import annotations

import itertools
from decimal import Decimal

from tests.factories import make_org, make_user

_seq = itertools.count(1)


def make_hall(edition, name: str | None = None, width=60, depth=40):
    from techfest.booths.models import Hall
    from techfest.core.db import db
    from techfest.core.search import fold

    name = name or f"Nhà triển lãm {next(_seq)}"
    hall = Hall(edition_id=edition.id, name=name, name_folded=fold(name), width_m=Decimal(width), depth_m=Decimal(depth))
    db.session.add(hall)
    db.session.commit()
    return hall


def make_zone(hall, name: str | None = None, colour: str = "#8ecae6", category=None):
    from techfest.booths.models import Zone
    from techfest.core.db import db
    from techfest.core.search import fold

    name = name or f"Khu trưng bày {next(_seq)}"
    zone = Zone(edition_id=hall.edition_id, hall_id=hall.id, name=name, name_folded=fold(name), colour=colour,
                category_id=category.id if category else None)
    db.session.add(zone)
    db.session.commit()
    return zone


def make_booth(hall, code: str, x, y, w=3, h=3, *, zone=None, size: str = "standard", features=("power",),
               status: str = "available", type: str = "inline"):
    from techfest.booths.models import Booth
    from techfest.core.db import db

    booth = Booth(edition_id=hall.edition_id, hall_id=hall.id, zone_id=zone.id if zone else None, code=code,
                  x_m=Decimal(str(x)), y_m=Decimal(str(y)), w_m=Decimal(str(w)), h_m=Decimal(str(h)), type=type,
                  size=size, has_power="power" in features, has_internet="internet" in features,
                  has_water="water" in features, status=status)
    db.session.add(booth)
    db.session.commit()
    return booth


def make_row(hall, prefix: str, n: int, x=2, y=2, **kw):
    """``n`` 3 × 3 m booths side by side: prefix-01 … (each shares an edge with the next)."""
    return [make_booth(hall, f"{prefix}-{i + 1:02d}", x + 3 * i, y, **kw) for i in range(n)]


def make_exhibitor_org(edition, name: str | None = None, *, size: str = "standard", needs=("power",),
                       status: str = "accepted", category=None, country: str = "VN", with_user: bool = False,
                       title: str | None = None):
    """An organisation with one accepted (or confirmed) product asking for ``size`` and ``needs``.
    Returns the organisation (and its exhibitor user when ``with_user``)."""
    from tests.submissions.factories import make_product

    org = make_org(name or f"Công ty Công nghệ Hải Phòng {next(_seq)}", country=country)
    make_product(edition, org, status=status, category=category, title=title, booth_size=size,
                 needs_power="power" in needs, needs_internet="internet" in needs, needs_water="water" in needs)
    if with_user:
        user = make_user(f"exhibitor{next(_seq)}@example.vn", name="Trần Văn Đức", role="exhibitor", edition=edition,
                         org=org)
        return org, user
    return org


def make_organizer(edition, email: str | None = None):
    return make_user(email or f"organizer{next(_seq)}@example.vn", name="Nguyễn Thị Thu Hà", role="organizer",
                     edition=edition)
