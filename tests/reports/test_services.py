"""Figures against a hand-counted edition (tests/reports/factories.py) and the query bound."""
from decimal import Decimal

import pytest

from techfest.accounts.models import ORGANISATION_TYPE_LABELS, OrganisationType
from techfest.reports import services
from techfest.submissions.models import STAGE_LABELS, STATUS_LABELS, Stage
from techfest.submissions.workflow import ProductStatus
from tests.factories import make_edition, make_user
from tests.reports.factories import make_known_edition


@pytest.fixture
def ctx(app):
    with app.test_request_context("/?lang=en"):
        yield


def _rows(group):
    return dict(group.rows)


def test_product_and_exhibitor_figures_match_the_hand_count(ctx):
    edition = make_known_edition()["edition"]
    assert _rows(services.products_by_status(edition)) == {
        str(STATUS_LABELS[ProductStatus.DRAFT]): 1, str(STATUS_LABELS[ProductStatus.SUBMITTED]): 1,
        str(STATUS_LABELS[ProductStatus.ACCEPTED]): 3, str(STATUS_LABELS[ProductStatus.REJECTED]): 1,
        str(STATUS_LABELS[ProductStatus.CONFIRMED]): 1}
    assert services.products_by_category(edition, "en").rows == [("Mechanical engineering", 2),
                                                                 ("High-tech agriculture", 2)]
    assert services.products_by_category(edition, "vi").rows[0] == ("Cơ khí chế tạo", 2)
    assert _rows(services.products_by_stage(edition)) == {
        str(STAGE_LABELS[Stage.PROTOTYPE]): 1, str(STAGE_LABELS[Stage.PILOT]): 1,
        str(STAGE_LABELS[Stage.COMMERCIAL]): 1, "Not given": 1}
    assert _rows(services.exhibitors_by_type(edition)) == {
        str(ORGANISATION_TYPE_LABELS[OrganisationType.STARTUP]): 1,
        str(ORGANISATION_TYPE_LABELS[OrganisationType.COMPANY]): 1,
        str(ORGANISATION_TYPE_LABELS[OrganisationType.UNIVERSITY]): 1}
    assert services.exhibitors_by_country(edition).rows == [("VN", 2), ("KR", 1)]


def test_forum_figures_match_the_hand_count(ctx):
    edition = make_known_edition()["edition"]
    assert _rows(services.forum_sessions_by_type(edition)) == {"Keynote": 1, "Discussion panel": 1, "Workshop": 1}
    assert services.forum_speakers_by_country(edition).rows == [("VN", 2), ("KR", 1)]
    capacity = _rows(services.forum_capacity(edition))
    assert capacity["Seats offered"] == 420 and capacity["Expected attendance"] == 350


def test_figures_of_another_edition_are_not_counted(ctx):
    make_known_edition()
    other = make_edition()
    assert services.products_by_status(other).rows == []
    assert services.exhibitors_by_country(other).rows == []
    assert services.forum_sessions_by_type(other).rows == []


def test_headlines_count_live_data_and_fall_back_to_recorded_figures(ctx):
    edition = make_known_edition()["edition"]
    organizer = make_user(role="organizer", edition=edition)
    archived = make_edition(year=2019, status="archived")
    services.save_figure(organizer, archived, {"key": "products_shown", "label_vi": "Sản phẩm trưng bày",
                                               "value": "74", "source": "Báo cáo tổng kết 2019", "is_public": True})
    heads = services.headlines([edition, archived], services._recorded([edition.id, archived.id]))
    assert heads[edition.id]["products_shown"] == {"value": 4, "source": "counted", "note": "", "counted": 4}
    assert heads[edition.id]["exhibitors"]["value"] == 3
    assert heads[edition.id]["forum_sessions"]["value"] == 3
    assert heads[edition.id]["speakers"]["value"] == 3
    assert heads[archived.id]["products_shown"]["value"] == 74
    assert heads[archived.id]["products_shown"]["source"] == "recorded"
    assert heads[archived.id]["exhibitors"]["value"] is None


