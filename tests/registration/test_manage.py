"""Organizer pages: list, search, filters, edit, cancel, re-issue, admit, import, export, settings."""
from __future__ import annotations

import io

from sqlalchemy import func, select

from techfest.core.db import db
from techfest.registration import services
from techfest.registration.models import Registration
from tests.factories import make_user
from tests.registration.factories import make_registration


def _login(browser, edition):
    make_user("btc@example.vn", role="organizer", edition=edition, name="Phạm Thu Trang")
    browser.login("btc@example.vn")


def test_search_ignores_accents_and_case_and_filters_combine(browser, live_edition):
    days = services.edition_days(live_edition)
    make_registration(live_edition, name="Đặng Văn Đức", organisation="Cảng Hải Phòng", days=[days[0]])
    make_registration(live_edition, name="Nguyễn Thị Thu Hà", type="press", days=[days[1]])
    make_registration(live_edition, name="김민준", organisation="Busan", type="speaker")
    _login(browser, live_edition)
    html = browser.get("/editions/hp/manage/registrations?q=dang+van+duc").get_data(as_text=True)
    assert "Đặng Văn Đức" in html and "Nguyễn Thị Thu Hà" not in html
    html = browser.get("/editions/hp/manage/registrations?q=CANG HAI PHONG").get_data(as_text=True)
    assert "Đặng Văn Đức" in html
    html = browser.get("/editions/hp/manage/registrations?q=김민준").get_data(as_text=True)
    assert "Busan" in html and "Đặng Văn Đức" not in html
    html = browser.get(f"/editions/hp/manage/registrations?type=press&day={days[1].isoformat()}").get_data(as_text=True)
    assert "Nguyễn Thị Thu Hà" in html and "Đặng Văn Đức" not in html and "김민준" not in html


def test_the_list_runs_the_same_number_of_queries_for_3_or_30_rows(browser, live_edition, count_queries):
    _login(browser, live_edition)
    for i in range(3):
        make_registration(live_edition, name=f"Khách {i}")
    browser.get("/editions/hp/manage/registrations")
    with count_queries() as few:
        browser.get("/editions/hp/manage/registrations")
    for i in range(27):
        make_registration(live_edition, name=f"Khách thêm {i}")
    with count_queries() as many:
        browser.get("/editions/hp/manage/registrations")
    assert many() == few()


def test_an_organizer_adds_then_edits_a_registration(browser, live_edition):
    _login(browser, live_edition)
    days = [d.isoformat() for d in services.edition_days(live_edition)]
    resp = browser.post_form("/editions/hp/manage/registrations/new", {
        "name": "Lê Minh Đức", "email": "duc@example.vn", "type": "vip", "days": days, "organisation": "UBND", "notify": ""})
    assert "Lê Minh Đức" in resp.get_data(as_text=True)
    reg = db.session.scalar(select(Registration))
    assert reg.type == "vip" and reg.source == "organizer"
    url = f"/editions/hp/manage/registrations/{reg.id}"
    resp = browser.post_form(url, {"name": "Lê Minh Đức", "email": "duc.le@example.vn", "type": "speaker",
                                   "days": days[:1], "organisation": "UBND", "phone": ""})
    assert resp.status_code == 200
    db.session.refresh(reg)
    assert (reg.email, reg.type, len(reg.day_list)) == ("duc.le@example.vn", "speaker", 1)


def test_editing_to_an_email_already_used_shows_the_error_and_keeps_the_input(browser, live_edition):
    make_registration(live_edition, email="taken@example.vn")
    reg = make_registration(live_edition, email="mine@example.vn", name="Trần Văn Bình")
    _login(browser, live_edition)
    resp = browser.post_form(f"/editions/hp/manage/registrations/{reg.id}", {
        "name": "Trần Văn Bình (đổi)", "email": "taken@example.vn", "type": "visitor",
        "days": [services.edition_days(live_edition)[0].isoformat()]})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "already registered" in html and "Trần Văn Bình (đổi)" in html
    db.session.refresh(reg)
    assert reg.email == "mine@example.vn"


def test_cancel_reissue_and_admit_from_the_list(browser, live_edition):
    services.update_settings(None, live_edition, {"capacity": 1})
    first = make_registration(live_edition, name="Người thứ nhất")
    waiting = make_registration(live_edition, name="Người chờ")
    assert waiting.status == "waitlisted"
    _login(browser, live_edition)
    old = services.badge_token(first)
    resp = browser.post_form("/editions/hp/manage/registrations", {}, action=f"/editions/hp/manage/registrations/{first.id}/reissue")
    assert "new badge" in resp.get_data(as_text=True)
    db.session.refresh(first)
    assert first.badge_version == 2 and services.verify_badge(old).status == "revoked"
    browser.post_form("/editions/hp/manage/registrations", {}, action=f"/editions/hp/manage/registrations/{waiting.id}/admit")
    db.session.refresh(waiting)
    assert waiting.status == "active"  # over capacity, on the organizer's decision
    resp = browser.post_form("/editions/hp/manage/registrations", {}, action=f"/editions/hp/manage/registrations/{first.id}/cancel")
    db.session.refresh(first)
    assert first.status == "cancelled" and "cancelled" in resp.get_data(as_text=True)
    resp = browser.post_form("/editions/hp/manage/registrations", {}, action=f"/editions/hp/manage/registrations/{first.id}/reissue")
    assert "only a confirmed registration" in resp.get_data(as_text=True)


