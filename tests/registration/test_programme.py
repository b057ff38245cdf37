"""The printed programme: table of contents with real page numbers, Vietnamese alphabetical
exhibitor directory, real text, cached per published schedule version."""
from __future__ import annotations

import re
import unicodedata

import pytest

from techfest.registration import programme
from tests.factories import make_edition, make_org
from tests.registration.conftest import embedded_fonts, pdf_text_pages

# Hand-ordered the way a Vietnamese dictionary files them: a < ă < â, d < đ, u < ư; a word
# boundary before a longer word ("An Lão" < "Ánh"), tones only break ties.
EXHIBITORS_IN_ORDER = ["An Lão Agri", "Ánh Dương Solar", "Ăn Ngon Foods", "Ân Thi Tech", "Bạch Đằng Marine",
                       "Dương Kinh Robotics", "Đông Á Fintech", "Uông Bí Energy", "Ươm tạo Ý tưởng Trẻ"]


@pytest.fixture
def fair(live_edition):
    """A published forum schedule over three days and two rooms, and accepted exhibitors."""
    from tests.forum.factories import make_room, make_session, make_speaker
    from techfest.forum.services import publish_schedule
    from tests.submissions.factories import make_product

    rooms = [make_room(live_edition, "Hội trường A"), make_room(live_edition, "Phòng hội thảo 2.1", hall="Nhà A")]
    people = [make_speaker(live_edition, n, email=f"s{i}@example.vn") for i, n in enumerate(
        ["Nguyễn Thị Hương", "Kim Min-jun (김민준)", "Trần Quốc Bảo", "Park Seo-yeon (박서연)", "Lê Văn Thành", "Đỗ Thu Trang"])]
    slots = [("08:30", "09:30"), ("09:45", "10:45"), ("11:00", "12:00"), ("13:30", "14:30"), ("14:45", "15:45"),
             ("16:00", "17:00")]
    n = 0
    for day in range(3):
        for r, room in enumerate(rooms):
            for start, end in slots:
                n += 1
                make_session(live_edition, f"Phiên {n}: Chuyển đổi số và kinh tế biển Hải Phòng – Incheon", room=room,
                             day=day, start=start, end=end,
                             people=[(people[3 * r + n % 3], "moderator"), (people[3 * r + (n + 1) % 3], "panelist"),
                                     (people[3 * r + (n + 2) % 3], "panelist")])
    publish_schedule(None, live_edition)
    for name in reversed(EXHIBITORS_IN_ORDER):
        make_product(live_edition, make_org(name), status="accepted", title=f"Sản phẩm của {name}")
    return live_edition


def _toc(pages: list[str]) -> list[tuple[str, int]]:
    entries = []
    for line in pages[1].splitlines():
        m = re.match(r"^(.*?)[\s.…]{3,}(\d+)\s*$", line.strip())
        if m:
            entries.append((m.group(1).strip(" ."), int(m.group(2))))
    return entries


def test_the_table_of_contents_gives_the_real_page_numbers(client, fair):
    resp = client.get("/editions/hp/programme.pdf?lang=en")
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    pages = pdf_text_pages(resp.data)
    assert len(pages) % 4 == 0 and len(pages) >= 8  # an A5 booklet, padded for saddle stitching
    toc = _toc(pages)
    titles = [t for t, _ in toc]
    for expected in ("Forum schedule", "Speaker index", "Floor plan", "Exhibitor directory", "Practical information"):
        assert expected in titles, titles
    assert len(toc) >= 8  # the sections and the three days
    for title, number in toc:
        first = next(i + 1 for i, text in enumerate(pages) if i >= 2 and title in text)
        assert first == number, (title, number, first)
    numbers = [n for _, n in toc]
    assert numbers == sorted(numbers) and numbers[-1] > numbers[0]


