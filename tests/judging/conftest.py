"""A judging scene: a live edition with two categories, exhibitors' accepted products, a jury
of four (one from an exhibiting organisation, one with a declared conflict) and an organizer."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tests.factories import make_edition, make_org, make_token, make_user
from tests.judging.factories import make_accepted_product, make_categories, make_judge


@dataclass
class Scene:
    edition: object
    organizer: object
    categories: list
    orgs: list
    products: list
    judges: list
    extra: dict = field(default_factory=dict)


@pytest.fixture
def scene(app):
    edition = make_edition(slug="hp", status="live", name="Techfest Hải Phòng 2026")
    organizer = make_user("btc@example.vn", name="Nguyễn Thị Thu Hà", role="organizer", edition=edition)
    mech, agri = make_categories(edition)
    orgs = [make_org(n) for n in ("Công ty CP Cơ khí Chính xác Duyên Hải", "Trường Đại học Hàng hải Việt Nam",
                                  "Công ty TNHH Nông nghiệp Thông minh Tiên Lãng", "Viện Nghiên cứu Hải sản",
                                  "Incheon Smart Port Co., Ltd. (인천스마트포트)", "Trường Đại học Hải Phòng")]
    titles = ["Cánh tay robot hàn công nghiệp", "Thiết bị lặn không người lái", "Máy CNC cắt plasma khổ lớn",
              "Nhà màng trồng dưa lưới", "Chế phẩm vi sinh xử lý nước ao nuôi", "Cảm biến độ ẩm đất LoRa"]
    products = []
    for i, title in enumerate(titles):
        cat = mech if i < 3 else agri
        products.append(make_accepted_product(edition, orgs[i], cat, title=title,
                                              status="confirmed" if i % 2 else "accepted"))
    judges = [
        make_judge(edition, "PGS.TS. Lê Minh Đức", org=orgs[1], email="duc@example.vn"),   # own org exhibits
        make_judge(edition, "TS. Nguyễn Thị Thanh Hương", email="huong@example.vn"),
        make_judge(edition, "PGS.TS. Trần Quốc Toản", email="toan@example.vn"),
        make_judge(edition, "박지훈 (Park Ji-hoon)", email="jihoon@example.vn"),
    ]
    return Scene(edition, organizer, [mech, agri], orgs, products, judges)


def token_for(user) -> str:
    return make_token(user)


def login(browser, user, lang: str = "en"):
    """Log in through the form; pages then speak English (the assertions use the msgids)."""
    from tests.factories import PASSWORD

    browser.login(user.email, PASSWORD)
    browser.post_form("/", {"next": "/"}, action=f"/lang/{lang}")
