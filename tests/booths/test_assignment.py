"""Manual assignment, move, swap, lock and free, with the hard constraints; the change log; the
booth codes other domains read."""
import pytest
from sqlalchemy import func, select

from techfest.booths import services
from techfest.booths.models import BoothAssignment, Booth, BoothChange
from techfest.core.db import db
from techfest.core.errors import Conflict, NotFound
from techfest.submissions.models import Product
from tests.booths.factories import make_booth, make_exhibitor_org, make_hall, make_organizer, make_row
from tests.booths.test_layout import login_organizer
from tests.factories import make_edition


@pytest.fixture
def hall_world(app):
    edition = make_edition(slug="hp")
    hall = make_hall(edition)
    row = make_row(hall, "A", 4, features=("power", "internet"))
    double = make_booth(hall, "D-01", 2, 10, w=6, size="double", features=("power", "water"))
    organizer = make_organizer(edition)
    return edition, hall, row, double, organizer


def reason(exc_info):
    return getattr(exc_info.value, "reason", None)


def test_organizer_assigns_a_booth_from_its_page(hall_world, browser):
    edition, hall, row, _double, _organizer = hall_world
    org = make_exhibitor_org(edition, "Công ty CP Điện tử Hải Phòng", needs=("power",))
    login_organizer(browser, edition)
    url = f"/editions/hp/manage/booths/{row[0].id}"
    page = browser.get(url).get_data(as_text=True)
    assert "Công ty CP Điện tử Hải Phòng" in page  # offered: it fits
    resp = browser.post_form(url, {"organisation_id": str(org.id)}, action=f"{url}/assign")
    page = resp.get_data(as_text=True)
    assert "Booth A-01 assigned." in page
    db.session.expire_all()
    booth = db.session.get(Booth, row[0].id)
    assert booth.status == "assigned" and booth.assignment.organisation_id == org.id
    assert db.session.scalar(select(Product.booth_code).where(Product.organisation_id == org.id)) == "A-01"
    change = db.session.scalar(select(BoothChange).order_by(BoothChange.id.desc()))
    assert (change.action, change.booth_code, change.organisation_name) == ("assigned", "A-01", org.name)


def test_size_and_needs_are_checked(hall_world, browser):
    edition, _hall, row, double, organizer = hall_world
    big = make_exhibitor_org(edition, "Trường Đại học Hàng hải", size="double", needs=("power", "water"))
    wet = make_exhibitor_org(edition, "Viện Nghiên cứu Hải sản", needs=("water",))
    with pytest.raises(Conflict) as exc:
        services.assign_booth(organizer, edition, row[0].id, big.id)
    assert reason(exc) == "size_mismatch"
    with pytest.raises(Conflict) as exc:
        services.assign_booth(organizer, edition, row[0].id, wet.id)
    assert reason(exc) == "missing_features" and "water" in exc.value.message
    services.assign_booth(organizer, edition, double.id, big.id)
    login_organizer(browser, edition)
    url = f"/editions/hp/manage/booths/{row[1].id}"
    resp = browser.post_form(url, {"organisation_id": str(wet.id)}, action=f"{url}/assign")
    assert "Booth A-02 lacks what Viện Nghiên cứu Hải sản needs: water." in resp.get_data(as_text=True)
    assert db.session.scalar(select(func.count(BoothAssignment.id))) == 1


def test_one_booth_per_exhibitor_and_one_exhibitor_per_booth(hall_world):
    edition, _hall, row, _double, organizer = hall_world
    a, b = make_exhibitor_org(edition), make_exhibitor_org(edition)
    services.assign_booth(organizer, edition, row[0].id, a.id)
    with pytest.raises(Conflict) as exc:
        services.assign_booth(organizer, edition, row[0].id, b.id)
    assert reason(exc) == "booth_taken" and a.name in exc.value.message
    with pytest.raises(Conflict) as exc:
        services.assign_booth(organizer, edition, row[2].id, a.id)
    assert reason(exc) == "already_has_booth"


def test_the_database_refuses_a_second_exhibitor_on_a_booth(hall_world):
    from sqlalchemy.exc import IntegrityError

    edition, _hall, row, _double, _organizer = hall_world
    a, b = make_exhibitor_org(edition), make_exhibitor_org(edition)
    db.session.add(BoothAssignment(edition_id=edition.id, booth_id=row[0].id, organisation_id=a.id))
    db.session.commit()
    db.session.add(BoothAssignment(edition_id=edition.id, booth_id=row[0].id, organisation_id=b.id))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_blocked_booths_and_non_exhibitors_are_refused(hall_world):
    from techfest.accounts.services import find_or_create_organisation

    edition, _hall, row, _double, organizer = hall_world
    services.set_booth_status(organizer, edition, row[3].id, "blocked")
    a = make_exhibitor_org(edition)
    with pytest.raises(Conflict) as exc:
        services.assign_booth(organizer, edition, row[3].id, a.id)
    assert reason(exc) == "booth_blocked"
    draft_only = make_exhibitor_org(edition, status="submitted")
    stranger = find_or_create_organisation("Công ty Không Trưng Bày")
    for org in (draft_only, stranger):
        with pytest.raises(NotFound):
            services.assign_booth(organizer, edition, row[0].id, org.id)


