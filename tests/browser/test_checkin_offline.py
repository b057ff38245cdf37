"""The scanner's other two paths in Chromium: offline (the network drops, badges are verified
on the phone with the edition's public key, scans are queued and uploaded when the network comes
back) and the camera (a QR badge in front of a fake camera turns the screen green)."""
from __future__ import annotations

from datetime import timedelta, timezone

import pytest
from sqlalchemy import func, select

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.factories import PASSWORD, make_edition, make_user
from tests.registration.factories import make_registration

pytestmark = pytest.mark.browser


def _world():
    from techfest.core.db import utcnow
    from tests.checkin.factories import make_point, token_for

    today = utcnow().astimezone(timezone(timedelta(hours=7))).date()
    edition = make_edition(slug="hp", status="live", start_date=today, end_date=today + timedelta(days=1))
    organizer = make_user("btc@example.vn", role="organizer", edition=edition)
    staff = make_user("soatve@example.vn", name="Phạm Văn Soát", role="checkin", edition=edition)
    make_point(edition, "GATE-A", name="Cổng A", staff=[staff], actor=organizer)
    reg = make_registration(edition, name="Nguyễn Thị Thu Hà", email="thuha@example.vn")
    return reg, token_for(reg)


def _open_scanner(page, live_server):
    page.goto(live_server + "/login")
    page.get_by_label("E-mail").fill("soatve@example.vn")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    page.goto(live_server + "/checkin/GATE-A")
    # the page keeps the edition's key and registrations for offline use
    page.wait_for_function("() => localStorage.getItem('tf-checkin-bundle-GATE-A') !== null")


def _scan(page, text):
    wedge = page.locator("#checkin-wedge")
    wedge.fill(text)
    wedge.press("Enter")
    result = page.locator("#checkin-result")
    result.wait_for(state="visible")
    status = result.get_attribute("data-status")
    name = page.locator("#checkin-result-name").inner_text()
    page.locator("#checkin-next").click()
    result.wait_for(state="hidden")
    return status, name


def _scans_of(reg_id):
    from techfest.checkin.models import Checkin, Scan
    from techfest.core.db import db

    db.session.expire_all()
    scans = db.session.execute(select(Scan.status, Scan.offline).where(Scan.registration_id == reg_id)
                               .order_by(Scan.scanned_at)).all()
    entries = db.session.scalar(select(func.count()).select_from(Checkin).where(Checkin.registration_id == reg_id))
    return [(str(s), o) for s, o in scans], entries


def test_offline_scans_are_verified_on_the_phone_then_uploaded(live_server, page):
    reg, token = _world()
    _open_scanner(page, live_server)

    page.context.set_offline(True)
    assert _scan(page, token) == ("ok", "Nguyễn Thị Thu Hà")          # checked with the public key
    assert "Mất kết nối" in page.locator("#checkin-net").inner_text()
    assert _scan(page, token)[0] == "already_checked_in"                 # single entry, on the phone
    forged = token[:-6] + ("AAAAAA" if not token.endswith("AAAAAA") else "BBBBBB")
    assert _scan(page, forged) == ("invalid", "")                        # a bad signature stays red
    assert page.locator("#checkin-queue").inner_text().startswith("3 ")
    assert _scans_of(reg.id) == ([], 0)                                  # nothing reached the server

    page.context.set_offline(False)                                      # the network is back
    page.wait_for_selector("#checkin-queue.d-none", state="attached", timeout=20000)
    scans, entries = _scans_of(reg.id)
    assert scans == [("ok", True), ("already_checked_in", True)]         # no scan lost, one entry
    assert entries == 1
    from techfest.checkin.models import Scan
    from techfest.core.db import db
    assert db.session.scalar(select(func.count()).select_from(Scan).where(Scan.status == "invalid")) == 1


def _y4m_with_qr(path, text: str) -> None:
    """A still video (YUV4MPEG2, 640x480) of a white page with the badge's QR code: what
    Chromium's fake camera plays in a loop."""
    import qrcode

    qr = qrcode.QRCode(border=4, box_size=1)
    qr.add_data(text)
    qr.make(fit=True)
    image = qr.make_image(fill_color="black", back_color="white").convert("L")
    side = 400
    image = image.resize((side, side), 0)  # nearest neighbour: sharp modules
    from PIL import Image

    frame = Image.new("L", (640, 480), 255)
    frame.paste(image, ((640 - side) // 2, (480 - side) // 2))
    luma = frame.tobytes()
    chroma = bytes([128]) * (320 * 240)
    with open(path, "wb") as out:
        out.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        for _ in range(3):
            out.write(b"FRAME\n" + luma + chroma + chroma)


def test_camera_scan_of_a_badge_turns_the_screen_green(live_server, tmp_path, playwright_session):
    reg, token = _world()
    video = tmp_path / "badge.y4m"
    _y4m_with_qr(video, token)
    args = CHROMIUM_ARGS + ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                            f"--use-file-for-fake-video-capture={video}"]
    browser = playwright_session.chromium.launch(executable_path=CHROMIUM, args=args, headless=True)
    try:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        context.grant_permissions(["camera"], origin=live_server)
        page = context.new_page()
        _open_scanner(page, live_server)
        page.wait_for_function("() => typeof window.jsQR === 'function'")
        page.locator("#checkin-camera").click()
        page.wait_for_selector("#checkin-result.is-green", timeout=20000)
        assert page.locator("#checkin-result-name").inner_text() == "Nguyễn Thị Thu Hà"
    finally:
        browser.close()
    scans, entries = _scans_of(reg.id)
    assert scans[0] == ("ok", False) and entries == 1
