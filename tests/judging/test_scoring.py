"""Judges score on their phones: their own products only, in walking order, drafts then submit,
edits logged until the round closes; never another judge's scores (pages and API)."""
import re

import pytest
from sqlalchemy.exc import IntegrityError

from techfest.core.db import db
from techfest.judging import services
from techfest.judging.models import Assignment, AuditAction, AuditEntry, Score, SheetStatus
from tests.factories import make_token
from tests.judging.conftest import login
from tests.judging.factories import make_round, open_scoring, submit


@pytest.fixture
def scoring_round(scene):
    ed, org = scene.edition, scene.organizer
    rnd = make_round(ed, org, categories=scene.categories, judges_per_product=2)
    services.assign_judges(org, ed, rnd)
    open_scoring(ed, rnd, org)
    return rnd


def sheets_of(rnd, judge):
    return db.session.scalars(db.select(Assignment).where(Assignment.round_id == rnd.id,
                                                          Assignment.judge_id == judge.id)).all()


def other_product(scene, rnd, judge):
    mine = {a.product_id for a in sheets_of(rnd, judge)}
    return next(p for p in scene.products if p.id not in mine)


def sheet_url(rnd, product_id):
    return f"/editions/hp/judging/rounds/{rnd.slug}/{product_id}"


def values(rnd, v):
    return {f"c_{c.key}": str(v) for c in rnd.criteria}


def test_judge_sees_own_products_in_walking_order_by_booth(scene, scoring_round, browser):
    from techfest.submissions.services import record_booth_codes

    judge = scene.judges[1]
    mine = [a.product_id for a in sheets_of(scoring_round, judge)]
    assert len(mine) == 3
    codes = {mine[0]: "B-2", mine[1]: "A-10", mine[2]: "A-9"}
    record_booth_codes(scene.edition, codes)
    db.session.commit()
    login(browser, judge)
    html = browser.get(f"/editions/hp/judging/rounds/{scoring_round.slug}").get_data(as_text=True)
    titles = {p.id: p.title for p in scene.products}
    positions = {pid: html.index(titles[pid]) for pid in mine}
    assert sorted(mine, key=positions.get)[:3] == [mine[2], mine[1], mine[0]]   # B-2
    for p in scene.products:
        if p.id not in mine:
            assert p.title not in html


def test_draft_then_submit_and_only_submitted_sheets_count(scene, scoring_round, browser):
    judge = scene.judges[1]
    sheet = sheets_of(scoring_round, judge)[0]
    login(browser, judge)
    url = sheet_url(scoring_round, sheet.product_id)
    partial = {"c_innovation": "8", "comment": "Nhóm trình bày rất tự tin.", "save": "Save draft"}
    resp = browser.post_form(url, partial)
    assert "Draft saved" in resp.get_data(as_text=True)
    db.session.refresh(sheet)
    assert sheet.status == SheetStatus.DRAFT and sheet.comment == "Nhóm trình bày rất tự tin."
    # submitting an incomplete sheet names the missing criteria and keeps what was ticked
    resp = browser.post_form(url, {**partial, "submit_sheet": "Submit"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "Score every criterion before submitting." in html
    assert re.search(r'<input checked[^>]*name="c_innovation"[^>]*value="8"', html)
    resp = browser.post_form(url, {**values(scoring_round, 7), "c_innovation": "9", "submit_sheet": "Submit"})
    assert "submitted" in resp.get_data(as_text=True)
    db.session.refresh(sheet)
    assert sheet.status == SheetStatus.SUBMITTED and sheet.submitted_at is not None
    got = dict(db.session.execute(db.select(Score.criterion_id, Score.value).where(
        Score.assignment_id == sheet.id)).all())
    assert sorted(got.values()) == [7, 7, 7, 9]


def test_value_outside_the_scale_is_refused_naming_the_criterion(scene, scoring_round, browser):
    judge = scene.judges[2]
    sheet = sheets_of(scoring_round, judge)[0]
    login(browser, judge)
    resp = browser.post_form(sheet_url(scoring_round, sheet.product_id),
                             {**values(scoring_round, 5), "c_impact": "11", "submit_sheet": "Submit"})
    assert resp.status_code == 422 and "Not a valid choice." in resp.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Score)) == 0


