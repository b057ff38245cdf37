"""The product status machine: every allowed step, every refused one, who may take each."""
import itertools
import json
from datetime import datetime, timedelta, timezone

import pytest

from techfest.submissions import workflow
from techfest.submissions.workflow import Actor, ProductStatus, TransitionRefused

S = ProductStatus
EXHIBITOR_STEPS = {(S.DRAFT, S.SUBMITTED), (S.ACCEPTED, S.CONFIRMED), (S.ACCEPTED, S.WITHDRAWN),
                   (S.SUBMITTED, S.WITHDRAWN), (S.UNDER_REVIEW, S.WITHDRAWN)}
ORGANIZER_STEPS = {(S.SUBMITTED, S.UNDER_REVIEW), (S.UNDER_REVIEW, S.ACCEPTED), (S.UNDER_REVIEW, S.REJECTED),
                   (S.UNDER_REVIEW, S.WAITLISTED), (S.WAITLISTED, S.ACCEPTED), (S.WAITLISTED, S.REJECTED)}


def test_the_table_is_exactly_the_one_the_issue_describes():
    """Written out by hand from the issue, not derived from the code."""
    assert {k for k, who in workflow.TRANSITIONS.items() if who == {Actor.EXHIBITOR}} == EXHIBITOR_STEPS
    assert {k for k, who in workflow.TRANSITIONS.items() if who == {Actor.ORGANIZER}} == ORGANIZER_STEPS
    assert set(workflow.TRANSITIONS) == EXHIBITOR_STEPS | ORGANIZER_STEPS


@pytest.mark.parametrize("current,target", sorted(EXHIBITOR_STEPS))
def test_exhibitor_steps_are_allowed_to_the_exhibitor_and_refused_to_organizers(current, target):
    assert workflow.check_transition(current, target, {Actor.EXHIBITOR}) == target
    with pytest.raises(TransitionRefused) as exc:
        workflow.check_transition(current, target, {Actor.ORGANIZER})
    assert exc.value.reason == "actor"


@pytest.mark.parametrize("current,target", sorted(ORGANIZER_STEPS))
def test_organizer_steps_are_allowed_to_organizers_and_refused_to_the_exhibitor(current, target):
    assert workflow.check_transition(current, target, {Actor.ORGANIZER}) == target
    with pytest.raises(TransitionRefused) as exc:
        workflow.check_transition(current, target, {Actor.EXHIBITOR})
    assert exc.value.reason == "actor"


@pytest.mark.parametrize("current,target", [
    (a, b) for a, b in itertools.product(ProductStatus, ProductStatus)
    if (a, b) not in EXHIBITOR_STEPS | ORGANIZER_STEPS])
def test_every_other_step_is_refused_whoever_asks(current, target):
    with pytest.raises(TransitionRefused) as exc:
        workflow.check_transition(current, target, {Actor.EXHIBITOR, Actor.ORGANIZER})
    assert exc.value.reason == "workflow"


@pytest.mark.parametrize("current,target", [("draft", "published"), ("nonsense", "submitted"), ("", "")])
def test_unknown_statuses_are_refused(current, target):
    with pytest.raises(TransitionRefused):
        workflow.check_transition(current, target, {Actor.ORGANIZER, Actor.EXHIBITOR})


def test_decided_products_cannot_be_reopened():
    for final in (S.REJECTED, S.CONFIRMED, S.WITHDRAWN):
        assert workflow.allowed_targets(final, {Actor.EXHIBITOR, Actor.ORGANIZER}) == []


def test_allowed_targets_per_actor_in_workflow_order():
    assert workflow.allowed_targets(S.UNDER_REVIEW, {Actor.ORGANIZER}) == [S.ACCEPTED, S.REJECTED, S.WAITLISTED]
    assert workflow.allowed_targets(S.UNDER_REVIEW, {Actor.EXHIBITOR}) == [S.WITHDRAWN]
    assert workflow.allowed_targets(S.ACCEPTED, {Actor.EXHIBITOR}) == [S.CONFIRMED, S.WITHDRAWN]
    assert workflow.allowed_targets(S.DRAFT, {Actor.ORGANIZER}) == []


NOW = datetime(2026, 10, 31, 16, 59, tzinfo=timezone.utc)


def test_submissions_are_open_only_with_an_open_edition_before_its_deadline():
    assert workflow.submissions_open(True, None, NOW)
    assert workflow.submissions_open(True, NOW + timedelta(seconds=1), NOW)
    assert not workflow.submissions_open(True, NOW, NOW)  # the deadline itself is too late
    assert not workflow.submissions_open(False, NOW + timedelta(days=9), NOW)


def test_deadline_compares_instants_whatever_the_zone():
    from zoneinfo import ZoneInfo

    deadline = datetime(2026, 10, 31, 23, 59, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))  # 16:59 UTC
    assert workflow.submissions_open(True, deadline, datetime(2026, 10, 31, 16, 58, tzinfo=timezone.utc))
    assert not workflow.submissions_open(True, deadline, datetime(2026, 10, 31, 17, 0, tzinfo=timezone.utc))


@pytest.mark.parametrize("status,is_open,archived,expected", [
    ("draft", False, False, True),        # drafts: any time...
    ("draft", True, True, False),         # ...until the edition is archived
    ("submitted", True, False, True),
    ("under_review", True, False, True),
    ("submitted", False, False, False),   # after the deadline
    ("under_review", False, False, False),
    ("accepted", True, False, False),
    ("confirmed", True, False, False),
    ("rejected", True, False, False),
    ("withdrawn", True, False, False),
])
def test_exhibitor_may_edit(status, is_open, archived, expected):
    assert workflow.exhibitor_may_edit(status, is_open, archived) is expected


def test_command_line_answers_json(tmp_path, capsys):
    path = tmp_path / "step.json"
    path.write_text(json.dumps({"from": "under_review", "to": "accepted", "actor": "organizer"}))
    assert workflow.main([str(path)]) == 0
    assert json.loads(capsys.readouterr().out) == {"allowed": True, "to": "accepted"}
    path.write_text(json.dumps({"from": "submitted", "to": "accepted", "actor": "organizer"}))
    assert workflow.main([str(path)]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["allowed"] is False and out["allowed_targets"] == ["under_review"]
