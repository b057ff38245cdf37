"""The public catalogue: visibility, accent-folding search, filters, pages, a constant number of
queries, the product page with images and booth code, and image privacy."""
import pytest

from techfest.core.db import db
from techfest.submissions import services
from tests.factories import make_edition, make_org
from tests.submissions.factories import image_bytes, make_category, make_product


@pytest.fixture
def catalogue(app):
    edition = make_edition(slug="hp", status="live")
    cats = {"co-khi": make_category(edition, "co-khi", "Cơ khí chế tạo", "Mechanical engineering", 10),
            "y-hoc": make_category(edition, "y-hoc", "Y học biển", "Marine medicine", 20)}
    shipyard = make_org("Công ty CP Cơ khí Chính xác Duyên Hải", type="company")
    korean = make_org("Incheon Smart Port Co., Ltd. (인천스마트포트)", type="company", country="KR")
    products = {
        "may-cat": make_product(edition, shipyard, "confirmed", cats["co-khi"], "Máy CNC cắt plasma khổ lớn",
                                stage="commercial"),
        "robot": make_product(edition, shipyard, "accepted", cats["co-khi"], "Cánh tay robot hàn", stage="pilot"),
        "cang": make_product(edition, korean, "accepted", cats["co-khi"], "Hệ thống cảng thông minh (스마트 항만)",
                             stage="commercial"),
        "xet-nghiem": make_product(edition, shipyard, "accepted", cats["y-hoc"], "Bộ xét nghiệm nhanh độc tố",
                                   stage="prototype"),
        "cho-duyet": make_product(edition, shipyard, "under_review", cats["co-khi"], "Hộp số đang chờ duyệt"),
        "tu-choi": make_product(edition, shipyard, "rejected", cats["co-khi"], "Lò đốt bị từ chối"),
        "nhap": make_product(edition, shipyard, "draft", None, "Bản nháp"),
        "rut": make_product(edition, shipyard, "withdrawn", cats["co-khi"], "Xe nâng đã rút"),
    }
    return edition, cats, products


def _shown(html, products):
    return {k for k, p in products.items() if p.title in html}


def test_only_accepted_and_confirmed_products_are_public(catalogue, client):
    edition, cats, products = catalogue
    html = client.get("/editions/hp/products").get_data(as_text=True)
    assert _shown(html, products) == {"may-cat", "robot", "cang", "xet-nghiem"}


@pytest.mark.parametrize("q,expected", [
    ("may cat", {"may-cat"}),
    ("MÁY CẮT", {"may-cat"}),
    ("máy cắt", {"may-cat"}),
    ("duyen hai", {"may-cat", "robot", "xet-nghiem"}),   # the organisation's name
    ("스마트", {"cang"}),                                  # Korean is searched as typed
    ("incheon", {"cang"}),
    ("hop so", set()),                                    # under review: not public
    ("plasma robot", set()),                              # every word must match one product
])
def test_accent_folding_search(catalogue, client, q, expected):
    edition, cats, products = catalogue
    html = client.get("/editions/hp/products", query_string={"q": q}).get_data(as_text=True)
    assert _shown(html, products) == expected


def test_filters_by_category_and_stage(catalogue, client):
    edition, cats, products = catalogue
    assert _shown(client.get("/editions/hp/products?category=y-hoc").get_data(as_text=True), products) == {"xet-nghiem"}
    html = client.get("/editions/hp/products?category=co-khi&stage=commercial").get_data(as_text=True)
    assert _shown(html, products) == {"may-cat", "cang"}
    assert _shown(client.get("/editions/hp/products?stage=bogus").get_data(as_text=True), products) == set()


def test_pages_and_empty_state(catalogue, client):
    edition, cats, products = catalogue
    first = client.get("/editions/hp/products?per_page=3").get_data(as_text=True)
    second = client.get("/editions/hp/products?per_page=3&page=2").get_data(as_text=True)
    assert len(_shown(first, products)) == 3 and len(_shown(second, products)) == 1
    assert _shown(first, products).isdisjoint(_shown(second, products))
    html = client.get("/editions/hp/products?q=khong+co+gi&lang=en").get_data(as_text=True)
    assert "No product matches your search." in html


def test_the_list_runs_the_same_number_of_queries_whatever_the_page_size(app, client, count_queries):
    edition = make_edition(slug="hp", status="live")
    cats = [make_category(edition, f"cat-{i}", f"Loại {i}", position=i) for i in range(3)]
    orgs = [make_org(f"Công ty số {i}") for i in range(10)]
    from techfest.submissions.models import ProductImage

    for i in range(60):
        p = make_product(edition, orgs[i % 10], "accepted" if i % 2 else "confirmed", cats[i % 3], f"Sản phẩm {i:02d}")
        for j in range(2):
            db.session.add(ProductImage(product_id=p.id, key=f"k{i}-{j}", ext="png", width=1, height=1, size_bytes=1,
                                        position=j))
    db.session.commit()
    counts = {}
    for size in (5, 50):
        with count_queries() as n:
            resp = client.get(f"/editions/hp/products?per_page={size}")
        assert resp.status_code == 200
        assert resp.get_data(as_text=True).count('class="card h-100 tf-product-card"') == size
        counts[size] = n()
    assert counts[5] == counts[50], counts
    assert counts[50] <= 8, counts


