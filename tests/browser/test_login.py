"""A person logs in through the real page in Chromium and reaches their dashboard."""
import pytest

from tests.factories import PASSWORD, make_edition, make_user

pytestmark = pytest.mark.browser


def test_organizer_logs_in_through_the_page_and_lands_on_the_dashboard(live_server, page, tmp_path):
    edition = make_edition(slug="hp-2026", name="Techfest Hải Phòng 2026", status="live")
    make_user("organizer@example.vn", name="Nguyễn Thị Thu Hà", role="organizer", edition=edition)
    page.goto(live_server + "/")
    page.get_by_role("button", name="Open the menu").or_(page.get_by_role("button", name="Mở menu")).click()
    page.get_by_role("link", name="Đăng nhập").click()
    page.get_by_label("E-mail").fill("ORGANIZER@example.vn")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/editions/hp-2026/manage")
    assert page.get_by_role("heading", name="Techfest Hải Phòng 2026").is_visible()
    assert page.get_by_text("Chào mừng Nguyễn Thị Thu Hà.").is_visible()
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)


def test_wrong_password_keeps_the_email_and_shows_the_error(live_server, page):
    make_user("an@example.vn")
    page.goto(live_server + "/login")
    page.get_by_label("E-mail").fill("an@example.vn")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_text("E-mail hoặc mật khẩu không đúng.").is_visible()
    assert page.get_by_label("E-mail").input_value() == "an@example.vn"
