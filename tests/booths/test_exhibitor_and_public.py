"""Exhibitors: their booth highlighted and their wishes (only after acceptance, only their own).
The public plan links booths to product pages. The JSON API reads the plan; organizers assign."""
import pytest
from sqlalchemy import select

from techfest.booths import services
from techfest.booths.models import BoothAssignment, BoothPreference, NearWish
from techfest.core.db import db
from techfest.core.errors import PermissionDenied
from tests.booths.factories import make_booth, make_exhibitor_org, make_hall, make_organizer, make_row, make_zone
from tests.booths.test_layout import english
from tests.factories import make_edition, make_token


@pytest.fixture
def fair(app):
    edition = make_edition(slug="hp", status="live")
    hall = make_hall(edition, "Nhà triển lãm A")
    zone = make_zone(hall, "Khu điện tử", colour="#8ecae6")
    row = make_row(hall, "A", 5, zone=zone, features=("power",))
    double = make_booth(hall, "D-01", 2, 10, w=6, size="double", features=("power",))
    organizer = make_organizer(edition)
    return edition, hall, zone, row, double, organizer


def test_exhibitor_sees_their_booth_highlighted_and_saves_wishes(fair, browser):
    edition, hall, zone, row, double, organizer = fair
    org, user = make_exhibitor_org(edition, "Công ty CP Điện tử Hải Phòng", with_user=True)
    friend = make_exhibitor_org(edition, "Trường Đại học Hàng hải Việt Nam")
    services.assign_booth(organizer, edition, row[2].id, org.id)
    browser.login(user.email)
    english(browser)
    page = browser.get("/editions/hp/my-booth").get_data(as_text=True)
    assert "Booth A-03" in page
    assert 'class="tf-booth tf-you' in page and 'id="booth-A-03"' in page
    assert page.count("tf-dim") == 5  # every other booth is faded
    assert f'value="b:{double.id}"' not in page  # a double booth is not offered to a standard exhibitor
    resp = browser.post_form("/editions/hp/my-booth", {"choice_1": f"b:{row[0].id}", "choice_2": f"z:{zone.id}",
                                                       "choice_3": "", "near_1": str(friend.id)})
    assert "Your booth wishes have been saved." in resp.get_data(as_text=True)
    prefs = db.session.scalars(select(BoothPreference).order_by(BoothPreference.rank)).all()
    assert [(p.rank, p.booth_id, p.zone_id) for p in prefs] == [(1, row[0].id, None), (2, None, zone.id)]
    assert db.session.scalar(select(NearWish.near_organisation_id)) == friend.id
    page = browser.get("/editions/hp/my-booth").get_data(as_text=True)
    assert f'<option selected value="b:{row[0].id}"' in page or f'value="b:{row[0].id}" selected' in page


def test_wishes_that_do_not_fit_are_refused_and_kept_on_the_form(fair, browser):
    edition, hall, zone, row, double, organizer = fair
    org, user = make_exhibitor_org(edition, with_user=True)
    browser.login(user.email)
    english(browser)
    resp = browser.post_form("/editions/hp/my-booth", {"choice_1": f"b:{double.id}", "choice_2": f"b:{row[0].id}",
                                                       "near_1": str(org.id)})
    page = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "does not fit your needs" in page and "not yourself" in page
    assert db.session.scalar(select(BoothPreference.id)) is None
    resp = browser.post_form("/editions/hp/my-booth", {"choice_1": f"b:{row[0].id}", "choice_2": f"b:{row[0].id}"})
    assert resp.status_code == 422 and "can be chosen once" in resp.get_data(as_text=True)


def test_wishes_open_only_after_acceptance(fair, browser):
    edition = fair[0]
    org, user = make_exhibitor_org(edition, status="submitted", with_user=True)
    browser.login(user.email)
    english(browser)
    resp = browser.get("/editions/hp/my-booth")
    assert resp.status_code == 200
    assert "Booth wishes open once one of your organisation's products is accepted." in resp.get_data(as_text=True)
    assert "choice_1" not in resp.get_data(as_text=True)


def test_an_exhibitor_cannot_change_another_organisations_wishes(fair):
    edition = fair[0]
    mine, me = make_exhibitor_org(edition, with_user=True)
    theirs = make_exhibitor_org(edition)
    with pytest.raises(PermissionDenied):
        services.save_preferences(me, edition, theirs.id, [], [])


