"""Exports (booth list CSV that imports back, printable PDF plan) and the demo floor plan."""
import io

from sqlalchemy import func, select

from techfest.booths import csvio, services
from techfest.booths.models import AllocationRun, BoothAssignment, Booth, Zone
from techfest.core.db import db
from tests.booths.factories import make_exhibitor_org, make_hall, make_organizer, make_row, make_zone
from tests.booths.test_layout import login_organizer
from tests.factories import make_edition


def test_booth_list_csv_lists_exhibitors_and_imports_back(app, browser):
    edition = make_edition(slug="hp", status="live")
    hall = make_hall(edition, "Nhà A")
    zone = make_zone(hall, "Khu điện tử")
    row = make_row(hall, "A", 3, zone=zone, features=("power", "internet"))
    organizer = make_organizer(edition)
    org = make_exhibitor_org(edition, "Công ty CP Điện tử Hải Phòng", title="Bộ điều khiển LED-HP")
    services.assign_booth(organizer, edition, row[1].id, org.id, locked=True)
    login_organizer(browser, edition)
    resp = browser.get("/editions/hp/manage/booths/booths.csv")
    assert resp.mimetype == "text/csv" and "attachment" in resp.headers["Content-Disposition"]
    text = resp.get_data().decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == ",".join(csvio.EXPORT_COLUMNS)
    assert lines[2] == ("A-02,Khu điện tử,5.00,2.00,3.00,3.00,inline,standard,internet;power,no,,assigned,Nhà A,"
                        "Công ty CP Điện tử Hải Phòng,Bộ điều khiển LED-HP,yes")
    # the same file creates the same booths in another hall (codes renamed)
    other = make_hall(edition, "Nhà B")
    make_zone(other, "Khu điện tử")
    data = resp.get_data().replace(b"A-0", b"B-0")
    services.import_booths(organizer, edition, other, data)
    copied = {b.code: b for b in db.session.scalars(select(Booth).where(Booth.hall_id == other.id))}
    assert sorted(copied) == ["B-01", "B-02", "B-03"]
    assert copied["B-02"].features == {"power", "internet"} and copied["B-02"].zone.name == "Khu điện tử"
    assert copied["B-02"].status == "available"  # exhibitors are not imported


def test_printable_plan_is_a_pdf_with_vietnamese_and_korean_text(app, browser):
    from pypdf import PdfReader

    edition = make_edition(slug="hp", status="live")
    hall = make_hall(edition, "Nhà triển lãm A")
    row = make_row(hall, "A", 3)
    organizer = make_organizer(edition)
    org = make_exhibitor_org(edition, "Incheon Smart Port (인천스마트포트)", title="Cảng thông minh")
    services.assign_booth(organizer, edition, row[0].id, org.id)
    login_organizer(browser, edition)
    resp = browser.get("/editions/hp/manage/booths/plan.pdf")
    assert resp.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(resp.get_data()))
    assert len(reader.pages) == 2
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Nhà triển lãm A" in text and "A-01" in text
    assert "인천스마트포트" in text and "Cảng thông minh" in text
    fonts = {str(f) for page in reader.pages for f in (page.get("/Resources", {}).get("/Font", {}) or {}).values()}
    assert fonts  # fonts are embedded


def test_demo_floor_plan_places_the_demo_exhibitors_and_loads_once(app):
    from techfest.demo import load_demo

    editions = load_demo()
    current = editions["current"]
    counts = lambda: tuple(db.session.scalar(select(func.count()).select_from(m))  # noqa: E731
                           for m in (Booth, Zone, BoothAssignment, AllocationRun))
    first = counts()
    load_demo()
    assert counts() == first
    booths, zones, assigned, runs = first
    assert 110 <= booths <= 130 and zones == 4 and runs == 1
    known = services.exhibitors(current)
    placed = services.booth_codes_for_organisations(current, known)
    fitting = [oid for oid, e in known.items()
               if any(str(b.size) == e.size and e.needs <= b.features
                      for b in db.session.scalars(select(Booth).where(Booth.edition_id == current.id)))]
    assert len(known) >= 10 and set(placed) == set(fitting)
    run = db.session.scalar(select(AllocationRun))
    assert run.status == "published" and run.optimal
    from techfest.submissions.models import Product

    coded = db.session.scalar(select(func.count(Product.id)).where(Product.edition_id == current.id,
                                                                   Product.booth_code.is_not(None)))
    assert coded >= len(placed)
