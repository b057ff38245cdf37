"""Exhibitors register their booth staff within the quota of their booth size, and never see
another organisation's registrations (pages and API)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from techfest.core.db import db
from techfest.core.errors import Conflict
from techfest.registration import services
from techfest.registration.models import Registration
from tests.factories import make_org, make_token, make_user
from tests.registration.factories import make_registration


@pytest.fixture
def exhibitors(live_edition):
    mine = make_org("Công ty CP Điện tử Hải Phòng")
    theirs = make_org("Công ty TNHH Robot Đông Hải")
    me = make_user("me@dientu.example.vn", role="exhibitor", edition=live_edition, org=mine, name="Trần Văn Đức")
    them = make_user("boss@robot.example.vn", role="exhibitor", edition=live_edition, org=theirs)
    return me, them


def _add(browser, name, email):
    days = [d.isoformat() for d in services.edition_days(live_edition_of(browser))]
    return browser.post_form("/editions/hp/booth-staff", {"name": name, "email": email, "days": days})


def live_edition_of(browser):
    from techfest.editions.services import get_edition_or_404

    return get_edition_or_404("hp")


def test_an_exhibitor_registers_staff_up_to_the_standard_quota(browser, live_edition, exhibitors, outbox):
    browser.login("me@dientu.example.vn")
    for i in range(3):
        resp = _add(browser, f"Nhân viên {i}", f"nv{i}@dientu.example.vn")
        assert f"Nhân viên {i}" in resp.get_data(as_text=True)
    staff = services.booth_staff(live_edition, exhibitors[0].organisation)
    assert [r.type for r in staff] == ["exhibitor_staff"] * 3
    assert all(r.organisation == "Công ty CP Điện tử Hải Phòng" for r in staff)
    assert len(outbox) == 3
    resp = _add(browser, "Người thứ tư", "nv4@dientu.example.vn")
    assert "quota is reached" in resp.get_data(as_text=True) or "Remove someone" in resp.get_data(as_text=True)
    assert len(services.booth_staff(live_edition, exhibitors[0].organisation)) == 3


def test_the_quota_follows_the_booth_size_and_the_editions_table(live_edition, exhibitors):
    from tests.submissions.factories import make_product

    me, them = exhibitors
    make_product(live_edition, me.organisation, status="accepted", booth_size="double")
    assert services.booth_staff_quota(live_edition, me.organisation) == ("double", 5)
    assert services.booth_staff_quota(live_edition, them.organisation) == ("standard", 3)
    services.update_settings(None, live_edition, {"staff_quota_double": 2})
    for i in range(2):
        services.register_booth_staff(me, live_edition, me.organisation, {"name": f"NV {i}", "email": f"{i}@d.vn"},
                                      notify_attendee=False)
    with pytest.raises(Conflict):
        services.register_booth_staff(me, live_edition, me.organisation, {"name": "NV 3", "email": "3@d.vn"})


def test_staff_of_another_exhibitor_cannot_be_taken_over(live_edition, exhibitors):
    me, them = exhibitors
    services.register_booth_staff(them, live_edition, them.organisation, {"name": "Lê Thị Hoa", "email": "hoa@robot.vn"},
                                  notify_attendee=False)
    with pytest.raises(Conflict):
        services.register_booth_staff(me, live_edition, me.organisation, {"name": "Lê Thị Hoa", "email": "hoa@robot.vn"})
    vip = make_registration(live_edition, type="vip", email="vip@example.vn")
    with pytest.raises(Conflict):
        services.register_booth_staff(me, live_edition, me.organisation, {"name": "Khách", "email": vip.email})


def test_an_exhibitor_sees_and_touches_only_their_own_staff(browser, api, live_edition, exhibitors):
    me, them = exhibitors
    theirs = services.register_booth_staff(them, live_edition, them.organisation,
                                           {"name": "Phạm Bí Mật", "email": "secret@robot.vn"}, notify_attendee=False)
    visitor = make_registration(live_edition, name="Khách Riêng Tư")
    browser.login("me@dientu.example.vn")
    html = browser.get("/editions/hp/booth-staff").get_data(as_text=True)
    assert "Phạm Bí Mật" not in html and "Khách Riêng Tư" not in html
    assert browser.get(f"/editions/hp/booth-staff/{theirs.id}/badge.pdf").status_code == 404
    assert browser.get(f"/editions/hp/booth-staff/{visitor.id}/badge.pdf").status_code == 404
    browser.post_form("/editions/hp/booth-staff", {}, action=f"/editions/hp/booth-staff/{theirs.id}/cancel")
    db.session.refresh(theirs)
    assert theirs.status == "active"
    assert browser.get("/editions/hp/manage/registrations").status_code == 403
    assert browser.get(f"/editions/hp/manage/registrations/{theirs.id}/badge.pdf").status_code == 403
    token = make_token(me)
    assert api.get("/api/v1/editions/hp/registrations", token=token).status_code == 403
    assert api.get(f"/api/v1/registrations/{theirs.id}", token=token).status_code == 403
    assert api.get(f"/api/v1/registrations/{theirs.id}/badge.pdf", token=token).status_code == 403


def test_an_exhibitor_removes_a_staff_member_and_the_badge_stops_working(browser, live_edition, exhibitors):
    me, _ = exhibitors
    reg = services.register_booth_staff(me, live_edition, me.organisation, {"name": "Đỗ Hải", "email": "hai@d.vn"},
                                        notify_attendee=False)
    token = services.badge_token(reg)
    browser.login("me@dientu.example.vn")
    assert browser.get(f"/editions/hp/booth-staff/{reg.id}/badge.pdf").mimetype == "application/pdf"
    browser.post_form("/editions/hp/booth-staff", {}, action=f"/editions/hp/booth-staff/{reg.id}/cancel")
    assert db.session.scalar(select(Registration.status).where(Registration.id == reg.id)) == "cancelled"
    assert services.verify_badge(token).status == "revoked"


def test_an_exhibitor_without_organisation_is_told_why(browser, live_edition):
    make_user("lone@example.vn", role="exhibitor", edition=live_edition)
    browser.login("lone@example.vn")
    assert "not linked to an organisation" in browser.get("/editions/hp/booth-staff").get_data(as_text=True)