def test_the_exhibitor_directory_is_in_vietnamese_alphabetical_order(client, fair):
    pages = pdf_text_pages(client.get("/editions/hp/programme.pdf?lang=en").data)
    toc = dict(_toc(pages))
    text = "\n".join(pages[toc["Exhibitor directory"] - 1:])
    positions = [text.index(unicodedata.normalize("NFC", name)) for name in EXHIBITORS_IN_ORDER]
    assert positions == sorted(positions)
    # letter headings keep ă, â, đ, ư apart from a, d, u
    headings = [line.strip() for line in text.splitlines() if line.strip() in {"A", "Ă", "Â", "B", "D", "Đ", "U", "Ư"}]
    assert headings[:8] == ["A", "Ă", "Â", "B", "D", "Đ", "U", "Ư"]


def test_the_schedule_is_real_text_with_participants_and_embedded_fonts(client, fair):
    data = client.get("/editions/hp/programme.pdf?lang=vi").data
    text = "\n".join(pdf_text_pages(data))
    assert "Phiên 1: Chuyển đổi số và kinh tế biển Hải Phòng – Incheon" in text
    assert "Kim Min-jun (김민준)" in text and "Park Seo-yeon (박서연)" in text and "HỘI TRƯỜNG A" in text
    assert all(embedded for _, embedded in embedded_fonts(data))


def test_the_pdf_is_cached_until_a_new_schedule_version_is_published(client, fair, monkeypatch):
    from techfest.forum.services import all_sessions, publish_schedule, update_session

    calls = []
    real = programme.render_programme
    monkeypatch.setattr(programme, "render_programme", lambda data: calls.append(data) or real(data))
    first = client.get("/editions/hp/programme.pdf?lang=en")
    again = client.get("/editions/hp/programme.pdf?lang=en")
    assert len(calls) == 1 and first.data == again.data and first.headers["ETag"] == again.headers["ETag"]
    session = all_sessions(fair)[0]
    update_session(None, fair, session, {"title_vi": "Phiên khai mạc (cập nhật)"}, lock_version=session.lock_version)
    # an unpublished change does not reach the printed programme
    client.get("/editions/hp/programme.pdf?lang=en")
    assert len(calls) == 1
    publish_schedule(None, fair)
    newer = client.get("/editions/hp/programme.pdf?lang=en")
    assert len(calls) == 2 and newer.headers["ETag"] != first.headers["ETag"]
    assert "Phiên khai mạc (cập nhật)" in "\n".join(pdf_text_pages(newer.data))


def test_without_a_published_schedule_the_programme_still_prints(client, live_edition):
    pages = pdf_text_pages(client.get("/editions/hp/programme.pdf?lang=en").data)
    assert "not been published yet" in "\n".join(pages)
    assert "Techfest Hải Phòng 2026" in pages[0]


def test_drafts_have_no_public_programme(client):
    make_edition(slug="draft", status="draft")
    assert client.get("/editions/draft/programme.pdf").status_code == 404


def test_initials_keep_vietnamese_letters_apart():
    assert [programme.initial(n) for n in ("Ánh", "Ân", "ăn", "Đông", "ươm", "“Sáng”", "김민준", "3D Print")] == \
        ["A", "Â", "Ă", "Đ", "Ư", "S", "김", "#"]


def test_the_cover_is_dated_in_the_editions_time_zone(client, live_edition, monkeypatch):
    """At 07:00 in Hải Phòng on 26 November, the server's UTC clock still says 25 November: the
    cover prints the date the organizers are living in."""
    from datetime import datetime, timezone

    monkeypatch.setattr(programme, "utcnow", lambda: datetime(2026, 11, 26, 0, 0, tzinfo=timezone.utc))
    cover = pdf_text_pages(client.get("/editions/hp/programme.pdf?lang=en").data)[0]
    assert "Printed on 26/11/2026" in cover
    assert programme.printed_on("Asia/Seoul") == datetime(2026, 11, 26).date()
    assert programme.printed_on("America/New_York") == datetime(2026, 11, 25).date()
