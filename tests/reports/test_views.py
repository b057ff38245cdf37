"""Report pages as a browser sees them, exports, the PDF's text, the API and permissions."""
from decimal import Decimal
from io import BytesIO

from pypdf import PdfReader

from techfest.core.db import db
from techfest.reports.models import RecordedFigure
from techfest.reports.services import save_figure
from tests.factories import make_edition, make_token, make_user
from tests.reports.factories import make_known_edition


def _login_organizer(browser, edition):
    organizer = make_user(role="organizer", edition=edition)
    browser.login(organizer.email)
    return organizer


def test_report_page_shows_charts_and_tables_with_the_counts(browser):
    edition = make_known_edition()["edition"]
    _login_organizer(browser, edition)
    resp = browser.get(f"/editions/{edition.slug}/manage/report?lang=en")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert html.count("<svg") >= 5
    assert "Products shown by category" in html and "Mechanical engineering" in html
    assert '<th scope="row" class="fw-normal">KR</th><td class="text-end">1</td>' in html
    assert "<script" not in html.split('id="products_by_status"')[1].split("</section>")[0]
    assert "/manage/report" in html and ">Report<" in html  # the dashboard tab


def test_report_page_query_count_does_not_grow_with_the_edition(browser, count_queries):
    small = make_known_edition(slug="nho")["edition"]
    large = make_known_edition(extra_products=30, slug="lon")["edition"]
    organizer = make_user(role="organizer", edition=small)
    from techfest.accounts.services import _grant
    from techfest.core.auth import Role

    _grant(organizer, large, Role.ORGANIZER)
    db.session.commit()
    browser.login(organizer.email)
    browser.get("/editions/nho/manage/report")  # warm up (session, translations)
    with count_queries() as n_small:
        assert browser.get("/editions/nho/manage/report").status_code == 200
    with count_queries() as n_large:
        assert browser.get("/editions/lon/manage/report").status_code == 200
    assert n_small() == n_large()


def test_pdf_text_holds_the_vietnamese_figures(browser):
    edition = make_known_edition()["edition"]
    organizer = _login_organizer(browser, edition)
    save_figure(organizer, edition, {"key": "jobs_created", "label_vi": "Việc làm tạo mới", "value": "120",
                                     "unit": "việc làm", "source": "Ước tính của Ban tổ chức"})
    resp = browser.get(f"/editions/{edition.slug}/manage/report.pdf?lang=vi")
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(resp.data)).pages)
    assert edition.name in text
    assert "Việc làm tạo mới" in text and "Ước tính của Ban tổ chức" in text
    assert "Cơ khí chế tạo" in text and "Nông nghiệp công nghệ cao" in text


def test_csv_and_xlsx_downloads(browser):
    edition = make_known_edition()["edition"]
    _login_organizer(browser, edition)
    csv = browser.get(f"/editions/{edition.slug}/manage/report.csv?lang=en")
    assert csv.status_code == 200 and csv.data.startswith(b"\xef\xbb\xbf")
    assert "Exhibitors by country,VN,2,,counted" in csv.data.decode("utf-8-sig").splitlines()
    xlsx = browser.get(f"/editions/{edition.slug}/manage/report.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


def test_record_edit_and_delete_a_figure(browser):
    edition = make_edition()
    _login_organizer(browser, edition)
    url = f"/editions/{edition.slug}/manage/report/figures/new"
    bad = browser.post_form(url, {"key": "viec lam", "label_vi": "Việc làm tạo mới", "value": "120"},
                            follow_redirects=False)
    assert bad.status_code == 422
    assert 'value="Việc làm tạo mới"' in bad.get_data(as_text=True)  # input kept
    ok = browser.post_form(url, {"key": "jobs_created", "label_vi": "Việc làm tạo mới", "label_en": "Jobs created",
                                 "value": "120", "unit": "việc làm", "source": "Khảo sát 2026", "is_public": "y"})
    assert ok.status_code == 200
    figure = db.session.scalar(db.select(RecordedFigure).where(RecordedFigure.edition_id == edition.id))
    assert (figure.key, int(figure.value), figure.is_public) == ("jobs_created", 120, True)
    dup = browser.post_form(url, {"key": "jobs_created", "label_vi": "Trùng", "value": "1"}, follow_redirects=False)
    assert dup.status_code == 422
    figure_id = figure.id
    edit_url = f"/editions/{edition.slug}/manage/report/figures/{figure_id}"
    browser.post_form(edit_url, {"key": "jobs_created", "label_vi": "Việc làm mới", "value": "135,5"})
    db.session.expire_all()
    assert db.session.get(RecordedFigure, figure_id).value == Decimal("135.5")
    page = browser.get(f"/editions/{edition.slug}/manage/report/figures").get_data(as_text=True)
    assert "Việc làm mới" in page
    browser.post_form(f"/editions/{edition.slug}/manage/report/figures", {},
                      action=f"{edit_url}/delete")
    db.session.expire_all()
    assert db.session.get(RecordedFigure, figure_id) is None


def test_an_organizer_cannot_touch_another_editions_figures(browser):
    mine = make_edition()
    theirs = make_edition()
    figure = save_figure(None, theirs, {"key": "jobs_created", "label_vi": "Việc làm", "value": "5"})
    _login_organizer(browser, mine)
    assert browser.get(f"/editions/{theirs.slug}/manage/report").status_code == 403
    assert browser.get(f"/editions/{mine.slug}/manage/report/figures/{figure.id}").status_code == 404


def test_compare_and_public_numbers(browser, client):
    organizer = make_user()
    old = make_edition(year=2022, status="archived")
    new = make_edition(year=2023, status="archived")
    for e, v in ((old, "15800"), (new, "20000")):
        save_figure(organizer, e, {"key": "visitors", "label_vi": "Lượt khách", "value": v, "is_public": True})
        save_figure(organizer, e, {"key": "budget_internal", "label_vi": "Kinh phí nội bộ", "value": "7"})
    page = client.get("/numbers?lang=vi").get_data(as_text=True)
    assert "35.800" in page  # visitors over both editions
    assert "Kinh phí nội bộ" not in page  # not published
    assert client.get("/manage/reports").status_code == 302  # anonymous → login
    _login_organizer(browser, new)
    compare = browser.get("/manage/reports?lang=en").get_data(as_text=True)
    assert "Kinh phí nội bộ" in compare
    assert "+26.6%" in compare


def test_stats_api(api):
    edition = make_known_edition()["edition"]
    organizer = make_user(role="organizer", edition=edition)
    exhibitor = make_user(role="exhibitor", edition=edition)
    resp = api.get(f"/api/v1/editions/{edition.slug}/stats", token=make_token(organizer))
    assert resp.status_code == 200
    assert resp.json["headlines"]["products_shown"] == {"value": 4, "source": "counted"}
    groups = {g["key"]: g for g in resp.json["groups"]}
    assert {"label": "KR", "value": 1} in groups["exhibitors_by_country"]["rows"]
    assert api.get(f"/api/v1/editions/{edition.slug}/stats", token=make_token(exhibitor)).status_code == 403
    assert api.get(f"/api/v1/editions/{edition.slug}/stats").status_code == 401
    assert "/editions/{slug}/stats" in str(api.get("/api/v1/openapi.json").json["paths"])
