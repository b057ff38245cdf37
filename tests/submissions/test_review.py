"""Organizers: the review list (filters, accent-folding search, counts, sort, pages), decisions
with notes and e-mails, bulk steps, internal notes, exports, categories."""
import csv
import io

import pytest

from techfest.core.db import db
from techfest.submissions.models import Category, Product, ProductNote, ProductTransition
from tests.conftest import csrf_from
from tests.factories import make_edition, make_org, make_user
from tests.submissions.factories import make_category, make_product


@pytest.fixture
def fair(browser):
    edition = make_edition(slug="hp", status="closed")
    cats = {"dien-tu": make_category(edition, "dien-tu", "Công nghiệp điện tử", "Electronics", 10),
            "nong-nghiep": make_category(edition, "nong-nghiep", "Nông nghiệp công nghệ cao", "Agriculture", 20)}
    company = make_org("Công ty CP Điện tử Hải Phòng", type="company")
    university = make_org("Trường Đại học Hàng hải Việt Nam", type="university")
    exhibitor = make_user("duc@dientu.example.vn", name="Trần Văn Đức", role="exhibitor", edition=edition, org=company)
    products = {
        "den": make_product(edition, company, "under_review", cats["dien-tu"], "Bộ điều khiển đèn đường LED",
                            stage="commercial", created_by=exhibitor),
        "cam-bien": make_product(edition, company, "submitted", cats["dien-tu"], "Cảm biến độ mặn", stage="prototype"),
        "tuoi": make_product(edition, university, "under_review", cats["nong-nghiep"], "Hệ thống tưới nhỏ giọt",
                             stage="pilot"),
        "tau": make_product(edition, university, "accepted", cats["dien-tu"], "Giám sát nhiên liệu tàu biển",
                            stage="pilot"),
        "nhap": make_product(edition, company, "draft", None, "Bản nháp bí mật"),
    }
    make_user("org@sokhcn.example.vn", name="Nguyễn Thị Thu Hà", role="organizer", edition=edition)
    browser.login("org@sokhcn.example.vn")
    return edition, cats, products, exhibitor


def _titles(html: str, products) -> set[str]:
    return {key for key, p in products.items() if p.title in html}


def _token(browser) -> str:
    return csrf_from(browser.get("/account").get_data(as_text=True))


def test_review_list_hides_drafts_and_counts_per_status_and_category(fair, browser):
    edition, cats, products, _ = fair
    html = browser.get("/editions/hp/manage/products?lang=en").get_data(as_text=True)
    assert _titles(html, products) == {"den", "cam-bien", "tuoi", "tau"}
    assert "All · 4" in html and "Under review · 2" in html and "Submitted · 1" in html and "Accepted · 1" in html
    assert "Electronics (3)" in html and "Agriculture (1)" in html


@pytest.mark.parametrize("query,expected", [
    ("status=under_review", {"den", "tuoi"}),
    ("stage=pilot", {"tuoi", "tau"}),
    ("org_type=university", {"tuoi", "tau"}),
    ("q=dien+tu+hai+phong", {"den", "cam-bien"}),          # organisation name, no accents
    ("q=DEN+DUONG", {"den"}),                                # upper case, no accents
    ("q=hàng+hải", {"tuoi", "tau"}),                          # with accents
    ("q=muoi+nhien+lieu", set()),                             # every word must match
    ("q=nhiên+liệu", {"tau"}),
])
def test_review_filters_and_accent_folding_search(fair, browser, query, expected):
    edition, cats, products, _ = fair
    html = browser.get(f"/editions/hp/manage/products?{query}").get_data(as_text=True)
    assert _titles(html, products) == expected


def test_review_filter_by_category(fair, browser):
    edition, cats, products, _ = fair
    html = browser.get(f"/editions/hp/manage/products?category={cats['nong-nghiep'].id}").get_data(as_text=True)
    assert _titles(html, products) == {"tuoi"}


def test_review_list_sorts_by_name_and_paginates(fair, browser):
    edition, cats, products, _ = fair
    html = browser.get("/editions/hp/manage/products?sort=title&per_page=2").get_data(as_text=True)
    # Bộ điều khiển… < Cảm biến… (folded: "bo dieu…" < "cam bien…")
    assert _titles(html, products) == {"den", "cam-bien"}
    assert html.index(products["den"].title) < html.index(products["cam-bien"].title)
    html = browser.get("/editions/hp/manage/products?sort=title&per_page=2&page=2").get_data(as_text=True)
    assert _titles(html, products) == {"tuoi", "tau"}


