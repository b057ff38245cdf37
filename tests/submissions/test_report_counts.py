"""The counts the reports read from submissions (submissions.services), against a hand count."""
import pytest

from techfest.core.db import db
from techfest.submissions import services
from techfest.submissions.models import Stage
from techfest.submissions.workflow import ProductStatus
from tests.factories import make_edition, make_org
from tests.submissions.factories import make_category, make_product


@pytest.fixture
def fair(app):
    """Cơ khí: robot accepted (org A, prototype), CNC confirmed (org A, pilot), conveyor submitted
    (org B); Nông nghiệp: sensor accepted (org B, commercial), greenhouse rejected (org C);
    no category: drone accepted (org C, no stage), fertiliser draft (org C).
    → shown: robot, CNC, sensor, drone (4); exhibitors A, B, C (3). Another edition: one accepted
    product of org A and a draft of org B."""
    edition, other = make_edition(), make_edition()
    meca = make_category(edition, "co-khi", "Cơ khí chế tạo", "Mechanical engineering", position=1)
    agri = make_category(edition, "nong-nghiep", "Nông nghiệp công nghệ cao", "High-tech agriculture", position=2)
    a = make_org("Công ty Khởi nghiệp Sao Biển", type="startup")
    b = make_org("Công ty CP Cơ khí Hải Phòng")
    c = make_org("Đại học Quốc gia Chungnam", type="university", country="KR")
    make_product(edition, a, "accepted", meca, "Robot hàn tự động", stage="prototype")
    make_product(edition, a, "confirmed", meca, "Máy CNC cắt plasma", stage="pilot")
    make_product(edition, b, "submitted", meca, "Băng tải thông minh")
    make_product(edition, b, "accepted", agri, "Cảm biến độ mặn ao tôm", stage="commercial")
    make_product(edition, c, "rejected", agri, "Nhà kính IoT")
    make_product(edition, c, "accepted", None, "Thiết bị bay phun thuốc", stage=None)
    make_product(edition, c, "draft", None, "Phân bón sinh học")
    make_product(other, a, "accepted", None, "Robot hàn thế hệ 2")
    make_product(other, b, "draft", None, "Băng tải thế hệ 2")
    return {"edition": edition, "other": other, "orgs": (a, b, c)}


def test_product_counts_by_status_include_drafts_and_only_this_edition(fair):
    assert services.product_counts_by_status(fair["edition"]) == {
        ProductStatus.ACCEPTED: 3, ProductStatus.CONFIRMED: 1, ProductStatus.SUBMITTED: 1,
        ProductStatus.REJECTED: 1, ProductStatus.DRAFT: 1}
    assert services.product_counts_by_status(fair["other"]) == {ProductStatus.ACCEPTED: 1, ProductStatus.DRAFT: 1}


def test_shown_products_by_category_in_category_order_with_the_uncategorised_ones(fair):
    rows = services.shown_product_counts_by_category(fair["edition"])
    assert set(rows) == {("Cơ khí chế tạo", "Mechanical engineering", 2),
                         ("Nông nghiệp công nghệ cao", "High-tech agriculture", 1), (None, None, 1)}
    assert [name for name, _en, _n in rows if name] == ["Cơ khí chế tạo", "Nông nghiệp công nghệ cao"]


def test_shown_products_by_stage_count_the_missing_stage_under_none(fair):
    assert services.shown_product_counts_by_stage(fair["edition"]) == {
        Stage.PROTOTYPE: 1, Stage.PILOT: 1, Stage.COMMERCIAL: 1, None: 1}


def test_exhibitor_ids_select_the_organisations_showing_products(fair):
    a, b, c = fair["orgs"]
    assert set(db.session.scalars(services.exhibitor_ids(fair["edition"]))) == {a.id, b.id, c.id}
    assert set(db.session.scalars(services.exhibitor_ids(fair["other"]))) == {a.id}


def test_per_edition_counts_of_products_shown_and_exhibitors(fair):
    ids = [fair["edition"].id, fair["other"].id, make_edition().id]
    assert services.shown_product_counts_by_edition(ids) == {fair["edition"].id: 4, fair["other"].id: 1}
    assert services.exhibitor_counts_by_edition(ids) == {fair["edition"].id: 3, fair["other"].id: 1}