def test_competitors_never_get_neighbouring_booths(hall_world, browser):
    edition, _hall, row, _double, organizer = hall_world
    a = make_exhibitor_org(edition, "Công ty Cảm biến Xanh")
    b = make_exhibitor_org(edition, "Công ty Cảm biến Đỏ")
    c = make_exhibitor_org(edition, "Công ty Trung lập")
    services.add_competitor_pair(organizer, edition, a.id, b.id)
    services.assign_booth(organizer, edition, row[0].id, a.id)
    with pytest.raises(Conflict) as exc:
        services.assign_booth(organizer, edition, row[1].id, b.id)
    assert reason(exc) == "competitor_adjacent" and "Công ty Cảm biến Xanh" in exc.value.message
    services.assign_booth(organizer, edition, row[2].id, b.id)   # one booth between them: fine
    services.assign_booth(organizer, edition, row[1].id, c.id)
    with pytest.raises(Conflict):  # moving b next to a
        services.swap_booths(organizer, edition, row[1].id, row[2].id)
    with pytest.raises(Conflict):
        services.unassign_booth(organizer, edition, row[1].id) or services.move_exhibitor(organizer, edition, b.id, row[1].id)


def test_marking_neighbours_as_competitors_warns(hall_world, browser):
    edition, _hall, row, _double, organizer = hall_world
    a, b = make_exhibitor_org(edition, "Công ty A"), make_exhibitor_org(edition, "Công ty B")
    services.assign_booth(organizer, edition, row[0].id, a.id)
    services.assign_booth(organizer, edition, row[1].id, b.id)
    login_organizer(browser, edition)
    resp = browser.post_form("/editions/hp/manage/booths/competitors", {"first": str(a.id), "second": str(b.id)})
    page = resp.get_data(as_text=True)
    assert "Competitor pair added" in page and "on neighbouring booths right now" in page
    resp = browser.post_form("/editions/hp/manage/booths/competitors", {"first": str(b.id), "second": str(a.id)})
    assert "already marked as competitors" in resp.get_data(as_text=True)


def test_move_swap_lock_and_free_from_the_booth_page(hall_world, browser):
    edition, _hall, row, _double, organizer = hall_world
    a, b = make_exhibitor_org(edition, "Công ty An"), make_exhibitor_org(edition, "Công ty Bình")
    services.assign_booth(organizer, edition, row[0].id, a.id)
    services.assign_booth(organizer, edition, row[2].id, b.id)
    login_organizer(browser, edition)
    url = f"/editions/hp/manage/booths/{row[0].id}"
    resp = browser.post_form(url, {"target": "a-04"}, action=f"{url}/move")
    assert "Moved to booth A-04." in resp.get_data(as_text=True)
    assert services.booth_for_organisation(edition, a.id) == "A-04"
    db.session.expire_all()
    assert db.session.get(Booth, row[0].id).status == "available"
    url = f"/editions/hp/manage/booths/{row[3].id}"
    resp = browser.post_form(url, {"target": "A-03"}, action=f"{url}/move")
    assert "Booth A-03 is already assigned to Công ty Bình." in resp.get_data(as_text=True)
    resp = browser.post_form(url, {"target": "Z-99"}, action=f"{url}/move")
    assert "There is no booth Z-99." in resp.get_data(as_text=True)
    resp = browser.post_form(url, {"other": "A-03"}, action=f"{url}/swap")
    assert "Booths A-04 and A-03 swapped." in resp.get_data(as_text=True)
    assert services.booth_codes_for_organisations(edition, [a.id, b.id]) == {a.id: "A-03", b.id: "A-04"}
    assert db.session.scalar(select(Product.booth_code).where(Product.organisation_id == b.id)) == "A-04"
    resp = browser.post_form(url, {"locked": "1"}, action=f"{url}/lock")
    assert "Booth A-04 locked" in resp.get_data(as_text=True)
    assert db.session.scalar(select(BoothAssignment.locked).where(BoothAssignment.organisation_id == b.id)) is True
    resp = browser.post_form(url, {}, action=f"{url}/unassign")
    assert "Booth A-04 is free again." in resp.get_data(as_text=True)
    assert services.booth_for_organisation(edition, b.id) is None
    assert db.session.scalar(select(Product.booth_code).where(Product.organisation_id == b.id)) is None
    actions = list(db.session.scalars(select(BoothChange.action).order_by(BoothChange.id)))
    assert actions[-4:] == ["moved", "swapped", "locked", "unassigned"]
    log = browser.get("/editions/hp/manage/booths/log?booth=A-04").get_data(as_text=True)
    assert "Công ty An moved from A-01 to A-04" in log and "A-04 locked (Công ty Bình)" in log


