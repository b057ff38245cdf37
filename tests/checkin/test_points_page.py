"""Organizers manage check-in points through the HTML page: create, validation, edit, delete."""
from __future__ import annotations

from sqlalchemy import func, select

from techfest.checkin.models import CheckinPoint, PointStaff, Scan
from techfest.core.db import db
from tests.factories import make_edition, make_user

from .test_api import scan


def test_organizer_creates_edits_and_deletes_a_point(browser, world, api):
    browser.login("btc@example.vn")
    page = browser.get("/editions/hp/checkin/points").get_data(as_text=True)
    assert "Cổng A" in page and "soatve@example.vn" in page
    resp = browser.post_form("/editions/hp/checkin/points/new", {
        "code": "HALL-2", "name": "Hội trường 2 – Diễn đàn", "kind": "session", "types": ["visitor", "press"],
        "days": [world.today.isoformat()], "single_entry": "y", "capacity": "120",
        "staff": "soatve@example.vn\n"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "Hội trường 2 – Diễn đàn" in html
    point = db.session.scalar(select(CheckinPoint).where(CheckinPoint.code == "HALL-2"))
    assert (point.kind, point.types, point.days, point.capacity) == ("session", ["press", "visitor"],
                                                                      [world.today.isoformat()], 120)
    assert point.staff_emails == ["soatve@example.vn"]

    edit = browser.get("/editions/hp/checkin/points/HALL-2/edit").get_data(as_text=True)
    assert 'value="HALL-2"' in edit and "soatve@example.vn" in edit
    resp = browser.post_form("/editions/hp/checkin/points/HALL-2/edit", {
        "code": "HALL-2", "name": "Hội trường 2", "kind": "session", "capacity": "", "staff": ""})
    assert resp.status_code == 200
    db.session.expire_all()
    point = db.session.scalar(select(CheckinPoint).where(CheckinPoint.code == "HALL-2"))
    assert (point.name, point.capacity, point.types, point.single_entry) == ("Hội trường 2", None, [], False)
    assert db.session.scalar(select(func.count()).select_from(PointStaff).where(PointStaff.point_id == point.id)) == 0

    # delete: a confirmation form (POST with CSRF); the scans of the point go with it
    scan(api, world)
    browser.post_form("/editions/hp/checkin/points", {}, action="/editions/hp/checkin/points/GATE-A/delete")
    assert db.session.scalar(select(CheckinPoint).where(CheckinPoint.code == "GATE-A")) is None
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 0
    # a GET does not delete
    assert browser.get("/editions/hp/checkin/points/HALL-2/delete").status_code == 405


def test_bad_input_rerenders_with_field_errors_and_keeps_what_was_typed(browser, world):
    browser.login("btc@example.vn")
    resp = browser.post_form("/editions/hp/checkin/points/new", {
        "code": "GATE-A", "name": "Cổng trùng mã", "kind": "gate", "staff": "khong-co@example.vn"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "Cổng trùng mã" in html and "khong-co@example.vn" in html
    assert "is-invalid" in html
    resp = browser.post_form("/editions/hp/checkin/points/new", {
        "code": "cổng b!", "name": "", "kind": "gate", "capacity": "-3"})
    assert resp.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(CheckinPoint)) == 1


def test_points_page_is_for_organizers_of_this_edition_only(browser, world):
    other = make_edition(slug="dn", status="live", name="Techfest Đà Nẵng")
    make_user("dn.btc@example.vn", role="organizer", edition=other)
    browser.login("dn.btc@example.vn")
    assert browser.get("/editions/hp/checkin/points").status_code == 403
    assert browser.get("/editions/dn/checkin/points/GATE-A/edit").status_code == 404  # a point of another edition
    browser.logout()
    browser.login("soatve@example.vn")
    assert browser.get("/editions/hp/checkin/points").status_code == 403
