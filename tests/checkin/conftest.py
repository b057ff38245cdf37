from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest


@pytest.fixture
def world(app):
    """A live edition running today, an organizer, a staff member at gate A, a visitor."""
    from techfest.core.db import utcnow
    from tests.factories import make_edition, make_token, make_user
    from tests.registration.factories import make_registration

    from .factories import make_point, token_for

    today = utcnow().astimezone(timezone(timedelta(hours=7))).date()
    edition = make_edition(slug="hp", status="live", start_date=today - timedelta(days=1),
                           end_date=today + timedelta(days=1))
    organizer = make_user("btc@example.vn", name="Ban Tổ Chức", role="organizer", edition=edition)
    staff = make_user("soatve@example.vn", name="Phạm Văn Soát", role="checkin", edition=edition)
    gate = make_point(edition, "GATE-A", name="Cổng A", staff=[staff], actor=organizer)
    visitor = make_registration(edition, name="Nguyễn Thị Thu Hà", email="thuha@example.vn")

    class W:
        pass

    w = W()
    w.edition, w.organizer, w.staff, w.gate, w.visitor, w.today = edition, organizer, staff, gate, visitor, today
    w.org_token, w.staff_token = make_token(organizer), make_token(staff)
    w.token = token_for(visitor)
    return w