def test_organizer_accepts_with_a_message_the_exhibitor_reads_and_receives(fair, browser, outbox, app):
    edition, cats, products, exhibitor = fair
    p = products["den"]
    browser.client.post(f"/editions/hp/manage/products/{p.id}/transition",
                        data={"csrf_token": _token(browser), "to": "accepted",
                              "note": "Chúc mừng! Gian hàng sẽ được bố trí gần cổng chính."})
    db.session.expire_all()
    assert db.session.get(Product, p.id).status == "accepted"
    step = db.session.scalar(db.select(ProductTransition))
    assert (step.from_status, step.to_status, step.actor_role) == ("under_review", "accepted", "organizer")
    assert step.note == "Chúc mừng! Gian hàng sẽ được bố trí gần cổng chính."
    assert [m["To"] for m in outbox] == ["duc@dientu.example.vn"]
    body = outbox[0].get_content()
    assert "Gian hàng sẽ được bố trí gần cổng chính" in body
    assert "from Under review to Accepted" in body  # the English half of the bilingual mail
    # the exhibitor sees it in the timeline
    from tests.conftest import Browser

    ex = Browser(app.test_client())
    ex.login("duc@dientu.example.vn")
    html = ex.get(f"/editions/hp/my-products/{p.id}").get_data(as_text=True)
    assert "Chúc mừng! Gian hàng sẽ được bố trí gần cổng chính." in html


def test_a_refused_step_changes_nothing(fair, browser, outbox):
    edition, cats, products, _ = fair
    p = products["cam-bien"]  # submitted: must go under review first
    resp = browser.client.post(f"/editions/hp/manage/products/{p.id}/transition",
                               data={"csrf_token": _token(browser), "to": "accepted"}, follow_redirects=True)
    assert resp.status_code == 200
    db.session.expire_all()
    assert db.session.get(Product, p.id).status == "submitted"
    assert outbox == [] and db.session.scalar(db.select(db.func.count()).select_from(ProductTransition)) == 0


def test_organizers_never_open_a_draft(fair, browser):
    edition, cats, products, _ = fair
    assert browser.get(f"/editions/hp/manage/products/{products['nhap'].id}").status_code == 404


def test_bulk_accept_applies_one_note_and_skips_what_the_workflow_refuses(fair, browser, outbox):
    edition, cats, products, _ = fair
    ids = [products[k].id for k in ("den", "tuoi", "cam-bien", "nhap")]
    resp = browser.client.post("/editions/hp/manage/products/bulk?lang=en", data={
        "csrf_token": _token(browser), "ids": ids, "to": "accepted", "note": "Hẹn gặp tại Techfest!",
        "next": "/editions/hp/manage/products?status=under_review"}, follow_redirects=False)
    assert resp.headers["Location"] == "/editions/hp/manage/products?status=under_review"
    db.session.expire_all()
    statuses = {k: db.session.get(Product, p.id).status for k, p in products.items()}
    assert statuses == {"den": "accepted", "tuoi": "accepted", "cam-bien": "submitted", "tau": "accepted",
                        "nhap": "draft"}
    notes = db.session.scalars(db.select(ProductTransition.note)).all()
    assert notes == ["Hẹn gặp tại Techfest!"] * 2
    html = browser.get("/editions/hp/manage/products?lang=en").get_data(as_text=True)
    assert "2 products moved to “Accepted”." in html
    assert "Cảm biến độ mặn" in html.split("left unchanged:")[1][:200]


def test_internal_notes_stay_internal_and_messages_reach_the_exhibitor(fair, browser, outbox, app, api):
    edition, cats, products, exhibitor = fair
    p = products["den"]
    token = _token(browser)
    browser.client.post(f"/editions/hp/manage/products/{p.id}/notes",
                        data={"csrf_token": token, "body": "Giá thành có vẻ cao, cần hỏi lại.", "kind": "internal"})
    browser.client.post(f"/editions/hp/manage/products/{p.id}/notes",
                        data={"csrf_token": token, "body": "Vui lòng gửi thêm ảnh sản phẩm thực tế.", "kind": "message"})
    assert db.session.scalar(db.select(db.func.count()).select_from(ProductNote)) == 2
    review = browser.get(f"/editions/hp/manage/products/{p.id}").get_data(as_text=True)
    assert "Giá thành có vẻ cao" in review and "Vui lòng gửi thêm ảnh" in review
    from tests.conftest import Browser
    from tests.factories import make_token

    ex = Browser(app.test_client())
    ex.login("duc@dientu.example.vn")
    page = ex.get(f"/editions/hp/my-products/{p.id}").get_data(as_text=True)
    assert "Vui lòng gửi thêm ảnh sản phẩm thực tế." in page
    assert "Giá thành có vẻ cao" not in page
    body = api.get(f"/api/v1/products/{p.id}", token=make_token(exhibitor)).get_data(as_text=True)
    assert "Giá thành" not in body
    assert [m["To"] for m in outbox] == ["duc@dientu.example.vn"]
    assert "Vui lòng gửi thêm ảnh" in outbox[0].get_content()


def test_empty_note_is_refused_and_kept_on_the_page(fair, browser):
    edition, cats, products, _ = fair
    resp = browser.client.post(f"/editions/hp/manage/products/{products['den'].id}/notes",
                               data={"csrf_token": _token(browser), "body": "", "kind": "internal"})
    assert resp.status_code == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(ProductNote)) == 0


