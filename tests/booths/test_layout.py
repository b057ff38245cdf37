"""Organizers lay out the hall: halls, zones, booths by form, CSV import and the grid generator."""
import io

from sqlalchemy import func, select

from techfest.booths.models import Booth, BoothChange, Hall, Zone
from techfest.core.db import db
from tests.booths.factories import make_booth, make_hall, make_organizer, make_zone
from tests.factories import make_edition


def english(browser):
    """Switch the session to English (flash messages are asserted in English)."""
    browser.post_form("/", {}, action="/lang/en")


def login_organizer(browser, edition):
    organizer = make_organizer(edition)
    browser.login(organizer.email)
    english(browser)
    return organizer


def booth_count(edition):
    return db.session.scalar(select(func.count(Booth.id)).where(Booth.edition_id == edition.id))


def test_organizer_creates_a_hall_and_sees_the_empty_state(app, browser):
    edition = make_edition(slug="hp")
    login_organizer(browser, edition)
    resp = browser.post_form("/editions/hp/manage/booths/halls/new",
                             {"name": "Nhà triển lãm A", "width_m": "70", "depth_m": "44,5"})
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "Hall “Nhà triển lãm A” created" in page
    assert "This hall has no booth yet." in page
    hall = db.session.scalar(select(Hall).where(Hall.edition_id == edition.id))
    assert hall.name == "Nhà triển lãm A" and float(hall.depth_m) in (44.0, 44.5)


def test_bad_hall_form_keeps_what_was_typed(app, browser):
    edition = make_edition(slug="hp")
    make_hall(edition, "Nhà A")
    login_organizer(browser, edition)
    resp = browser.post_form("/editions/hp/manage/booths/halls/new", {"name": "nhà a", "width_m": "-3", "depth_m": "20"})
    page = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert 'value="nhà a"' in page
    assert db.session.scalar(select(func.count(Hall.id))) == 1


def test_organizer_edits_a_hall_and_lands_on_its_plan(app, browser):
    edition = make_edition(slug="hp")
    hall = make_hall(edition, "Nhà A", width=40, depth=20)
    login_organizer(browser, edition)
    url = f"/editions/hp/manage/booths/halls/{hall.id}/edit"
    assert 'value="Nhà A"' in browser.get(url).get_data(as_text=True)
    resp = browser.post_form(url, {"name": "Nhà triển lãm B", "width_m": "50", "depth_m": "30"})
    assert resp.status_code == 200 and resp.request.path == f"/editions/hp/manage/booths/halls/{hall.id}"
    assert "The hall has been saved." in resp.get_data(as_text=True)
    db.session.expire_all()
    hall = db.session.get(Hall, hall.id)
    assert (hall.name, float(hall.width_m), float(hall.depth_m)) == ("Nhà triển lãm B", 50.0, 30.0)


def test_hall_cannot_shrink_under_its_booths(app, browser):
    edition = make_edition(slug="hp")
    hall = make_hall(edition, width=40, depth=20)
    make_booth(hall, "A-01", 30, 2)
    login_organizer(browser, edition)
    resp = browser.post_form(f"/editions/hp/manage/booths/halls/{hall.id}/edit",
                             {"name": hall.name, "width_m": "20", "depth_m": "20"})
    assert resp.status_code == 422
    assert "Booths reach 33" in resp.get_data(as_text=True)


def test_zones_are_created_with_colour_and_category(app, browser):
    from tests.submissions.factories import make_category

    edition = make_edition(slug="hp")
    category = make_category(edition, slug="dien-tu", name="Công nghiệp điện tử")
    hall = make_hall(edition)
    login_organizer(browser, edition)
    resp = browser.post_form(f"/editions/hp/manage/booths/halls/{hall.id}/zones",
                             {"new-name": "Khu công nghiệp điện tử", "new-colour": "#8ECAE6",
                              "new-category_id": str(category.id)})
    assert "Zone “Khu công nghiệp điện tử” created." in resp.get_data(as_text=True)
    zone = db.session.scalar(select(Zone))
    assert (zone.colour, zone.category_id) == ("#8ecae6", category.id)
    resp = browser.post_form(f"/editions/hp/manage/booths/halls/{hall.id}/zones",
                             {"new-name": "khu cong nghiep dien tu", "new-colour": "blue"})
    assert resp.status_code == 422
    assert db.session.scalar(select(func.count(Zone.id))) == 1