def test_comparison_gives_change_against_previous_edition(ctx):
    organizer = make_user()
    old = make_edition(year=2022, status="archived")
    new = make_edition(year=2023, status="archived")
    for e, v in ((old, "100"), (new, "130")):
        services.save_figure(organizer, e, {"key": "visitors", "label_vi": "Lượt khách", "value": v})
        services.save_figure(organizer, e, {"key": "jobs_created", "label_vi": "Việc làm tạo mới", "value": v,
                                            "unit": "việc làm"})
    data = services.comparison()
    rows = {r["key"]: r for r in data["rows"]}
    assert rows["visitors"]["values"][new.id]["change"] == Decimal("30.0")
    assert rows["visitors"]["values"][old.id]["change"] is None
    assert rows["jobs_created"]["values"][new.id]["value"] == 130
    assert rows["jobs_created"]["unit"] == "việc làm"


def test_public_numbers_show_only_public_recorded_figures(ctx):
    organizer = make_user()
    e = make_edition(year=2021, status="archived")
    services.save_figure(organizer, e, {"key": "jobs_created", "label_vi": "Việc làm", "value": "85", "is_public": True})
    services.save_figure(organizer, e, {"key": "secret_budget", "label_vi": "Ngân sách", "value": "9", "is_public": False})
    services.save_figure(organizer, e, {"key": "visitors", "label_vi": "Khách", "value": "8000", "is_public": False})
    data = services.public_numbers()
    assert data["editions_held"] == 1
    assert [r["key"] for r in data["public_rows"]] == ["jobs_created"]
    assert data["totals"]["visitors"]["total"] == 0  # not published


def test_recorded_figure_validation_and_unique_key(ctx):
    from techfest.core.errors import Conflict, ValidationFailed

    organizer = make_user()
    e = make_edition()
    with pytest.raises(ValidationFailed) as err:
        services.save_figure(organizer, e, {"key": "Việc làm", "label_vi": "", "value": "nhiều"})
    assert set(err.value.fields) == {"key", "label_vi", "value"}
    f = services.save_figure(organizer, e, {"key": "pii_score", "label_vi": "Chỉ số PII", "value": "48,96"})
    assert f.value == Decimal("48.96") and f.display_value == Decimal("48.96")
    with pytest.raises(Conflict):
        services.save_figure(organizer, e, {"key": "pii_score", "label_vi": "Trùng", "value": "1"})


def test_csv_has_bom_and_the_figures(ctx):
    edition = make_known_edition()["edition"]
    organizer = make_user()
    services.save_figure(organizer, edition, {"key": "jobs_created", "label_vi": "Việc làm tạo mới", "value": "120",
                                              "unit": "việc làm", "source": "Ước tính của Ban tổ chức"})
    data = services.export_csv(services.edition_report(edition, "en"))
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "Group,Figure,Value,Unit,Source"
    assert "Headline figures,Products shown,4,,counted" in lines
    assert "Products shown by category,Mechanical engineering,2,,counted" in lines
    assert "Exhibitors by country,KR,1,,counted" in lines
    assert "Recorded figures,Việc làm tạo mới,120,việc làm,Ước tính của Ban tổ chức" in lines


def test_xlsx_holds_the_same_rows(ctx):
    from io import BytesIO

    from openpyxl import load_workbook

    edition = make_known_edition()["edition"]
    report = services.edition_report(edition, "en")
    ws = load_workbook(BytesIO(services.export_xlsx(report))).active
    rows = [tuple(c.value for c in r) for r in ws.iter_rows(min_row=2)]
    assert ("Headline figures", "Products shown", 4, None, "counted") in rows
    assert len(rows) == len(services.flat_figures(report))


def test_report_runs_the_same_number_of_queries_whatever_the_size(ctx, count_queries):
    small = make_known_edition()["edition"]
    large = make_known_edition(extra_products=30)["edition"]
    assert small.timezone and large.timezone  # load both rows (expired by the factories' commits)
    with count_queries() as n_small:
        services.edition_report(small)
    with count_queries() as n_large:
        report = services.edition_report(large)
    assert report["headlines"]["products_shown"]["value"] == 34
    assert n_small() == n_large()
    assert n_small() < 40
