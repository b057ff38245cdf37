"""Badge PDFs: the QR decodes to a valid token, names survive as text, fonts are embedded,
long names stay on the badge, A4 sheets of 4, bulk print jobs and the CLI."""
from __future__ import annotations

import io
import unicodedata

from pypdf import PdfReader

from techfest.registration import badges as badge_renderer
from techfest.registration import printing, services
from tests.factories import make_user
from tests.registration.conftest import (decode_qr_codes, embedded_fonts, pdf_text_pages, rasterise, word_boxes)
from tests.registration.factories import make_registration

VI_NAME = "Nguyễn Thị Thu Hà"
KO_NAME = "김민준"
MM = 72 / 25.4


def test_the_qr_of_a_badge_pdf_decodes_to_exactly_the_token_that_verifies(client, live_edition):
    reg = make_registration(live_edition, name=VI_NAME, email="ha@example.vn")
    pdf = client.get(f"/badge/{reg.access_code}/badge.pdf").data
    [page] = rasterise(pdf, dpi=150)
    codes = decode_qr_codes(page)
    assert codes == [services.badge_token(reg)]
    check = services.verify_badge(codes[0], live_edition)
    assert check.status == "ok" and check.registration.id == reg.id
    assert len(codes[0]) <= 120


def test_vietnamese_and_korean_names_come_back_intact_from_the_pdf_text(client, live_edition):
    vi = make_registration(live_edition, name=VI_NAME, organisation="Trường Đại học Hàng hải Việt Nam")
    ko = make_registration(live_edition, name=KO_NAME, organisation="부산 테크노파크", type="speaker")
    for reg, expected in ((vi, [VI_NAME, "Trường Đại học Hàng hải Việt Nam"]), (ko, [KO_NAME, "부산 테크노파크"])):
        [text] = pdf_text_pages(client.get(f"/badge/{reg.access_code}/badge.pdf").data)
        for piece in expected:
            assert unicodedata.normalize("NFC", piece) in text


def test_badge_fonts_are_our_embedded_fonts(client, live_edition):
    reg = make_registration(live_edition, name=f"{VI_NAME} ({KO_NAME})")
    fonts = embedded_fonts(client.get(f"/badge/{reg.access_code}/badge.pdf").data)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    names = " ".join(name for name, _ in fonts)
    assert "Techfest-Sans" in names or "TechfestSans" in names.replace("-", "")
    assert "Techfest-CJK" in names or "TechfestCJK" in names.replace("-", "")


def test_a_very_long_name_shrinks_and_wraps_inside_its_box(live_edition):
    long_name = "Tôn Nữ Thị Phương Thảo Nguyễn Hoàng Bảo Ngọc Trâm Anh Cao Tằng Tôn Nữ Diệu Huyền"
    pdf = badge_renderer.render_badge_pdf(
        badge_renderer.Badge(name=long_name, organisation="Công ty TNHH Một thành viên Cơ khí Chính xác và Tự động hóa Hải Phòng",
                             type="exhibitor_staff", token="TF1.test", label_vi="Nhân viên gian hàng"),
        badge_renderer.EditionInfo(name="Techfest Hải Phòng 2026"))
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    words = set(long_name.split())
    boxes = [b for b in word_boxes(pdf) if unicodedata.normalize("NFC", b[0]) in words]
    assert len(boxes) >= len(long_name.split())
    slack = 3  # points: glyph boxes (accents, descenders) reach a little past their line box
    for word, x0, y0, x1, y1, width, height in boxes:
        # the name box: 8 mm from each side, from 27 mm to 57 mm from the top
        assert 8 * MM - slack <= x0 and x1 <= width - 8 * MM + slack, word
        assert 27 * MM - slack <= y0 and y1 <= 57 * MM + slack, word


def _badges(n):
    return [badge_renderer.Badge(name=f"Khách số {i:03d}", organisation="Hải Phòng", type="visitor", token=f"TF1.t{i}")
            for i in range(n)]


def test_sheets_hold_four_badges_with_cut_marks_on_a4(tmp_path):
    out = tmp_path / "sheets.pdf"
    assert badge_renderer.render_badges(_badges(6), badge_renderer.EditionInfo(name="Techfest"), out) == 6
    reader = PdfReader(str(out))
    assert len(reader.pages) == 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    first = reader.pages[0].extract_text()
    assert all(f"Khách số {i:03d}" in first for i in range(4)) and "Khách số 004" not in first


def test_chunks_are_concatenated_in_order(tmp_path):
    out = tmp_path / "chunked.pdf"
    seen = []
    badge_renderer.render_badges(_badges(9), badge_renderer.EditionInfo(name="Techfest"), out, layout="single",
                                 chunk_size=4, progress=seen.append)
    assert seen == [4, 8, 9]
    texts = [p.extract_text() for p in PdfReader(str(out)).pages]
    assert len(texts) == 9
    assert [f"Khách số {i:03d}" in t for i, t in enumerate(texts)] == [True] * 9


