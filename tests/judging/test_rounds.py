"""Organizers set up a round: the form, the standard rubric, criteria, and the status steps."""
import pytest

from techfest.core.db import db
from techfest.core.errors import InvalidTransition
from techfest.judging import results, services
from techfest.judging.models import Assignment, AuditAction, AuditEntry, JudgingRound
from tests.judging.conftest import login
from tests.judging.factories import make_round, open_scoring, submit

BASE = "/editions/hp/manage/judging"


def test_organizer_creates_a_round_with_the_standard_rubric(scene, browser):
    login(browser, scene.organizer)
    resp = browser.post_form(BASE, {"name": "Sản phẩm công nghệ tiêu biểu", "judges_per_product": "3",
                                    "podium": "3", "method": "normalized", "default_rubric": "y",
                                    "category_ids": [str(c.id) for c in scene.categories]})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "Sản phẩm công nghệ tiêu biểu" in html
    rnd = db.session.scalar(db.select(JudgingRound))
    assert rnd.slug == "san-pham-cong-nghe-tieu-bieu" and rnd.status == "draft"
    assert [(c.key, c.weight, c.min_value, c.max_value) for c in rnd.criteria] == [
        ("innovation", 30, 1, 10), ("feasibility", 25, 1, 10), ("impact", 25, 1, 10), ("presentation", 20, 1, 10)]
    assert rnd.category_ids == {c.id for c in scene.categories}
    assert all(c.guidance for c in rnd.criteria)


