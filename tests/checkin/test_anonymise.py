"""Check-in's part of a privacy erasure: the answers stored with the scans lose the person's
name, the scans and check-ins stay, so the live counts do not move."""
from __future__ import annotations

from techfest.checkin import services
from techfest.core.db import db
from tests.registration.factories import make_registration

from .factories import token_for


def test_anonymising_scans_scrubs_the_stored_answers_and_keeps_every_count(world):
    other = make_registration(world.edition, name="Trần Văn Bình", email="binh@example.vn")
    for i, reg in enumerate((world.visitor, other)):
        answer = services.check_in(world.staff, {"token": token_for(reg), "point": "GATE-A", "nonce": f"a-{i}"})
        assert answer["status"] == "ok", answer
    [(checkin, point_name)] = services.checkins_of(world.visitor)
    assert point_name == "Cổng A" and checkin.registration_id == world.visitor.id
    stats = services.stats(world.edition)

    services.anonymise_scans_of(world.visitor, {"Nguyễn Thị Thu Hà", "thuha@example.vn"})
    db.session.commit()

    scans = {s.registration_id: s for s in services.last_scans(world.edition)}
    assert scans[world.visitor.id].response["registration"]["name"] == "Đã xoá"
    assert scans[world.visitor.id].response["status"] == "ok"
    assert scans[other.id].response["registration"]["name"] == "Trần Văn Bình"  # someone else's: untouched
    assert services.stats(world.edition) == stats
    assert len(services.checkins_of(world.visitor)) == 1