def test_two_worker_processes_give_the_same_document(tmp_path):
    one, two = tmp_path / "one.pdf", tmp_path / "two.pdf"
    info = badge_renderer.EditionInfo(name="Techfest")
    badge_renderer.render_badges(_badges(12), info, one, chunk_size=4, jobs=1)
    badge_renderer.render_badges(_badges(12), info, two, chunk_size=4, jobs=2)
    assert [p.extract_text() for p in PdfReader(str(one)).pages] == [p.extract_text() for p in PdfReader(str(two)).pages]


def _organizer_browser(browser, edition):
    make_user("btc@example.vn", role="organizer", edition=edition)
    browser.login("btc@example.vn")
    return browser


def test_bulk_printing_runs_in_the_background_reports_progress_and_offers_the_pdf(app, browser, live_edition):
    app.config["BADGE_JOB_DIR"] = str(app.config["TEST_TMP"]) + "/jobs"
    for i in range(5):
        make_registration(live_edition, name=f"Người tham dự {i}", type="press" if i % 2 else "visitor")
    make_registration(live_edition, name="Khách mời VIP", type="vip")
    _organizer_browser(browser, live_edition)
    resp = browser.post_form("/editions/hp/manage/badges", {"type": "press", "q": "", "day": ""},
                             action="/editions/hp/manage/badges/print")
    assert resp.status_code == 200
    from sqlalchemy import select

    from techfest.core.db import db
    from techfest.registration.models import BadgeJob

    job = db.session.scalar(select(BadgeJob))
    assert job.total == 2 and job.filters == {"type": "press"}
    printing.wait_for_job(job.id)
    state = browser.get(f"/editions/hp/manage/badges/jobs/{job.id}").json
    assert state["status"] == "done" and state["progress"] == state["total"] == 2 and state["percent"] == 100
    db.session.refresh(job)
    assert job.progress == 2  # stored in the database, not in the worker's memory
    pdf = browser.get(state["download"])
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert "Người tham dự 1" in text and "Người tham dự 3" in text and "Người tham dự 0" not in text
    page = browser.get("/editions/hp/manage/badges").get_data(as_text=True)
    assert "registration-jobs.js" in page and f"/badges/jobs/{job.id}/download" in page


def test_a_job_without_heartbeat_is_reported_failed(app, live_edition):
    from datetime import timedelta

    from techfest.core.db import db, utcnow
    from techfest.registration.models import BadgeJob, JobStatus

    job = BadgeJob(edition_id=live_edition.id, status=JobStatus.RUNNING, total=10, progress=3, filters={},
                   heartbeat_at=utcnow() - timedelta(hours=1))
    db.session.add(job)
    db.session.commit()
    assert printing.get_job(live_edition, job.id).status == JobStatus.FAILED


def test_print_with_nothing_to_print_says_so(browser, live_edition):
    _organizer_browser(browser, live_edition)
    resp = browser.post_form("/editions/hp/manage/badges", {"type": "vip"}, action="/editions/hp/manage/badges/print")
    assert "no badge to print" in resp.get_data(as_text=True)


def test_cli_prints_an_editions_badges_with_a_progress_bar(app, live_edition, tmp_path):
    for i in range(5):
        make_registration(live_edition, name=f"Diễn giả {i}", type="speaker")
    make_registration(live_edition, name="Khách tham quan", type="visitor")
    out = tmp_path / "badges.pdf"
    result = app.test_cli_runner().invoke(args=["techfest", "badges", "--edition", "hp", "--out", str(out),
                                                "--type", "speaker"])
    assert result.exit_code == 0, result.output
    assert "5 badges written" in result.output  # the bar itself is drawn only on a terminal
    reader = PdfReader(str(out))
    assert len(reader.pages) == 2
    assert "Khách tham quan" not in "".join(p.extract_text() for p in reader.pages)


def test_cli_refuses_an_unknown_edition(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["techfest", "badges", "--edition", "nope", "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "no edition" in result.output


def test_badge_page_shows_the_qr_and_the_pdf_to_its_owner_only(client, live_edition):
    reg = make_registration(live_edition, name=VI_NAME)
    html = client.get(f"/badge/{reg.access_code}").get_data(as_text=True)
    assert VI_NAME in html and f"/badge/{reg.access_code}/qr.png" in html
    png = client.get(f"/badge/{reg.access_code}/qr.png")
    assert png.mimetype == "image/png" and png.headers["Cache-Control"] == "private, no-store"
    from PIL import Image

    assert decode_qr_codes(Image.open(io.BytesIO(png.data))) == [services.badge_token(reg)]
    assert client.get("/badge/not-a-real-code").status_code == 404


def test_preview_renders_any_type_with_a_token_that_never_passes_check_in(browser, live_edition):
    _organizer_browser(browser, live_edition)
    resp = browser.get("/editions/hp/manage/badges/preview.pdf?preview-type=speaker&preview-name=박서연&preview-organisation=Busan")
    assert resp.mimetype == "application/pdf"
    [text] = pdf_text_pages(resp.data)
    assert "박서연" in text
    [page] = rasterise(resp.data)
    [token] = decode_qr_codes(page)
    assert services.verify_badge(token, live_edition).status == "invalid"
    png = browser.get("/editions/hp/manage/badges/preview.png?preview-type=vip&preview-name=Lê+Minh+Đức")
    assert png.mimetype == "image/png"