def test_csv_export_has_a_bom_and_the_vietnamese_text_intact(fair, browser):
    edition, cats, products, _ = fair
    org = products["den"].organisation
    org.contact_name, org.phone = "Trần Văn Đức", "0225 3841 234"
    db.session.commit()
    resp = browser.get("/editions/hp/manage/products/export.csv?lang=vi")
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in resp.headers["Content-Disposition"]
    data = resp.data
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert len(body) == 4  # no drafts
    by_title = {r[header.index("Tên sản phẩm") if "Tên sản phẩm" in header else 1]: r for r in body}
    row = by_title["Bộ điều khiển đèn đường LED"]
    assert row[3] == "Công ty CP Điện tử Hải Phòng"
    assert "Trần Văn Đức" in row and "0225 3841 234" in row and "duc@dientu.example.vn" in row
    assert "Bản nháp bí mật" not in data.decode("utf-8-sig")


def test_csv_export_follows_the_filters(fair, browser):
    edition, cats, products, _ = fair
    data = browser.get("/editions/hp/manage/products/export.csv?q=hang+hai").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))[1:]
    assert sorted(r[1] for r in rows) == ["Giám sát nhiên liệu tàu biển", "Hệ thống tưới nhỏ giọt"]


def test_xlsx_export_opens_in_a_spreadsheet(fair, browser):
    from openpyxl import load_workbook

    resp = browser.get("/editions/hp/manage/products/export.xlsx")
    assert resp.status_code == 200 and "spreadsheetml" in resp.headers["Content-Type"]
    ws = load_workbook(io.BytesIO(resp.data)).active
    titles = sorted(row[1] for row in ws.iter_rows(min_row=2, values_only=True))
    assert titles == sorted(["Bộ điều khiển đèn đường LED", "Cảm biến độ mặn", "Hệ thống tưới nhỏ giọt",
                             "Giám sát nhiên liệu tàu biển"])


def test_exhibitors_cannot_review_or_export(fair, app):
    from tests.conftest import Browser

    ex = Browser(app.test_client())
    ex.login("duc@dientu.example.vn")
    for url in ("/editions/hp/manage/products", "/editions/hp/manage/products/export.csv",
                "/editions/hp/manage/categories"):
        assert ex.get(url).status_code == 403


# --- categories ------------------------------------------------------------------------------

def test_organizer_adds_renames_and_deletes_categories(fair, browser):
    edition, cats, products, _ = fair
    resp = browser.post_form("/editions/hp/manage/categories",
                             {"new-name": "Y học biển", "new-name_en": "Marine medicine", "new-submit": "1"})
    assert resp.status_code == 200
    added = db.session.scalar(db.select(Category).where(Category.slug == "y-hoc-bien"))
    assert added is not None and added.name_en == "Marine medicine" and added.position == 30
    token = _token(browser)
    browser.client.post(f"/editions/hp/manage/categories/{added.id}", data={
        "csrf_token": token, f"c{added.id}-name": "Y dược biển", f"c{added.id}-name_en": "Marine medicine",
        f"c{added.id}-slug": "y-duoc-bien", f"c{added.id}-position": "5"})
    db.session.refresh(added)
    assert (added.name, added.slug, added.position) == ("Y dược biển", "y-duoc-bien", 5)
    added_id = added.id
    browser.client.post(f"/editions/hp/manage/categories/{added_id}/delete", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.scalar(db.select(Category.id).where(Category.id == added_id)) is None


def test_a_category_in_use_cannot_be_deleted(fair, browser):
    edition, cats, products, _ = fair
    resp = browser.client.post(f"/editions/hp/manage/categories/{cats['dien-tu'].id}/delete?lang=en",
                               data={"csrf_token": _token(browser)}, follow_redirects=True)
    assert "This category is used by products" in resp.get_data(as_text=True)
    assert db.session.get(Category, cats["dien-tu"].id) is not None


def test_a_duplicate_category_short_name_is_reported_on_the_field(fair, browser):
    resp = browser.post_form("/editions/hp/manage/categories",
                             {"new-name": "Điện tử", "new-slug": "dien-tu", "new-submit": "1"})
    assert resp.status_code == 422
    assert 'value="Điện tử"' in resp.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Category)) == 2


def test_a_new_edition_starts_with_a_copy_of_the_previous_editions_categories(fair, browser):
    from datetime import date

    from techfest.editions.services import create_edition

    edition, cats, products, _ = fair
    organizer = make_user("org2@sokhcn.example.vn", role="organizer", edition=edition)
    new = create_edition(organizer, {"name": "Techfest Hải Phòng 2027", "slug": "hp-2027", "year": 2027,
                                     "city": "Hải Phòng", "start_date": date(2027, 11, 20), "end_date": date(2027, 11, 22)})
    copied = db.session.scalars(db.select(Category).where(Category.edition_id == new.id).order_by(Category.position)).all()
    assert [(c.slug, c.name, c.name_en) for c in copied] == [
        ("dien-tu", "Công nghiệp điện tử", "Electronics"), ("nong-nghiep", "Nông nghiệp công nghệ cao", "Agriculture")]
    assert {c.id for c in copied}.isdisjoint({c.id for c in cats.values()})
