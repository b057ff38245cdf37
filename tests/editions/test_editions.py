"""Editions as organizers and visitors use them: pages, forms, workflow, visibility."""
from datetime import date

from techfest.core.db import db
from techfest.editions.models import Edition
from tests.factories import make_edition, make_user


def _organizer(edition, email="org@example.vn"):
    return make_user(email, name="Nguyễn Thị Thu Hà", role="organizer", edition=edition)


def test_home_shows_the_live_edition_first_and_past_editions_below(client):
    make_edition(name="Techfest Hải Phòng 2022", slug="hp-2022", year=2022, status="archived")
    make_edition(name="Techfest Hải Phòng 2026", slug="hp-2026", year=2026, status="live")
    make_edition(name="Techfest Bí mật", slug="secret", year=2027, status="draft")
    html = client.get("/").get_data(as_text=True)
    assert html.index("Techfest Hải Phòng 2026") < html.index("Techfest Hải Phòng 2022")
    assert "Techfest Bí mật" not in html


def test_home_with_no_edition_has_an_empty_state(client):
    assert client.get("/").status_code == 200


def test_draft_edition_is_hidden_from_the_public_but_shown_to_its_organizers(browser):
    draft = make_edition(name="Techfest nháp", slug="nhap", status="draft")
    assert browser.get("/editions/nhap").status_code == 404
    _organizer(draft)
    browser.login("org@example.vn")
    assert browser.get("/editions/nhap").status_code == 200


def test_organizer_creates_an_edition_through_the_form(browser):
    current = make_edition(slug="hp-2026", status="live")
    _organizer(current)
    browser.login("org@example.vn")
    resp = browser.post_form("/manage/editions/new", {
        "name": "Techfest Hải Phòng 2027", "slug": "hai-phong-2027", "year": "2027", "city": "Hải Phòng",
        "venue": "Nhà Triển lãm", "start_date": "2027-11-20", "end_date": "2027-11-22",
        "timezone": "Asia/Ho_Chi_Minh", "submission_deadline": "2027-10-31T23:59", "description": "Lần thứ tám",
    })
    assert resp.status_code == 200
    assert "Techfest Hải Phòng 2027" in resp.get_data(as_text=True)
    edition = db.session.scalar(db.select(Edition).where(Edition.slug == "hai-phong-2027"))
    assert edition.status == "draft"
    # 23:59 in Hải Phòng (UTC+7) is 16:59 UTC
    assert edition.submission_deadline.isoformat() == "2027-10-31T16:59:00+00:00"


def test_invalid_edition_form_keeps_what_was_typed_and_names_the_fields(browser):
    current = make_edition(slug="hp-2026", status="live")
    _organizer(current)
    browser.login("org@example.vn")
    page = browser.get("/manage/editions/new")
    from tests.conftest import csrf_from

    resp = browser.client.post("/manage/editions/new", data={
        "csrf_token": csrf_from(page.get_data(as_text=True)), "name": "Techfest Hải Phòng 2027",
        "slug": "Không hợp lệ", "year": "2027", "city": "", "start_date": "2027-11-22", "end_date": "2027-11-20",
        "timezone": "Asia/Ho_Chi_Minh"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert 'value="Techfest Hải Phòng 2027"' in html
    assert 'value="Không hợp lệ"' in html
    assert html.count("invalid-feedback") >= 3  # slug, city, end date
    assert db.session.scalar(db.select(db.func.count()).select_from(Edition)) == 1


def test_duplicate_slug_is_reported_on_the_field(browser):
    current = make_edition(slug="hp-2026", status="live")
    _organizer(current)
    browser.login("org@example.vn")
    resp = browser.post_form("/manage/editions/new", {
        "name": "Khác", "slug": "hp-2026", "year": "2027", "city": "Hải Phòng",
        "start_date": "2027-11-20", "end_date": "2027-11-22", "timezone": "Asia/Ho_Chi_Minh"})
    assert resp.status_code == 422
    assert "invalid-feedback" in resp.get_data(as_text=True)


def test_organizer_moves_the_edition_through_the_workflow_from_the_dashboard(browser):
    edition = make_edition(slug="hp", status="draft")
    _organizer(edition)
    browser.login("org@example.vn")
    for target in ("open", "closed", "live", "archived"):
        resp = browser.post_form("/editions/hp/manage", {"to": target}, action="/editions/hp/manage/transition")
        assert resp.status_code == 200
        db.session.refresh(edition)
        assert edition.status == target


def test_refused_transition_shows_a_message_and_changes_nothing(browser):
    edition = make_edition(slug="hp", status="draft")
    _organizer(edition)
    browser.login("org@example.vn")
    resp = browser.post_form("/editions/hp/manage", {"to": "live"}, action="/editions/hp/manage/transition")
    assert "alert-danger" in resp.get_data(as_text=True)
    db.session.refresh(edition)
    assert edition.status == "draft"


def test_organizer_edits_an_edition(browser):
    edition = make_edition(slug="hp", status="open")
    _organizer(edition)
    browser.login("org@example.vn")
    resp = browser.post_form("/editions/hp/manage/edit", {
        "name": "Techfest Hải Phòng 2026 (sửa)", "slug": "hp", "year": "2026", "city": "Hải Phòng", "venue": "",
        "start_date": "2026-11-25", "end_date": "2026-11-27", "timezone": "Asia/Ho_Chi_Minh", "description": ""})
    assert "Techfest Hải Phòng 2026 (sửa)" in resp.get_data(as_text=True)
    db.session.refresh(edition)
    assert edition.name_folded == "techfest hai phong 2026 (sua)"


def test_organizer_grants_and_removes_a_judge_role(browser):
    edition = make_edition(slug="hp", status="open")
    _organizer(edition)
    judge = make_user("judge@example.vn", name="Lê Minh Đức")
    browser.login("org@example.vn")
    resp = browser.post_form("/editions/hp/manage/people", {"email": "JUDGE@example.vn", "role": "judge"})
    assert "Lê Minh Đức" in resp.get_data(as_text=True)
    from techfest.accounts.services import roles_for_user

    assert roles_for_user(judge, edition) == {"judge"}
    browser.post_form("/editions/hp/manage/people", {}, action=f"/editions/hp/manage/people/{judge.id}/judge/remove")
    assert roles_for_user(judge, edition) == set()


def test_create_edition_service_copies_organizers_from_the_previous_edition(app):
    from techfest.accounts.services import roles_for_user
    from techfest.editions.services import create_edition

    old = make_edition(slug="hp-2025", year=2025, status="archived")
    colleague = _organizer(old, "colleague@example.vn")
    creator = make_user("creator@example.vn", is_admin=True)
    new = create_edition(creator, {"name": "Techfest 2026", "slug": "hp-2026", "year": 2026, "city": "Hải Phòng",
                                   "start_date": date(2026, 11, 25), "end_date": date(2026, 11, 27)})
    assert roles_for_user(colleague, new) == {"organizer"}
    assert roles_for_user(creator, new) == {"organizer"}