def _csv(rows: str) -> dict:
    return {"file": (io.BytesIO(rows.encode("utf-8-sig")), "attendees.csv")}


def _import(browser, body: str, notify: str = ""):
    page = browser.get("/editions/hp/manage/registrations/import").get_data(as_text=True)
    from tests.conftest import csrf_from

    return browser.client.post("/editions/hp/manage/registrations/import",
                               data={"csrf_token": csrf_from(page), "notify": notify, **_csv(body)},
                               content_type="multipart/form-data", follow_redirects=True)


def test_csv_import_creates_and_updates_every_row(browser, live_edition, outbox):
    make_registration(live_edition, email="known@example.vn", name="Tên cũ")
    _login(browser, live_edition)
    resp = _import(browser, "Họ và tên,Email,Loại,Ngày\n"
                            "Nguyễn Văn An,an@example.vn,Khách tham quan,1\n"
                            "김민준,kim@example.kr,Diễn giả,\n"
                            "Tên mới,KNOWN@example.vn,,2\n", notify="y")
    assert resp.status_code == 200
    assert "2 registrations created and 1 updated" in resp.get_data(as_text=True)
    kim = db.session.scalar(select(Registration).where(Registration.email == "kim@example.kr"))
    assert kim.type == "speaker" and len(kim.day_list) == 3 and kim.source == "import"
    known = db.session.scalar(select(Registration).where(Registration.email == "known@example.vn"))
    assert known.name == "Tên mới"
    assert {m["To"] for m in outbox} == {"an@example.vn", "kim@example.kr"}


def test_csv_import_with_a_bad_row_imports_nothing_and_lists_the_problems(browser, live_edition):
    _login(browser, live_edition)
    resp = _import(browser, "name,email,days\nNguyễn Văn An,an@example.vn,1\nLê Thị Bình,khong-phai-email,1\n"
                            "Trần C,c@example.vn,2027-01-01\n")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "Nothing was imported" in html
    assert "khong-phai-email" in html and "2027-01-01" in html
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 0


def test_csv_import_refuses_a_binary_file(browser, live_edition):
    _login(browser, live_edition)
    page = browser.get("/editions/hp/manage/registrations/import").get_data(as_text=True)
    from tests.conftest import csrf_from

    resp = browser.client.post("/editions/hp/manage/registrations/import", content_type="multipart/form-data",
                               data={"csrf_token": csrf_from(page), "file": (io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00"), "x.csv")})
    assert resp.status_code == 422 and "not a CSV text file" in resp.get_data(as_text=True)


def test_exports_follow_the_filters(browser, live_edition):
    make_registration(live_edition, name="Nguyễn Thị Thu Hà", email="ha@example.vn", type="press", phone="+84 912 345 678")
    make_registration(live_edition, name="김민준", email="kim@example.kr", type="speaker")
    _login(browser, live_edition)
    text = browser.get("/editions/hp/manage/registrations/export.csv?type=press").data.decode("utf-8-sig")
    assert "Nguyễn Thị Thu Hà" in text and "'+84 912 345 678" in text and "김민준" not in text
    from openpyxl import load_workbook

    data = browser.get("/editions/hp/manage/registrations/export.xlsx").data
    rows = list(load_workbook(io.BytesIO(data)).active.values)
    assert len(rows) == 3 and {"Nguyễn Thị Thu Hà", "김민준"} <= {r[1] for r in rows}


def test_settings_set_capacity_per_day_and_quotas(browser, live_edition):
    _login(browser, live_edition)
    day = services.edition_days(live_edition)[1]
    resp = browser.post_form("/editions/hp/manage/registrations/settings", {
        "is_open": "y", "capacity": "500", f"day_{day:%Y%m%d}": "120", "staff_quota_standard": "4",
        "staff_quota_double": "6", "staff_quota_island": "10", "sponsors": "Cảng Hải Phòng | Vàng"})
    assert resp.status_code == 200
    settings = services.settings_for(live_edition)
    db.session.refresh(settings)
    assert (settings.capacity, settings.day_limit(day), settings.staff_quota_standard) == (500, 120, 4)
    resp = browser.post_form("/editions/hp/manage/registrations/settings", {"capacity": "-3"})
    assert resp.status_code == 422
