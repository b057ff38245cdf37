"""Races on PostgreSQL: one judge's sheet saved from several phones at once, several organizers
granting the same medal at once, closing while judges save."""
import threading

import pytest

from techfest.core.db import db
from techfest.core.errors import Conflict, InvalidTransition
from techfest.judging import results, scoring, services
from techfest.judging.models import Assignment, AuditAction, AuditEntry, Award, Score
from tests.judging.factories import make_round, open_scoring, submit

pytestmark = pytest.mark.postgres
N = 8


def _race(app, works):
    """Run each of ``works`` in its own thread, app context and session, all released at once."""
    barrier = threading.Barrier(len(works))
    outcome = [None] * len(works)

    def run(i, work):
        with app.app_context():
            try:
                barrier.wait()
                work()
                outcome[i] = "ok"
            except (Conflict, InvalidTransition) as exc:
                outcome[i] = type(exc).__name__
            except Exception as exc:  # noqa: BLE001 - reported by the assertion
                outcome[i] = repr(exc)
            finally:
                db.session.rollback()
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(works)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcome


def _load(edition_id, round_slug, user_id):
    from techfest.accounts.models import User
    from techfest.editions.models import Edition

    edition = db.session.get(Edition, edition_id)
    return edition, services.get_round(edition, round_slug), db.session.get(User, user_id)


def test_simultaneous_saves_of_one_sheet_leave_one_score_per_criterion(app, scene):
    rnd = make_round(scene.edition, scene.organizer, categories=scene.categories, judges_per_product=2)
    services.assign_judges(scene.organizer, scene.edition, rnd)
    open_scoring(scene.edition, rnd, scene.organizer)
    judge = scene.judges[1]
    sheet = db.session.scalars(db.select(Assignment).where(Assignment.round_id == rnd.id,
                                                           Assignment.judge_id == judge.id)).first()
    ids = (scene.edition.id, rnd.slug, judge.id)
    keys = [c.key for c in rnd.criteria]

    def save(value):
        def work():
            edition, r, j = _load(*ids)
            scoring.save_sheet(j, edition, r, sheet.product_id, {k: value for k in keys}, f"lần {value}", submit=True)
        return work

    outcome = _race(app, [save(v) for v in range(1, N + 1)])
    assert outcome == ["ok"] * N
    rows = db.session.scalars(db.select(Score).where(Score.assignment_id == sheet.id)).all()
    assert len(rows) == len(keys) and len({r.value for r in rows}) == 1
    # the log is one unbroken chain per criterion: every save saw the one before it
    for key in keys:
        chain = db.session.execute(db.select(AuditEntry.old_value, AuditEntry.new_value).where(
            AuditEntry.criterion_key == key, AuditEntry.action == AuditAction.SCORE_SET).order_by(AuditEntry.id)).all()
        assert chain[0][0] == "" and all(chain[i][1] == chain[i + 1][0] for i in range(len(chain) - 1))
        assert chain[-1][1] == str(rows[0].value)


def test_simultaneous_gold_awards_in_one_category_let_one_win(app, scene):
    ed, org = scene.edition, scene.organizer
    rnd = make_round(ed, org, categories=scene.categories, judges_per_product=3)
    services.assign_judges(org, ed, rnd)
    open_scoring(ed, rnd, org)
    judges = {j.id: j for j in scene.judges}
    products = {p.id: p for p in scene.products}
    for s in db.session.scalars(db.select(Assignment).where(Assignment.round_id == rnd.id)).all():
        submit(ed, rnd, judges[s.judge_id], products[s.product_id], 7)
    services.transition_round(org, ed, rnd, "closed")
    mech = [p.id for p in scene.products if p.category_id == scene.categories[0].id]
    ids = (ed.id, rnd.slug, org.id)

    def grant(pid):
        def work():
            edition, r, actor = _load(*ids)
            results.grant_award(actor, edition, r, pid, "gold")
        return work

    outcome = _race(app, [grant(mech[i % len(mech)]) for i in range(N)])
    assert sorted(outcome) == ["Conflict"] * (N - 1) + ["ok"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Award)) == 1


def test_closing_while_judges_save_never_loses_or_sneaks_in_a_score(app, scene):
    ed, org = scene.edition, scene.organizer
    rnd = make_round(ed, org, categories=scene.categories, judges_per_product=2)
    services.assign_judges(org, ed, rnd)
    open_scoring(ed, rnd, org)
    sheets = db.session.scalars(db.select(Assignment).where(Assignment.round_id == rnd.id)
                                .order_by(Assignment.id)).all()[:N - 1]
    keys = [c.key for c in rnd.criteria]

    def save(sheet):
        def work():
            edition, r, j = _load(ed.id, rnd.slug, sheet.judge_id)
            scoring.save_sheet(j, edition, r, sheet.product_id, {k: 6 for k in keys}, "", submit=True)
        return work

    def close():
        edition, r, actor = _load(ed.id, rnd.slug, org.id)
        services.transition_round(actor, edition, r, "closed")

    outcome = _race(app, [save(s) for s in sheets] + [close])
    assert outcome[-1] == "ok" and set(outcome[:-1]) <= {"ok", "InvalidTransition"}
    saved = sum(1 for o in outcome[:-1] if o == "ok")
    # every save that succeeded happened before closing: it is in the stored ranking
    from techfest.judging.models import RoundResult

    judged = db.session.scalar(db.select(db.func.sum(RoundResult.judges)).where(RoundResult.round_id == rnd.id)) or 0
    assert judged == saved
    assert db.session.scalar(db.select(db.func.count()).select_from(Score)) == saved * len(keys)