def test_product_page_shows_images_organisation_and_booth_code_once_allocated(catalogue, client):
    edition, cats, products = catalogue
    p = products["may-cat"]
    p.organisation.description = "Gia công cơ khí chính xác cho đóng tàu."
    p.description = "## Thông số\n\n**Khổ cắt** 3 x 12 m <script>alert(1)</script>"
    from techfest.submissions.images import process_image, store
    from techfest.submissions.models import ProductImage

    processed = process_image(image_bytes("PNG", size=(400, 300)))
    key = store(client.application.config["UPLOAD_DIR"], services.IMAGE_FOLDER, processed)
    db.session.add(ProductImage(product_id=p.id, key=key, ext="png", width=400, height=300, size_bytes=1))
    db.session.commit()
    html = client.get(f"/editions/hp/products/{p.id}?lang=en").get_data(as_text=True)
    assert "Máy CNC cắt plasma khổ lớn" in html and "Công ty CP Cơ khí Chính xác Duyên Hải" in html
    assert "Gia công cơ khí chính xác cho đóng tàu." in html
    assert "<h4>Thông số</h4>" in html and "<strong>Khổ cắt</strong>" in html
    assert "<script>alert(1)</script>" not in html
    assert f"/media/products/{key}/full" in html
    assert "Booth" not in html.split("</h1>")[1].split("Exhibitor")[0]  # no booth yet
    services.record_booth_codes(edition, {p.id: "A-12"})
    db.session.commit()
    html = client.get(f"/editions/hp/products/{p.id}?lang=en").get_data(as_text=True)
    assert "A-12" in html
    assert "A-12" in client.get("/editions/hp/products").get_data(as_text=True)
    resp = client.get(f"/media/products/{key}/thumb")
    assert resp.status_code == 200 and resp.headers["Content-Type"] == "image/png"
    assert "public" in resp.headers.get("Cache-Control", "") or "max-age=86400" in resp.headers.get("Cache-Control", "")


def test_images_and_pages_of_non_public_products_are_not_public(catalogue, client):
    edition, cats, products = catalogue
    from techfest.submissions.images import process_image, store
    from techfest.submissions.models import ProductImage

    p = products["cho-duyet"]
    key = store(client.application.config["UPLOAD_DIR"], services.IMAGE_FOLDER, process_image(image_bytes("PNG")))
    db.session.add(ProductImage(product_id=p.id, key=key, ext="png", width=1, height=1, size_bytes=1))
    db.session.commit()
    assert client.get(f"/editions/hp/products/{p.id}").status_code == 404
    assert client.get(f"/media/products/{key}/full").status_code == 404
    assert client.get(f"/media/products/{key}/thumb").status_code == 404
    assert client.get("/media/products/unknown-key/full").status_code == 404
    assert client.get(f"/media/products/{key}/../../secret").status_code == 404
    # a product shown under another edition's address is not found either
    make_edition(slug="other", status="live")
    assert client.get(f"/editions/other/products/{products['may-cat'].id}").status_code == 404


def test_a_draft_editions_catalogue_is_hidden(client):
    make_edition(slug="nhap", status="draft")
    assert client.get("/editions/nhap/products").status_code == 404


def test_the_edition_page_links_to_the_products(catalogue, client):
    html = client.get("/editions/hp?lang=en").get_data(as_text=True)
    assert 'href="/editions/hp/products"' in html


def test_services_for_other_domains(catalogue):
    edition, cats, products = catalogue
    p = products["robot"]
    p.booth_size, p.needs_water = "double", True
    products["may-cat"].needs_power = True
    db.session.commit()
    assert sorted(x.id for x in services.accepted_products(edition)) == sorted(
        products[k].id for k in ("may-cat", "robot", "cang", "xet-nghiem"))
    needs = {e.organisation_name: e for e in services.accepted_exhibitors(edition)}
    assert set(needs) == {"Công ty CP Cơ khí Chính xác Duyên Hải", "Incheon Smart Port Co., Ltd. (인천스마트포트)"}
    shipyard = needs["Công ty CP Cơ khí Chính xác Duyên Hải"]
    assert sorted(shipyard.product_ids) == sorted(products[k].id for k in ("may-cat", "robot", "xet-nghiem"))
    assert shipyard.booth_size == "double" and shipyard.needs_power and shipyard.needs_water and shipyard.confirmed
    assert needs["Incheon Smart Port Co., Ltd. (인천스마트포트)"].country == "KR"
    assert not needs["Incheon Smart Port Co., Ltd. (인천스마트포트)"].confirmed
    found = services.products_by_ids([products["robot"].id, products["nhap"].id, 99999])
    assert set(found) == {products["robot"].id, products["nhap"].id}
    assert services.product_for_public(products["robot"].id).title == "Cánh tay robot hàn"
    from techfest.core.errors import NotFound

    for key in ("nhap", "cho-duyet", "tu-choi"):
        with pytest.raises(NotFound):
            services.product_for_public(products[key].id)
