"""Judges are assigned by the engine (coverage, conflicts, balance, expertise), adjusted by hand
with the same rules, and late products get judges without moving anyone."""
from collections import Counter

import pytest

from techfest.core.db import db
from techfest.core.errors import Conflict
from techfest.judging import services
from techfest.judging.models import Assignment, AuditAction, AuditEntry, Origin
from tests.judging.conftest import login
from tests.judging.factories import make_accepted_product, make_round, open_scoring, submit


def pairs(rnd):
    return {(a.product_id, a.judge_id) for a in db.session.scalars(
        db.select(Assignment).where(Assignment.round_id == rnd.id))}


def test_every_product_gets_k_judges_never_a_conflicted_one_and_loads_are_even(scene):
    ed = scene.edition
    huong = scene.judges[1]
    # Hương declares a conflict with the Tiên Lãng company; Đức's own university exhibits.
    services.set_judge_profile(huong, ed, huong, conflict_ids=[scene.orgs[2].id],
                               expertise_ids=[scene.categories[1].id])
    rnd = make_round(ed, scene.organizer, categories=scene.categories, judges_per_product=3)
    result = services.assign_judges(scene.organizer, ed, rnd)
    got = pairs(rnd)
    assert result.added == len(got) == 18 and result.balanced
    per_product = Counter(p for p, _j in got)
    assert set(per_product.values()) == {3} and set(per_product) == {p.id for p in scene.products}
    loads = Counter(j for _p, j in got)
    assert max(loads.values()) - min(loads.values()) <= 1
    duc, tien_lang_product = scene.judges[0], scene.products[2]
    assert (scene.products[1].id, duc.id) not in got            # his own university's product
    assert (tien_lang_product.id, huong.id) not in got           # declared conflict
    matrix = services.assignment_matrix(ed, rnd)
    assert matrix.problems == []


def test_late_products_get_judges_and_existing_pairs_stay(scene):
    ed = scene.edition
    rnd = make_round(ed, scene.organizer, categories=scene.categories, judges_per_product=2)
    services.assign_judges(scene.organizer, ed, rnd)
    before = pairs(rnd)
    open_scoring(ed, rnd, scene.organizer)
    late = make_accepted_product(ed, scene.orgs[5], scene.categories[0], title="Máy bóc vỏ hàu bán tự động")
    result = services.assign_judges(scene.organizer, ed, rnd)
    after = pairs(rnd)
    assert before <= after and result.added == 2
    assert {j for p, j in after - before} and {p for p, _j in after - before} == {late.id}
    origins = {a.origin for a in db.session.scalars(db.select(Assignment).where(Assignment.product_id == late.id))}
    assert origins == {Origin.LATE}
    assert services.assign_judges(scene.organizer, ed, rnd).added == 0      # nothing left to do


def test_too_few_judges_without_conflict_is_refused_naming_the_product(scene):
    ed = scene.edition
    rnd = make_round(ed, scene.organizer, categories=scene.categories, judges_per_product=4)
    with pytest.raises(Conflict, match="Thiết bị lặn không người lái"):   # Đức's university: 3 judges left
        services.assign_judges(scene.organizer, ed, rnd)
    assert pairs(rnd) == set()


def test_manual_changes_follow_the_same_rules(scene):
    ed, org = scene.edition, scene.organizer
    rnd = make_round(ed, org, categories=scene.categories, judges_per_product=2)
    services.assign_judges(org, ed, rnd)
    duc = scene.judges[0]
    with pytest.raises(Conflict, match="conflict of interest"):
        services.add_assignment(org, ed, rnd, scene.products[1].id, duc.id, force=True)
    # one extra product for Đức keeps loads within one (4 vs 3); a second one does not
    free = [p for p in scene.products
            if (p.id, duc.id) not in pairs(rnd) and p.organisation_id != duc.organisation_id]
    assert Counter(j for _p, j in pairs(rnd)) == {j.id: 3 for j in scene.judges}
    services.add_assignment(org, ed, rnd, free[0].id, duc.id)
    with pytest.raises(Conflict, match="breaks the assignment rules"):
        services.add_assignment(org, ed, rnd, free[1].id, duc.id)
    assert (free[1].id, duc.id) not in pairs(rnd)
    services.add_assignment(org, ed, rnd, free[1].id, duc.id, force=True)
    assert (free[1].id, duc.id) in pairs(rnd)
    # removing a judge leaves the product under-covered: refused unless forced
    covered = Counter(p for p, _j in pairs(rnd))
    target = next(p for p in scene.products if covered[p.id] == 2)
    sheet = db.session.scalars(db.select(Assignment).where(Assignment.round_id == rnd.id,
                                                           Assignment.product_id == target.id)
                               .order_by(Assignment.id)).first()
    with pytest.raises(Conflict, match="breaks the assignment rules"):
        services.remove_assignment(org, ed, rnd, sheet.id)
    # replacing keeps the coverage: accepted
    others = {j for p, j in pairs(rnd) if p == sheet.product_id}
    spare_judge = next(j for j in scene.judges if j.id not in others
                       and j.organisation_id != target.organisation_id)
    services.remove_assignment(org, ed, rnd, sheet.id, replacement_id=spare_judge.id, force=True)
    assert (target.id, spare_judge.id) in pairs(rnd) and (target.id, sheet.judge_id) not in pairs(rnd)
    actions = db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.round_id == rnd.id)).all()
    assert actions.count(AuditAction.ASSIGNMENT_ADDED) == 3 and AuditAction.ASSIGNMENT_REMOVED in actions


def test_a_scored_sheet_is_only_removed_when_forced(scene):
    ed, org = scene.edition, scene.organizer
    rnd = make_round(ed, org, categories=scene.categories, judges_per_product=2)
    services.assign_judges(org, ed, rnd)
    open_scoring(ed, rnd, org)
    sheet = db.session.scalars(db.select(Assignment).where(Assignment.round_id == rnd.id)).first()
    judge = db.session.get(type(scene.judges[0]), sheet.judge_id)
    product = next(p for p in scene.products if p.id == sheet.product_id)
    submit(ed, rnd, judge, product, 6)
    spare = next(j for j in scene.judges if (product.id, j.id) not in pairs(rnd)
                 and j.organisation_id != product.organisation_id)
    with pytest.raises(Conflict, match="already scored"):
        services.remove_assignment(org, ed, rnd, sheet.id, replacement_id=spare.id)
    services.remove_assignment(org, ed, rnd, sheet.id, replacement_id=spare.id, force=True)
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == AuditAction.ASSIGNMENT_REMOVED))
    assert "innovation=6" in entry.old_value     # the deleted values are kept in the log


def test_organizer_runs_the_assignment_and_sees_the_matrix(scene, browser):
    rnd = make_round(scene.edition, scene.organizer, categories=scene.categories)
    login(browser, scene.organizer)
    page = f"/editions/hp/manage/judging/rounds/{rnd.slug}/assignment"
    resp = browser.post_form(page, {}, action=page + "/run")
    html = resp.get_data(as_text=True)
    assert "18 assignments added" in html
    assert "Every product has at least 3 judges" in html
    for judge in scene.judges:
        assert judge.name in html
    detail = browser.get(f"{page}/{scene.products[1].id}").get_data(as_text=True)
    assert "Thiết bị lặn không người lái" in detail
    # the conflicted judge is never offered for his own university's product
    form_part = detail.split("Assign another judge")[1]
    assert "Lê Minh Đức" not in form_part