def test_swap_and_move_refusals_are_shown_and_change_nothing(hall_world, browser):
    edition, _hall, row, _double, organizer = hall_world
    a = make_exhibitor_org(edition, "Công ty An")
    services.assign_booth(organizer, edition, row[0].id, a.id)
    changes = db.session.scalar(select(func.count(BoothChange.id)))
    login_organizer(browser, edition)
    url = f"/editions/hp/manage/booths/{row[0].id}"
    resp = browser.post_form(url, {"other": "z-99"}, action=f"{url}/swap")
    assert resp.request.path == url and "There is no booth Z-99." in resp.get_data(as_text=True)
    resp = browser.post_form(url, {"other": "A-03"}, action=f"{url}/swap")
    assert resp.request.path == url
    assert "Booth A-03 holds no exhibitor: use “move” instead." in resp.get_data(as_text=True)
    free = f"/editions/hp/manage/booths/{row[1].id}"
    resp = browser.post_form(free, {"target": "A-03"}, action=f"{free}/move")
    assert resp.request.path == free and "Booth A-02 holds no exhibitor." in resp.get_data(as_text=True)
    db.session.expire_all()
    assert services.booth_for_organisation(edition, a.id) == "A-01"
    assert db.session.scalar(select(func.count(BoothChange.id))) == changes


def test_a_booth_holding_an_exhibitor_cannot_be_deleted_until_freed(hall_world, browser):
    edition, hall, row, _double, organizer = hall_world
    org, booth_id = make_exhibitor_org(edition), row[0].id
    services.assign_booth(organizer, edition, booth_id, org.id)
    login_organizer(browser, edition)
    url = f"/editions/hp/manage/booths/{booth_id}"
    resp = browser.post_form(url, {}, action=f"{url}/delete")
    assert resp.request.path == url
    assert "Booth A-01 holds an exhibitor: unassign it first." in resp.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Booth, booth_id) is not None
    services.unassign_booth(organizer, edition, booth_id)
    resp = browser.post_form(url, {}, action=f"{url}/delete")
    assert resp.request.path == f"/editions/hp/manage/booths/halls/{hall.id}"
    assert "The booth has been deleted." in resp.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Booth, booth_id) is None


def test_an_assigned_booth_cannot_be_edited_out_of_its_exhibitors_needs(hall_world, browser):
    edition, hall, row, _double, organizer = hall_world
    a = make_exhibitor_org(edition, needs=("power", "internet"))
    services.assign_booth(organizer, edition, row[0].id, a.id)
    login_organizer(browser, edition)
    url = f"/editions/hp/manage/booths/{row[0].id}"
    resp = browser.post_form(url, {"code": "A-01", "x_m": "2", "y_m": "2", "w_m": "3", "h_m": "3", "size": "standard",
                                   "type": "corner", "status": "assigned", "has_power": "y"})
    assert resp.status_code == 422
    db.session.expire_all()
    assert db.session.get(Booth, row[0].id).has_internet is True
    resp = browser.post_form(url, {"code": "A-1A", "x_m": "2", "y_m": "2", "w_m": "3", "h_m": "3", "size": "standard",
                                   "type": "corner", "status": "assigned", "has_power": "y", "has_internet": "y"})
    assert "Booth A-1A saved." in resp.get_data(as_text=True)
    assert db.session.scalar(select(Product.booth_code).where(Product.organisation_id == a.id)) == "A-1A"


def test_booth_codes_for_other_domains(hall_world):
    from tests.submissions.factories import make_product

    edition, _hall, row, _double, organizer = hall_world
    a = make_exhibitor_org(edition)
    second = make_product(edition, a, status="confirmed", booth_size="standard", needs_power=True)
    b = make_exhibitor_org(edition)
    services.assign_booth(organizer, edition, row[1].id, a.id)
    products = list(db.session.scalars(select(Product.id).where(Product.organisation_id.in_([a.id, b.id]))
                                       .order_by(Product.id)))
    codes = services.booth_codes_for_products(edition, products)
    assert codes == {products[0]: "A-02", second.id: "A-02"}
    assert services.booth_for_organisation(edition, b.id) is None
    other = make_edition(slug="other")
    assert services.booth_codes_for_products(other, products) == {}


def test_tiers_competitor_pairs_and_settings_are_logged(hall_world, browser):
    edition, _hall, _row, _double, organizer = hall_world
    a, b = make_exhibitor_org(edition, "Công ty An"), make_exhibitor_org(edition, "Công ty Bình")
    login_organizer(browser, edition)
    resp = browser.post_form("/editions/hp/manage/booths/exhibitors", {"organisation_id": str(a.id), "tier": "sponsor"},
                             action="/editions/hp/manage/booths/exhibitors/tier")
    assert "Priority tier saved." in resp.get_data(as_text=True)
    pair, _adjacent = services.add_competitor_pair(organizer, edition, a.id, b.id)
    services.delete_competitor_pair(organizer, edition, pair.id)
    log = browser.get("/editions/hp/manage/booths/log").get_data(as_text=True)
    assert "Priority tier of Công ty An: Standard → Sponsor" in log
    assert "Công ty An and Công ty Bình marked as competitors" in log
    assert "no longer marked as competitors" in log