def test_booth_form_refuses_overlaps_and_places_outside_the_hall(app, browser):
    edition = make_edition(slug="hp")
    hall = make_hall(edition, width=30, depth=20)
    make_booth(hall, "A-01", 2, 2)
    login_organizer(browser, edition)
    url = f"/editions/hp/manage/booths/halls/{hall.id}/booths/new"
    base = {"code": "a-02", "x_m": "4", "y_m": "2", "w_m": "3", "h_m": "3", "size": "standard", "status": "available"}
    resp = browser.post_form(url, base)
    assert resp.status_code == 422 and "overlap booth A-01" in resp.get_data(as_text=True)
    resp = browser.post_form(url, {**base, "x_m": "28"})
    assert resp.status_code == 422 and "inside the hall" in resp.get_data(as_text=True)
    resp = browser.post_form(url, {**base, "code": "A-01", "x_m": "5"})
    assert resp.status_code == 422 and "Booth A-01 already exists" in resp.get_data(as_text=True)
    resp = browser.post_form(url, {**base, "x_m": "5", "has_power": "y"})
    assert "Booth A-02 created." in resp.get_data(as_text=True)
    booth = db.session.scalar(select(Booth).where(Booth.code == "A-02"))
    assert booth.type == "corner" and booth.has_power  # computed from its one neighbour


def test_csv_import_is_all_or_nothing_with_a_row_level_report(app, browser):
    edition = make_edition(slug="hp")
    hall = make_hall(edition, width=40, depth=20)
    make_zone(hall, "Khu điện tử")
    make_booth(hall, "Z-01", 30, 10)
    login_organizer(browser, edition)
    bad = ("code,zone,x,y,w,h,size,features\n"
           "A-01,Khu điện tử,2,2,3,3,standard,power\n"
           "A-02,Khu không có,5,2,3,3,standard,power\n"     # unknown zone
           "A-03,,6,2,3,3,standard,power\n"                 # overlaps A-02
           "A-04,,39,2,3,3,standard,power\n"                # outside the hall
           "Z-01,,2,10,3,3,standard,power\n"                # code taken
           "A-05,,31,11,3,3,standard,power\n").encode()     # overlaps Z-01
    page_url = f"/editions/hp/manage/booths/halls/{hall.id}/import"
    from tests.conftest import csrf_from

    token = csrf_from(browser.get(page_url).get_data(as_text=True))
    resp = browser.client.post(page_url, data={"csrf_token": token, "file": (io.BytesIO(bad), "gian.csv")},
                               content_type="multipart/form-data")
    page = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "The file has 5 errors: nothing was imported." in page
    assert "No zone “Khu không có” in this hall (zones: Khu điện tử)." in page
    assert "Overlaps booth A-02." in page and "Outside the hall" in page
    assert "Booth Z-01 already exists in this edition." in page and "Overlaps booth Z-01." in page
    assert booth_count(edition) == 1

    good = ("code,zone,x,y,w,h,size,features,type\n"
            "A-01,khu dien tu,2,2,3,3,standard,power;internet,\n"
            "A-02,,5,2,3,3,double,water,island\n").encode()
    token = csrf_from(browser.get(page_url).get_data(as_text=True))
    resp = browser.client.post(page_url, data={"csrf_token": token, "file": (io.BytesIO(good), "gian.csv")},
                               content_type="multipart/form-data", follow_redirects=True)
    assert "2 booths imported." in resp.get_data(as_text=True)
    booths = {b.code: b for b in db.session.scalars(select(Booth).where(Booth.hall_id == hall.id))}
    assert booths["A-01"].zone.name == "Khu điện tử" and booths["A-01"].features == {"power", "internet"}
    assert booths["A-01"].type == "corner" and booths["A-02"].type == "island"  # computed / as given
    assert db.session.scalar(select(BoothChange.action).order_by(BoothChange.id.desc())) == "imported"


