"""The judging API: a judge's sheets (walking order, save, submit, validation), the organizers'
ranking, the public results, and the OpenAPI document."""
import pytest

from techfest.core.db import db
from techfest.judging import services
from techfest.judging.models import Assignment, Score
from tests.factories import make_token
from tests.judging.factories import make_round, open_scoring


@pytest.fixture
def live_round(scene):
    rnd = make_round(scene.edition, scene.organizer, categories=scene.categories, judges_per_product=2)
    services.assign_judges(scene.organizer, scene.edition, rnd)
    open_scoring(scene.edition, rnd, scene.organizer)
    return rnd


def my_first(rnd, judge):
    return db.session.scalars(db.select(Assignment).where(Assignment.round_id == rnd.id,
                                                          Assignment.judge_id == judge.id)
                              .order_by(Assignment.id)).first()


def test_judge_saves_a_draft_then_submits_through_the_api(scene, live_round, api, client):
    judge = scene.judges[2]
    token = make_token(judge)
    rounds = api.get("/api/v1/editions/hp/judging/my/rounds", token=token).json["items"]
    assert [(r["slug"], r["status"], r["submitted"]) for r in rounds] == [(live_round.slug, "scoring", 0)]
    sheet = my_first(live_round, judge)
    url = f"/api/v1/editions/hp/judging/my/rounds/{live_round.slug}/sheets/{sheet.product_id}"
    body = api.get(url, token=token).json
    assert [c["key"] for c in body["criteria"]] == ["innovation", "feasibility", "impact", "presentation"]
    assert body["criteria"][0]["guidance"] and body["editable"] is True and body["status"] == "pending"
    resp = put(client, url, {"scores": {"innovation": 9}, "comment": "Cần thêm số liệu."}, token)
    assert resp.status_code == 200 and resp.json["status"] == "draft" and resp.json["scores"] == {"innovation": 9}
    resp = put(client, url, {"scores": {"innovation": 9}, "submit": True}, token)
    assert resp.status_code == 422 and set(resp.json["fields"]) == {"feasibility", "impact", "presentation"}
    full = {"innovation": 9, "feasibility": 7, "impact": 8, "presentation": 6}
    resp = put(client, url, {"scores": full, "submit": True}, token)
    assert resp.status_code == 200 and resp.json["status"] == "submitted" and resp.json["scores"] == full
    # the comment was left out of the last call: unchanged
    assert resp.json["comment"] == "Cần thêm số liệu."


def put(client, url, payload, token):
    return client.put(url, json=payload, headers={"Authorization": f"Bearer {token}"})


@pytest.mark.parametrize("scores, field", [
    ({"innovation": 11}, "innovation"),
    ({"innovation": 0}, "innovation"),
    ({"originality": 5}, "originality"),
    ({"innovation": 7.5}, "scores.innovation.value"),
    ({"innovation": "8"}, "scores.innovation.value"),
])
def test_invalid_scores_are_refused_naming_the_field(scene, live_round, client, scores, field):
    judge = scene.judges[2]
    sheet = my_first(live_round, judge)
    url = f"/api/v1/editions/hp/judging/my/rounds/{live_round.slug}/sheets/{sheet.product_id}"
    resp = put(client, url, {"scores": scores}, make_token(judge))
    assert resp.status_code == 422 and field in resp.json["fields"], resp.json
    assert db.session.scalar(db.select(db.func.count()).select_from(Score)) == 0


def test_saving_after_scoring_closed_is_a_conflict(scene, live_round, client):
    judge = scene.judges[2]
    sheet = my_first(live_round, judge)
    services.transition_round(scene.organizer, scene.edition, live_round, "closed")
    url = f"/api/v1/editions/hp/judging/my/rounds/{live_round.slug}/sheets/{sheet.product_id}"
    resp = put(client, url, {"scores": {"innovation": 5}}, make_token(judge))
    assert resp.status_code == 409 and "closed" in resp.json["error"]


def test_sheets_list_in_walking_order_and_organizer_ranking(scene, live_round, api):
    from techfest.submissions.services import record_booth_codes

    judge = scene.judges[1]
    mine = [a.product_id for a in db.session.scalars(db.select(Assignment).where(
        Assignment.round_id == live_round.id, Assignment.judge_id == judge.id))]
    record_booth_codes(scene.edition, {mine[0]: "C-3", mine[1]: "C-12"})
    db.session.commit()
    items = api.get(f"/api/v1/editions/hp/judging/my/rounds/{live_round.slug}/sheets",
                    token=make_token(judge)).json["items"]
    assert [(i["position"], i["booth"]) for i in items][:2] == [(1, "C-3"), (2, "C-12")]
    org_token = make_token(scene.organizer)
    ranking = api.get(f"/api/v1/editions/hp/judging/rounds/{live_round.slug}/ranking", token=org_token).json
    assert ranking["provisional"] is True and ranking["method"] == "normalized"
    assert {c["category"]["id"] for c in ranking["categories"]} == {c.id for c in scene.categories}
    assert sum(len(c["unscored"]) for c in ranking["categories"]) == len(scene.products)
    listed = api.get("/api/v1/editions/hp/judging/rounds", token=org_token).json["items"]
    assert listed[0]["slug"] == live_round.slug and len(listed[0]["criteria"]) == 4
    assert api.get("/api/v1/editions/hp/judging/rounds", token=make_token(judge)).status_code == 403


def test_openapi_documents_the_scoring_and_results_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    sheet = paths["/api/v1/editions/{slug}/judging/my/rounds/{round_slug}/sheets/{pid}"]
    assert {"get", "put"} <= set(sheet) and sheet["put"]["security"] == [{"bearerAuth": []}]
    assert "422" in sheet["put"]["responses"]
    assert "get" in paths["/api/v1/editions/{slug}/judging/rounds/{round_slug}/results"]
    assert "get" in paths["/api/v1/editions/{slug}/judging/rounds/{round_slug}/ranking"]
