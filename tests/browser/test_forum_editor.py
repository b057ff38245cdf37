"""The forum schedule editor in Chromium: create sessions through the form, see a room conflict
appear in the grid, drag a session to another room and see the conflict disappear; then a
visitor keeps a session in "my programme" (localStorage)."""
from datetime import date, time

import pytest

from techfest.core.db import db
from techfest.forum import services
from techfest.forum.models import Session
from tests.factories import PASSWORD, make_edition, make_user
from tests.forum.factories import make_programme, make_room

pytestmark = pytest.mark.browser


def login(page, live_server, email):
    page.goto(live_server + "/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def block(page, title):
    """The grid block whose own title is ``title`` (conflict texts mention other titles too)."""
    return page.locator("article.tf-block", has=page.locator(".tf-block-title", has_text=title))


def create_session(page, live_server, title, room_name):
    page.goto(live_server + "/editions/hp/manage/forum/sessions/new?day=2026-11-25&start=10:00")
    page.locator("#title_vi").fill(title)
    page.locator("#room").select_option(label=room_name)
    page.locator("#end").fill("11:00")
    page.locator("#submit").click()
    page.wait_for_url("**/manage/forum?day=2026-11-25*")


def test_organizer_creates_sessions_sees_the_conflict_and_drags_it_away(live_server, _browser, tmp_path):
    edition = make_edition(slug="hp", name="Techfest Hải Phòng 2026", status="live", start_date=date(2026, 11, 25))
    make_user("organizer@example.vn", name="Nguyễn Thị Thu Hà", role="organizer", edition=edition)
    make_room(edition, "Hội trường A", hours=None)
    room_b = make_room(edition, "Phòng 201", hours=None)
    context = _browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        login(page, live_server, "organizer@example.vn")
        create_session(page, live_server, "Phiên 1: Khai thác thế mạnh đặc thù", "Hội trường A")
        assert block(page, "Phiên 1: Khai thác thế mạnh đặc thù").is_visible()
        assert page.locator(".tf-has-error").count() == 0

        create_session(page, live_server, "Tọa đàm Việt – Hàn", "Hội trường A")
        panel = block(page, "Tọa đàm Việt – Hàn")
        assert page.locator("article.tf-has-error").count() == 2
        assert panel.locator(".tf-conflicts li.tf-error").is_visible()
        page.screenshot(path=str(tmp_path / "conflict.png"), full_page=True)

        target = page.locator(f'.tf-cell[data-room="{room_b.id}"][data-start="10:00"]')
        with page.expect_navigation():
            panel.drag_to(target)
        page.wait_for_load_state()
        moved = block(page, "Tọa đàm Việt – Hàn")
        assert moved.is_visible()
        assert page.locator("article.tf-has-error").count() == 0
        assert page.get_by_text("Không có xung đột").or_(page.get_by_text("No conflict")).first.is_visible()
        page.screenshot(path=str(tmp_path / "moved.png"), full_page=True)
        db.session.expire_all()
        session = db.session.scalar(db.select(Session).where(Session.title_vi == "Tọa đàm Việt – Hàn"))
        assert session.room_id == room_b.id
    finally:
        context.close()


def test_move_form_works_without_drag_and_drop(live_server, page):
    edition = make_edition(slug="hp", status="live", start_date=date(2026, 11, 25))
    make_user("organizer@example.vn", role="organizer", edition=edition)
    make_room(edition, "Hội trường A", hours=None)
    make_room(edition, "Phòng 201", hours=None)
    login(page, live_server, "organizer@example.vn")
    create_session(page, live_server, "Hội thảo chuyên đề", "Hội trường A")
    workshop = block(page, "Hội thảo chuyên đề")
    workshop.get_by_role("link", name="Di chuyển").or_(workshop.get_by_role("link", name="Move")).click()
    page.locator("#room").select_option(label="Phòng 201")
    page.locator("#start").fill("14:00")
    page.locator("#submit").click()
    page.wait_for_url("**/manage/forum?day=2026-11-25*")
    db.session.expire_all()
    session = db.session.scalar(db.select(Session))
    assert session.room.name == "Phòng 201"
    assert session.starts_at == services.local_datetime(edition, date(2026, 11, 25), time(14, 0))


def test_visitor_keeps_a_session_in_my_programme(live_server, page):
    edition = make_edition(slug="hp", status="live", start_date=date(2026, 11, 25))
    organizer = make_user("organizer@example.vn", role="organizer", edition=edition)
    prog = make_programme(edition, organizer)
    page.goto(live_server + "/editions/hp/programme/mine")
    assert page.locator("#tf-myprogramme-empty").is_visible()
    page.goto(live_server + "/editions/hp/programme")
    star = page.locator(f'.tf-star[data-code="{prog["session"].code}"]')
    assert star.get_attribute("aria-pressed") == "false"
    star.click()
    assert star.get_attribute("aria-pressed") == "true"
    page.goto(live_server + "/editions/hp/programme/mine")
    assert page.locator(f'li[data-session="{prog["session"].code}"]').is_visible()
    assert page.locator("#tf-myprogramme-empty").is_hidden()