def test_grid_generator_creates_rows_with_aisles_and_refuses_overlaps(app, browser):
    edition = make_edition(slug="hp")
    hall = make_hall(edition, width=50, depth=30)
    zone = make_zone(hall, "Khu A")
    login_organizer(browser, edition)
    url = f"/editions/hp/manage/booths/halls/{hall.id}/grid"
    data = {"prefix": "A", "start": "1", "rows": "4", "cols": "10", "booth_w": "3", "booth_h": "3",
            "aisle_every_rows": "2", "aisle_every_cols": "5", "aisle_m": "3", "origin_x": "2", "origin_y": "2",
            "zone_id": str(zone.id), "size": "standard", "has_power": "y", "status": "available"}
    resp = browser.post_form(url, data)
    assert "40 booths created." in resp.get_data(as_text=True)
    booths = {b.code: b for b in db.session.scalars(select(Booth).where(Booth.hall_id == hall.id))}
    assert len(booths) == 40 and booths["A-40"].zone_id == zone.id
    assert float(booths["A-06"].x_m) == 2 + 5 * 3 + 3          # after the column aisle
    assert float(booths["A-21"].y_m) == 2 + 2 * 3 + 3          # after the row aisle
    assert booths["A-01"].type == "corner" and booths["A-02"].type == "inline"
    resp = browser.post_form(url, {**data, "prefix": "B", "origin_x": "10"})
    assert resp.status_code == 422 and "would overlap booth" in resp.get_data(as_text=True)
    resp = browser.post_form(url, {**data, "prefix": "A", "origin_y": "20"})
    assert resp.status_code == 422 and "Booth codes already used: A-01" in resp.get_data(as_text=True)
    resp = browser.post_form(url, {**data, "prefix": "C", "rows": "20", "origin_y": "20"})
    assert resp.status_code == 422 and "the hall is 50" in resp.get_data(as_text=True)
    assert booth_count(edition) == 40


def test_hall_page_shows_the_plan_and_a_searchable_booth_list(app, browser):
    edition = make_edition(slug="hp")
    hall = make_hall(edition)
    zone = make_zone(hall, "Khu điện tử", colour="#123456")
    for i in range(60):
        make_booth(hall, f"A-{i + 1:02d}", 2 + 3 * (i % 15), 2 + 3 * (i // 15), zone=zone)
    login_organizer(browser, edition)
    page = browser.get(f"/editions/hp/manage/booths/halls/{hall.id}").get_data(as_text=True)
    assert page.count('class="tf-booth') == 60
    assert 'fill="#123456"' in page and "Khu điện tử" in page
    assert "A-50" in page and f"/editions/hp/manage/booths/halls/{hall.id}?page=2" in page  # 50 a page
    page = browser.get(f"/editions/hp/manage/booths/halls/{hall.id}?q=a-3").get_data(as_text=True)
    assert ">A-30</a>" in page and ">A-29</a>" not in page


def test_deleting_a_hall_with_assigned_booths_is_refused(app, browser):
    from tests.booths.factories import make_exhibitor_org
    from techfest.booths import services

    edition = make_edition(slug="hp")
    hall = make_hall(edition)
    booth = make_booth(hall, "A-01", 2, 2)
    org = make_exhibitor_org(edition)
    organizer = login_organizer(browser, edition)
    services.assign_booth(organizer, edition, booth.id, org.id)
    resp = browser.post_form(f"/editions/hp/manage/booths/halls/{hall.id}/edit", {},
                             action=f"/editions/hp/manage/booths/halls/{hall.id}/delete")
    assert "hold exhibitors: unassign them first" in resp.get_data(as_text=True)
    assert db.session.get(Hall, hall.id) is not None
    services.unassign_booth(organizer, edition, booth.id)
    resp = browser.post_form(f"/editions/hp/manage/booths/halls/{hall.id}/edit", {},
                             action=f"/editions/hp/manage/booths/halls/{hall.id}/delete")
    assert "The hall has been deleted." in resp.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Hall.id))) == 0 and booth_count(edition) == 0
