"""Who may use each judging route (walked by tests/core/test_route_permissions.py)."""
from tests.route_roles import ORGANIZER, PUBLIC

JUDGE = {"judge", "admin"}  # a judge of "hp" (their own sheets only: checked in services)

EXPECTED = {
    # organizers
    "judging.manage": ORGANIZER,
    "judging.round_page": ORGANIZER,
    "judging.round_settings": ORGANIZER,
    "judging.transition": ORGANIZER,
    "judging.rubric": ORGANIZER,
    "judging.criterion_edit": ORGANIZER,
    "judging.criterion_delete": ORGANIZER,
    "judging.judges": ORGANIZER,
    "judging.judge_edit": ORGANIZER,
    "judging.assignment": ORGANIZER,
    "judging.assign": ORGANIZER,
    "judging.assignment_product": ORGANIZER,
    "judging.assignment_remove": ORGANIZER,
    "judging.results_page": ORGANIZER,
    "judging.award_grant": ORGANIZER,
    "judging.award_clear_places": ORGANIZER,
    "judging.award_revoke": ORGANIZER,
    "judging.export": ORGANIZER,
    "judging.certificates": ORGANIZER,
    "judging.certificate": ORGANIZER,
    "judging.audit": ORGANIZER,
    # judges
    "judging.my_rounds": JUDGE,
    "judging.profile": JUDGE,
    "judging.walk": JUDGE,
    "judging.sheet": JUDGE,
    # public
    "judging.awards_index": PUBLIC,
    "judging.public_results": PUBLIC,
    "judging.public_certificate": PUBLIC,
    # API
    ("judging_api.MyRounds", "GET"): JUDGE,
    ("judging_api.MySheets", "GET"): JUDGE,
    ("judging_api.MySheet", "GET"): JUDGE,
    ("judging_api.MySheet", "PUT"): JUDGE,
    ("judging_api.Rounds", "GET"): ORGANIZER,
    ("judging_api.Ranking", "GET"): ORGANIZER,
    ("judging_api.Results", "GET"): PUBLIC,
}

VALUES = {"table": "results"}


def setup(edition, users) -> dict:
    """A published round in "hp": one category, one accepted product scored by the judge,
    a gold award (its certificate code is a URL value)."""
    from tests.judging.factories import make_published_round

    world = make_published_round(edition, users["judge"], users["organizer"])
    return {"round_slug": world["round"].slug, "pid": world["product"].id,
            "criterion_id": world["round"].criteria[0].id, "assignment_id": world["assignment"].id,
            "award_id": world["award"].id, "cert_code": world["award"].code}
