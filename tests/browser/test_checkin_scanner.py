"""The scanner page in Chromium: a keyboard-wedge scanner types the badge token and Enter; the
screen turns green with the attendee's name, then orange on a second scan of the same badge."""
from datetime import timedelta, timezone

import pytest

from tests.factories import PASSWORD, make_edition, make_user
from tests.registration.factories import make_registration

pytestmark = pytest.mark.browser


def test_wedge_scan_green_then_orange(live_server, page):
    from techfest.core.db import utcnow
    from tests.checkin.factories import make_point, token_for

    today = utcnow().astimezone(timezone(timedelta(hours=7))).date()
    edition = make_edition(slug="hp", status="live", start_date=today, end_date=today + timedelta(days=1))
    organizer = make_user("btc@example.vn", role="organizer", edition=edition)
    staff = make_user("soatve@example.vn", name="Phạm Văn Soát", role="checkin", edition=edition)
    make_point(edition, "GATE-A", name="Cổng A", staff=[staff], actor=organizer)
    token = token_for(make_registration(edition, name="Nguyễn Thị Thu Hà", email="thuha@example.vn"))

    page.goto(live_server + "/login")
    page.get_by_label("E-mail").fill("soatve@example.vn")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    page.goto(live_server + "/checkin")
    page.get_by_role("link", name="Cổng A").click()
    wedge = page.locator("#checkin-wedge")
    wedge.fill(token)
    wedge.press("Enter")
    result = page.locator("#checkin-result")
    result.wait_for(state="visible")
    assert "is-green" in result.get_attribute("class")
    assert page.locator("#checkin-result-name").inner_text() == "Nguyễn Thị Thu Hà"
    page.locator("#checkin-next").click()
    result.wait_for(state="hidden")
    wedge.fill(token)
    wedge.press("Enter")
    page.wait_for_selector("#checkin-result.is-orange")
    assert "Nguyễn Thị Thu Hà" in page.locator("#checkin-result-name").inner_text()
    assert page.locator("#checkin-result-detail").inner_text().strip() != ""