def test_exhibitors_get_403_on_organizer_pages_and_api(fair, browser):
    edition, hall, zone, row, double, organizer = fair
    org, user = make_exhibitor_org(edition, with_user=True)
    browser.login(user.email)
    for url in ("/editions/hp/manage/booths", f"/editions/hp/manage/booths/{row[0].id}",
                "/editions/hp/manage/booths/booths.csv", "/editions/hp/manage/booths/exhibitors"):
        assert browser.get(url).status_code == 403
    token = make_token(user)
    resp = browser.client.put("/api/v1/editions/hp/booths/A-01/assignment", json={"organisation_id": org.id},
                              headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 403
    assert db.session.scalar(select(BoothAssignment.id)) is None


def test_public_plan_links_booths_to_product_pages(fair, client):
    from techfest.submissions.models import Product

    edition, hall, zone, row, double, organizer = fair
    org = make_exhibitor_org(edition, "Công ty <b>Điện tử</b> & Co", title="Cảm biến độ mặn")
    services.assign_booth(organizer, edition, row[1].id, org.id)
    product_id = db.session.scalar(select(Product.id).where(Product.organisation_id == org.id))
    page = client.get("/editions/hp/floor-plan").get_data(as_text=True)
    assert f'<a href="/editions/hp/products/{product_id}"><g class="tf-booth' in page
    assert "Công ty &lt;b&gt;Điện tử&lt;/b&gt; &amp; Co" in page and "<b>Điện tử</b>" not in page
    assert 'id="exhibitor-A-02"' in page and "Cảm biến độ mặn" in page
    svg = client.get(f"/editions/hp/floor-plan/{hall.id}.svg")
    assert svg.mimetype == "image/svg+xml" and 'class="tf-legend"' in svg.get_data(as_text=True)


def test_draft_editions_have_no_public_plan(app, client):
    edition = make_edition(slug="draft", status="draft")
    hall = make_hall(edition)
    assert client.get("/editions/draft/floor-plan").status_code == 404
    assert client.get(f"/api/v1/editions/draft/halls/{hall.id}/plan").status_code == 404


def test_api_reads_the_plan_with_neighbours_and_exhibitors(fair, client):
    edition, hall, zone, row, double, organizer = fair
    org = make_exhibitor_org(edition, "Incheon Smart Port (인천스마트포트)")
    services.assign_booth(organizer, edition, row[0].id, org.id)
    halls = client.get("/api/v1/editions/hp/halls").get_json()
    assert halls["total"] == 1 and halls["items"][0]["zones"][0]["name"] == "Khu điện tử"
    assert halls["items"][0]["booth_count"] == 6
    plan = client.get(f"/api/v1/editions/hp/halls/{hall.id}/plan").get_json()
    booths = {b["code"]: b for b in plan["booths"]}
    assert booths["A-02"]["neighbors"] == ["A-01", "A-03"]
    assert booths["A-01"]["exhibitor"]["name"] == "Incheon Smart Port (인천스마트포트)"
    assert booths["D-01"]["size"] == "double" and booths["D-01"]["w"] == 6.0
    page = client.get("/api/v1/editions/hp/booths?status=assigned").get_json()
    assert [b["code"] for b in page["items"]] == ["A-01"] and page["total"] == 1
    page = client.get("/api/v1/editions/hp/booths?q=incheon&per_page=2").get_json()
    assert [b["code"] for b in page["items"]] == ["A-01"]
    assert client.get("/api/v1/editions/hp/booths/a-01").get_json()["exhibitor"]["product_ids"]
    assert client.get("/api/v1/editions/hp/booths/Z-99").status_code == 404


def test_api_assignment_for_organizers_with_error_shape(fair, client):
    edition, hall, zone, row, double, organizer = fair
    org = make_exhibitor_org(edition)
    other = make_exhibitor_org(edition)
    token = make_token(organizer)
    headers = {"Authorization": f"Bearer {token}"}
    resp = client.put("/api/v1/editions/hp/booths/A-01/assignment", json={"organisation_id": org.id}, headers=headers)
    assert resp.status_code == 200 and resp.get_json()["status"] == "assigned"
    resp = client.put("/api/v1/editions/hp/booths/A-01/assignment", json={"organisation_id": other.id}, headers=headers)
    assert resp.status_code == 409 and "A-01" in resp.get_json()["error"]
    assert resp.get_json()["fields"] == {"booth": ["Already assigned."]}
    resp = client.put("/api/v1/editions/hp/booths/D-01/assignment", json={"organisation_id": "x"}, headers=headers)
    assert resp.status_code == 422 and "organisation_id" in resp.get_json()["fields"]
    assert client.delete("/api/v1/editions/hp/booths/A-01/assignment", headers=headers).status_code == 204
    assert client.delete("/api/v1/editions/hp/booths/A-01/assignment", headers=headers).status_code == 409
    assert client.put("/api/v1/editions/hp/booths/A-01/assignment", json={"organisation_id": org.id}).status_code == 401


def test_openapi_documents_the_booth_endpoints(app, client):
    spec = client.get("/api/v1/openapi.json").get_json()
    paths = spec["paths"]
    assert "get" in paths["/api/v1/editions/{slug}/booths"]
    assert "get" in paths["/api/v1/editions/{slug}/halls/{hall_id}/plan"]
    assert {"put", "delete"} <= set(paths["/api/v1/editions/{slug}/booths/{booth_code}/assignment"])


def test_plan_pages_use_a_fixed_number_of_queries(fair, client, browser, count_queries):
    from tests.booths.test_layout import login_organizer

    edition, hall, zone, row, double, organizer = fair
    more = make_row(hall, "B", 12, y=20)

    def measure(url):
        with count_queries() as n:
            assert client.get(url).status_code == 200
        return n()

    def place(booths):
        for booth in booths:
            services.assign_booth(organizer, edition, booth.id, make_exhibitor_org(edition).id)

    place(more[:2])
    few = measure("/editions/hp/floor-plan")
    place(more[2:6])
    assert measure("/editions/hp/floor-plan") == few  # anonymous visitor
    login_organizer(browser, edition)
    urls = [f"/editions/hp/manage/booths/halls/{hall.id}", "/editions/hp/manage/booths/exhibitors",
            "/editions/hp/manage/booths", "/editions/hp/floor-plan"]
    few = [measure(u) for u in urls]
    place(more[6:])
    assert [measure(u) for u in urls] == few