def test_edits_after_submission_are_logged_and_stop_when_scoring_closes(scene, scoring_round, browser):
    judge = scene.judges[3]
    sheet = sheets_of(scoring_round, judge)[0]
    product = next(p for p in scene.products if p.id == sheet.product_id)
    submit(scene.edition, scoring_round, judge, product, 6)
    login(browser, judge)
    url = sheet_url(scoring_round, product.id)
    resp = browser.post_form(url, {**values(scoring_round, 6), "c_impact": "9", "submit_sheet": "Save changes"})
    assert resp.status_code == 200
    edit = db.session.scalar(db.select(AuditEntry).where(AuditEntry.criterion_key == "impact",
                                                         AuditEntry.old_value == "6"))
    assert (edit.new_value, edit.detail, edit.actor_id) == ("9", "after submission", judge.id)
    # a submitted sheet cannot be emptied again
    resp = browser.post_form(url, {**values(scoring_round, 6), "c_impact": "", "submit_sheet": "Save changes"})
    assert resp.status_code == 422
    services.transition_round(scene.organizer, scene.edition, scoring_round, "closed")
    resp = browser.post_form(url, {**values(scoring_round, 2), "submit_sheet": "Save changes"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 409   # a state conflict: the round closed, not bad input
    assert "Scoring is closed for this round: scores can no longer change." in html
    assert set(db.session.scalars(db.select(Score.value).where(Score.assignment_id == sheet.id))) == {6, 9}


def test_a_judge_never_reaches_an_unassigned_product_or_another_judges_scores(scene, scoring_round, browser, client):
    by_product = {}
    for sheet in db.session.scalars(db.select(Assignment).where(Assignment.round_id == scoring_round.id)
                                    .order_by(Assignment.id)):
        by_product.setdefault(sheet.product_id, []).append(sheet.judge_id)
    shared_id, (a_id, b_id) = next((pid, js[:2]) for pid, js in by_product.items())
    judges = {j.id: j for j in scene.judges}
    a, b = judges[a_id], judges[b_id]
    shared = next(p for p in scene.products if p.id == shared_id)
    submit(scene.edition, scoring_round, b, shared, 9, comment="Bí mật của giám khảo B")
    login(browser, a)
    html = browser.get(sheet_url(scoring_round, shared.id)).get_data(as_text=True)
    assert shared.title in html and "Bí mật của giám khảo B" not in html
    assert "checked" not in html                     # b's nines are not shown to a
    unassigned = other_product(scene, scoring_round, a)
    assert browser.get(sheet_url(scoring_round, unassigned.id)).status_code == 404
    resp = browser.post_form(f"/editions/hp/judging/rounds/{scoring_round.slug}", values(scoring_round, 1),
                             action=sheet_url(scoring_round, unassigned.id), follow_redirects=False)
    assert resp.status_code == 404
    assert browser.get(f"/editions/hp/manage/judging/rounds/{scoring_round.slug}/results").status_code == 403
    assert browser.get(f"/editions/hp/manage/judging/rounds/{scoring_round.slug}/export/scores.csv").status_code == 403
    # the API answers the same
    h = {"Authorization": f"Bearer {make_token(a)}"}
    base = f"/api/v1/editions/hp/judging/my/rounds/{scoring_round.slug}/sheets"
    listed = client.get(base, headers=h).json["items"]
    assert {row["product"]["id"] for row in listed} == {s.product_id for s in sheets_of(scoring_round, a)}
    body = client.get(f"{base}/{shared.id}", headers=h).json
    assert body["scores"] == {} and body["comment"] == "" and body["status"] == "pending"
    assert client.get(f"{base}/{unassigned.id}", headers=h).status_code == 404
    assert client.put(f"{base}/{unassigned.id}", json={"scores": {"innovation": 1}}, headers=h).status_code == 404
    assert client.get(f"/api/v1/editions/hp/judging/rounds/{scoring_round.slug}/ranking",
                      headers=h).status_code == 403


def test_judges_see_nothing_while_the_round_is_a_draft(scene, browser):
    rnd = make_round(scene.edition, scene.organizer, categories=scene.categories)
    services.assign_judges(scene.organizer, scene.edition, rnd)
    judge = scene.judges[1]
    login(browser, judge)
    assert rnd.name not in browser.get("/editions/hp/judging").get_data(as_text=True)
    assert browser.get(f"/editions/hp/judging/rounds/{rnd.slug}").status_code == 404


def test_a_declared_conflict_blocks_scoring_that_product(scene, scoring_round, browser):
    judge = scene.judges[1]
    sheet = sheets_of(scoring_round, judge)[0]
    product = next(p for p in scene.products if p.id == sheet.product_id)
    login(browser, judge)
    resp = browser.post_form("/editions/hp/judging/profile", {"conflicts": [str(product.organisation_id)],
                                                              "reason": "Tôi là cố vấn của đơn vị."})
    assert "conflicts of interest and expertise have been saved" in resp.get_data(as_text=True)
    resp = browser.post_form(sheet_url(scoring_round, product.id), {**values(scoring_round, 8),
                                                                     "submit_sheet": "Submit"})
    assert resp.status_code == 409
    assert "You declared a conflict of interest with this organisation" in resp.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Score)) == 0
    matrix = services.assignment_matrix(scene.edition, scoring_round)
    assert any(judge.name in p and product.title in p for p in matrix.problems)


