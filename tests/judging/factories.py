"""Judging factories: judges, rounds, accepted products to judge, a scored round."""
from __future__ import annotations

import itertools

from tests.factories import make_org, make_user

_seq = itertools.count(1)

CATEGORIES = [("co-khi", "Cơ khí chế tạo", "Mechanical engineering"),
              ("nong-nghiep", "Nông nghiệp công nghệ cao", "High-tech agriculture")]


def make_judge(edition, name: str = "PGS.TS. Lê Minh Đức", org=None, email: str | None = None):
    return make_user(email or f"giamkhao{next(_seq)}@example.vn", name=name, role="judge", edition=edition, org=org)


def make_categories(edition, specs=CATEGORIES):
    from tests.submissions.factories import make_category

    return [make_category(edition, slug=f"{slug}-{next(_seq)}", name=name, name_en=name_en, position=10 * (i + 1))
            for i, (slug, name, name_en) in enumerate(specs)]


def make_accepted_product(edition, org=None, category=None, title: str | None = None, status: str = "accepted",
                          **kw):
    from tests.submissions.factories import make_product

    org = org or make_org(f"Công ty CP Công nghệ Biển Xanh {next(_seq)}")
    return make_product(edition, org, status=status, category=category,
                        title=title or f"Thiết bị quan trắc môi trường số {next(_seq)}", **kw)


def make_round(edition, actor=None, categories=(), **data):
    from techfest.judging import services

    data.setdefault("name", f"Sản phẩm công nghệ tiêu biểu {next(_seq)}")
    if categories:
        data["category_ids"] = [c.id for c in categories]
    return services.create_round(actor, edition, data)


def open_scoring(edition, rnd, actor=None):
    from techfest.judging import services

    return services.transition_round(actor, edition, rnd, "scoring")


def submit(edition, rnd, judge, product, values: dict | int, comment: str = ""):
    """Submit ``judge``'s sheet: ``values`` by criterion key, or one value for every criterion."""
    from techfest.judging import scoring

    if isinstance(values, int):
        values = {c.key: values for c in rnd.criteria}
    return scoring.save_sheet(judge, edition, rnd, product.id, values, comment, submit=True)


def make_published_round(edition, judge, organizer):
    """A published round: one category, one accepted product scored by ``judge`` (assigned
    directly, so ``judge`` need not hold the role), a gold award."""
    from techfest.core.db import db
    from techfest.judging import results, scoring, services
    from techfest.judging.models import Assignment
    from tests.submissions.factories import make_category

    category = make_category(edition, slug="co-khi-giam-khao", name="Cơ khí chế tạo", name_en="Mechanical engineering")
    org = make_org("Công ty CP Robot Duyên Hải")
    product = make_accepted_product(edition, org, category, title="Robot hàn tự động cho đóng tàu")
    rnd = services.create_round(organizer, edition, {"name": "Sản phẩm công nghệ tiêu biểu",
                                                     "category_ids": [category.id]})
    assignment = Assignment(round_id=rnd.id, judge_id=judge.id, product_id=product.id)
    db.session.add(assignment)
    db.session.commit()
    services.transition_round(organizer, edition, rnd, "scoring")
    scoring.save_sheet(judge, edition, rnd, product.id, {c.key: 8 for c in rnd.criteria}, "Rất thuyết phục.",
                       submit=True)
    services.transition_round(organizer, edition, rnd, "closed")
    award = results.grant_award(organizer, edition, rnd, product.id, "gold")
    services.transition_round(organizer, edition, rnd, "published")
    return {"round": rnd, "product": product, "category": category, "assignment": assignment, "award": award}
