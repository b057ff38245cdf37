"""The edition workflow table (pure)."""
import pytest

from techfest.editions.workflow import EditionStatus as S
from techfest.editions.workflow import TransitionRefused, allowed_targets, check_transition

ALLOWED = {(S.DRAFT, S.OPEN), (S.OPEN, S.CLOSED), (S.CLOSED, S.LIVE), (S.CLOSED, S.OPEN), (S.LIVE, S.ARCHIVED)}


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("target", list(S))
def test_every_transition_is_allowed_or_refused_as_documented(current, target):
    if (current, target) in ALLOWED:
        assert check_transition(current, target.value) == target
    else:
        with pytest.raises(TransitionRefused):
            check_transition(current, target.value)


def test_unknown_target_is_refused():
    with pytest.raises(TransitionRefused):
        check_transition(S.DRAFT, "published")


def test_archived_is_final_and_targets_are_in_workflow_order():
    assert allowed_targets(S.ARCHIVED) == []
    assert allowed_targets(S.CLOSED) == [S.OPEN, S.LIVE]