def test_scores_are_unique_per_judge_product_and_criterion_in_the_database(scene, scoring_round):
    judge = scene.judges[1]
    sheet = sheets_of(scoring_round, judge)[0]
    product = next(p for p in scene.products if p.id == sheet.product_id)
    submit(scene.edition, scoring_round, judge, product, 5)
    criterion = scoring_round.criteria[0]
    db.session.add(Score(assignment_id=sheet.id, criterion_id=criterion.id, judge_id=judge.id,
                         product_id=product.id, value=9))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_every_score_change_is_in_the_audit_log(scene, scoring_round, browser):
    judge = scene.judges[1]
    sheet = sheets_of(scoring_round, judge)[0]
    product = next(p for p in scene.products if p.id == sheet.product_id)
    submit(scene.edition, scoring_round, judge, product, 4)
    actions = db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.product_id == product.id,
                                                                    AuditEntry.judge_id == judge.id)).all()
    assert actions.count(AuditAction.SCORE_SET) == len(scoring_round.criteria)
    assert AuditAction.SHEET_SUBMITTED in actions
    login(browser, scene.organizer)
    html = browser.get(f"/editions/hp/manage/judging/rounds/{scoring_round.slug}/audit?action=score_set") \
        .get_data(as_text=True)
    assert product.title in html and judge.name in html


def test_a_sheet_changed_meanwhile_answers_409_and_keeps_what_was_typed(scene, scoring_round, browser):
    """Another phone of the same judge stores a score between this save's read and its write:
    the database's unique constraint refuses the second row; the page says so (409), shows the
    form again with the typed values and stores nothing of this save."""
    from sqlalchemy import event, insert

    judge = scene.judges[1]
    sheet = sheets_of(scoring_round, judge)[0]
    criterion = scoring_round.criteria[0]
    row = {"assignment_id": sheet.id, "criterion_id": criterion.id, "judge_id": judge.id,
           "product_id": sheet.product_id, "value": 3, "updated_at": db.func.now()}

    done = []

    def other_phone(session, flush_context, instances):
        if not done and any(isinstance(obj, Score) for obj in session.new):
            done.append(True)
            session.connection().execute(insert(Score).values(**row))

    login(browser, judge)
    event.listen(db.session, "before_flush", other_phone)
    try:
        resp = browser.post_form(sheet_url(scoring_round, sheet.product_id),
                                 {**values(scoring_round, 7), f"c_{criterion.key}": "9", "comment": "Rất ấn tượng",
                                  "submit_sheet": "Submit"})
    finally:
        event.remove(db.session, "before_flush", other_phone)
    assert done
    html = resp.get_data(as_text=True)
    assert resp.status_code == 409
    assert "Your scores changed meanwhile (another device?); reload the page and try again." in html
    assert re.search(rf'<input checked[^>]*name="c_{criterion.key}"[^>]*value="9"', html)
    assert "Rất ấn tượng" in html
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(Score)) == 0
    assert db.session.get(Assignment, sheet.id).status == SheetStatus.PENDING