def test_invalid_round_form_keeps_what_was_typed(scene, browser):
    login(browser, scene.organizer)
    resp = browser.post_form(BASE, {"name": "Giải thưởng sáng tạo trẻ", "judges_per_product": "99", "podium": "3",
                                    "method": "normalized"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert 'value="Giải thưởng sáng tạo trẻ"' in html and 'value="99"' in html
    assert db.session.scalar(db.select(db.func.count()).select_from(JudgingRound)) == 0


def test_a_second_round_with_the_same_name_gets_its_own_short_name(scene):
    first = make_round(scene.edition, scene.organizer, name="Giải thưởng sản phẩm")
    second = make_round(scene.edition, scene.organizer, name="Giải thưởng sản phẩm")
    assert (first.slug, second.slug) == ("giai-thuong-san-pham", "giai-thuong-san-pham-2")


def test_criterion_with_an_inverted_scale_is_refused_with_the_field_named(scene, browser):
    rnd = services.create_round(scene.organizer, scene.edition, {"name": "Vòng chung khảo"}, default_rubric=False)
    login(browser, scene.organizer)
    url = f"{BASE}/rounds/{rnd.slug}/rubric"
    resp = browser.post_form(url, {"name": "Tính ứng dụng", "weight": "40", "min_value": "10", "max_value": "5"})
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert "The maximum must be above the minimum." in html and 'value="Tính ứng dụng"' in html
    resp = browser.post_form(url, {"name": "Tính ứng dụng", "weight": "40", "min_value": "0", "max_value": "5"})
    assert resp.status_code == 200
    db.session.refresh(rnd)
    assert [(c.key, c.min_value, c.max_value) for c in rnd.criteria] == [("tinh-ung-dung", 0, 5)]


def test_opening_scoring_needs_a_rubric_and_then_freezes_it(scene, browser):
    rnd = services.create_round(scene.organizer, scene.edition, {"name": "Vòng chung khảo"}, default_rubric=False)
    with pytest.raises(InvalidTransition):
        services.transition_round(scene.organizer, scene.edition, rnd, "scoring")
    services.add_criterion(scene.organizer, scene.edition, rnd, {"name": "Tổng thể", "weight": 100, "min_value": 1,
                                                                 "max_value": 10})
    login(browser, scene.organizer)
    page = f"{BASE}/rounds/{rnd.slug}"
    resp = browser.post_form(page, {"to": "scoring"}, action=f"{page}/transition")
    assert "The round is now: Scoring open." in resp.get_data(as_text=True)
    db.session.refresh(rnd)
    assert rnd.status == "scoring" and rnd.scoring_opened_at is not None
    with pytest.raises(InvalidTransition):
        services.add_criterion(scene.organizer, scene.edition, rnd, {"name": "Thêm", "weight": 10})
    with pytest.raises(InvalidTransition) as exc:
        services.update_round(scene.organizer, scene.edition, rnd, {"judges_per_product": 5})
    assert "judges_per_product" in exc.value.fields
    services.update_round(scene.organizer, scene.edition, rnd, {"name": "Vòng chung khảo 2026", "method": "mean"})
    assert (rnd.name, rnd.method) == ("Vòng chung khảo 2026", "mean")


def test_a_step_not_in_the_workflow_is_refused_on_the_page(scene, browser):
    rnd = make_round(scene.edition, scene.organizer)
    login(browser, scene.organizer)
    page = f"{BASE}/rounds/{rnd.slug}"
    resp = browser.post_form(page, {"to": "published"}, action=f"{page}/transition")
    assert "This step is not allowed from the current status." in resp.get_data(as_text=True)
    db.session.refresh(rnd)
    assert rnd.status == "draft"


def test_publishing_needs_an_award_and_reopening_is_refused_once_awards_exist(scene):
    ed, org = scene.edition, scene.organizer
    rnd = make_round(ed, org, categories=scene.categories)
    services.assign_judges(org, ed, rnd)
    open_scoring(ed, rnd, org)
    sheet = db.session.scalars(db.select(Assignment).where(Assignment.round_id == rnd.id)).first()
    judge = next(j for j in scene.judges if j.id == sheet.judge_id)
    product = next(p for p in scene.products if p.id == sheet.product_id)
    submit(ed, rnd, judge, product, 7)
    services.transition_round(org, ed, rnd, "closed")
    with pytest.raises(InvalidTransition, match="at least one award"):
        services.transition_round(org, ed, rnd, "published")
    results.grant_award(org, ed, rnd, product.id, "gold")
    with pytest.raises(InvalidTransition, match="revoke them"):
        services.transition_round(org, ed, rnd, "scoring")
    services.transition_round(org, ed, rnd, "published")
    assert rnd.status == "published" and rnd.published_at is not None
    steps = db.session.scalars(db.select(AuditEntry.new_value).where(
        AuditEntry.action == AuditAction.ROUND_TRANSITION).order_by(AuditEntry.id)).all()
    assert steps == ["scoring", "closed", "published"]


def test_non_organizers_cannot_reach_the_round_pages(scene, browser):
    rnd = make_round(scene.edition, scene.organizer)
    login(browser, scene.judges[1])
    assert browser.get(f"{BASE}/rounds/{rnd.slug}").status_code == 403
    assert browser.get(f"{BASE}/rounds/{rnd.slug}/results").status_code == 403


def test_settings_sent_from_a_page_older_than_the_round_status_are_a_409(scene, browser):
    """The organizer loaded the settings while the round was a draft (or scoring); meanwhile it
    moved on. A change to what is now locked is refused as a conflict, said on the page, and
    nothing is saved; what was typed stays in the form."""
    rnd = make_round(scene.edition, scene.organizer, categories=scene.categories, judges_per_product=3)
    open_scoring(scene.edition, rnd, scene.organizer)
    login(browser, scene.organizer)
    url = f"{BASE}/rounds/{rnd.slug}/settings"
    typed = {"name": "Vòng chung khảo 2026", "slug": rnd.slug, "judges_per_product": "5", "podium": "3",
             "method": "normalized"}
    resp = browser.post_form(url, typed)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 409
    assert "These settings cannot change at this stage of the round." in html
    assert 'value="Vòng chung khảo 2026"' in html
    db.session.refresh(rnd)
    assert rnd.judges_per_product == 3 and rnd.name != "Vòng chung khảo 2026"
    # the same page posted unchanged saves (the hidden value is the current one)
    resp = browser.post_form(url, {**typed, "judges_per_product": "3"})
    assert resp.status_code == 200 and "The round has been saved." in resp.get_data(as_text=True)
    services.transition_round(scene.organizer, scene.edition, rnd, "closed")
    resp = browser.post_form(url, {**typed, "judges_per_product": "3", "method": "mean"})
    assert resp.status_code == 409
    assert "These settings cannot change at this stage of the round." in resp.get_data(as_text=True)
    db.session.refresh(rnd)
    assert rnd.method == "normalized"


def test_a_short_name_taken_by_another_round_is_refused_on_the_settings_page(scene, browser):
    make_round(scene.edition, scene.organizer, name="Giải thưởng sản phẩm", slug="giai-thuong")
    rnd = make_round(scene.edition, scene.organizer, name="Vòng sơ khảo")
    login(browser, scene.organizer)
    resp = browser.post_form(f"{BASE}/rounds/{rnd.slug}/settings",
                             {"name": "Vòng sơ khảo", "slug": "giai-thuong", "judges_per_product": "3", "podium": "3",
                              "method": "normalized"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 409
    assert "Another round of this edition uses this short name." in html and 'value="giai-thuong"' in html
    db.session.refresh(rnd)
    assert rnd.slug != "giai-thuong"
