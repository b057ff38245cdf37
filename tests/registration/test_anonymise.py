"""Anonymising a registration (the privacy erasure's registration step): the person is gone, the
row and everything the reports count stay, and nothing is committed on its own."""
from __future__ import annotations

from datetime import timedelta

import pytest

from techfest.core.db import db
from techfest.core.errors import NotFound
from techfest.registration import services
from tests.registration.factories import make_registration


def test_anonymising_keeps_the_row_and_the_counts_and_removes_name_email_phone(live_edition):
    day2 = live_edition.start_date + timedelta(days=1)
    reg = make_registration(live_edition, name="Lê Minh Đức", email="le.minh.duc@example.vn", phone="0912 345 678",
                            organisation="Trường ĐH Hàng hải", type="press", days=[day2])
    other = make_registration(live_edition, name="Phạm Thị Lan", email="lan@example.vn")
    token, code = services.badge_token(reg), reg.access_code
    counts, capacity = services.counts_by_status(live_edition), services.capacity_summary(live_edition)

    removed = services.anonymise_registration(reg)
    db.session.commit()

    assert removed == {"Lê Minh Đức", "le.minh.duc@example.vn", "0912 345 678", "Trường ĐH Hàng hải"}
    assert (reg.name, reg.phone, reg.organisation) == ("Đã xoá", "", "")
    assert reg.email == f"erased-{reg.id}@invalid.example"
    assert services.is_anonymised(reg) and not services.is_anonymised(other)
    # What the reports count is kept: type, status, days, the counts per status and per day.
    assert (str(reg.type), str(reg.status), reg.day_list) == ("press", "active", [day2])
    assert services.counts_by_status(live_edition) == counts
    assert services.capacity_summary(live_edition) == capacity
    # The printed badge answers "revoked", the badge page link is dead, nobody finds the person.
    assert services.verify_badge(token, live_edition).status == "revoked"
    with pytest.raises(NotFound):
        services.get_by_access_code(code)
    assert services.registrations_of_email("le.minh.duc@example.vn") == []
    assert services.matching_registrations(live_edition, "Đức", 10) == []
    assert services.matching_registrations(live_edition, "lan", 10) == [other]
    assert services.identifiable_registrations(live_edition) == [other]


def test_anonymising_twice_changes_nothing_and_it_does_not_commit(live_edition):
    reg = make_registration(live_edition, name="Kim Min-jun 김민준", email="Minjun.Kim@example.kr")
    assert services.registrations_of_email("MINJUN.KIM@example.kr") == [reg]

    services.anonymise_registration(reg)
    db.session.rollback()   # the caller's transaction failed: nothing was written
    assert reg.name == "Kim Min-jun 김민준" and not services.is_anonymised(reg)

    services.anonymise_registration(reg)
    db.session.commit()
    version, code = reg.badge_version, reg.access_code
    assert services.anonymise_registration(reg) == set()
    assert (reg.badge_version, reg.access_code) == (version, code)
