"""Who may use the check-in routes (see tests/core/test_route_permissions.py)."""
from tests.route_roles import ADMIN, ORGANIZER, PUBLIC

SCAN = {"checkin", "organizer", "other_organizer"} | ADMIN   # holds the role somewhere (page-level)
POINT_STAFF = {"checkin", "organizer"} | ADMIN              # assigned to this point / its organizers

EXPECTED = {
    "checkin.index": SCAN,
    "checkin.scanner": POINT_STAFF,
    "checkin.scan": POINT_STAFF,
    "checkin.batch": POINT_STAFF,
    "checkin.undo": POINT_STAFF,
    "checkin.search": POINT_STAFF,
    "checkin.offline": POINT_STAFF,
    "checkin.manifest": PUBLIC,
    "checkin.service_worker": PUBLIC,
    "checkin.dashboard": ORGANIZER,
    "checkin.dashboard_live": ORGANIZER,
    "checkin.points": ORGANIZER,
    "checkin.point_new": ORGANIZER,
    "checkin.point_edit": ORGANIZER,
    "checkin.point_delete": ORGANIZER,
    ("checkin_api.CheckinScan", "POST"): SCAN,
    ("checkin_api.CheckinBatch", "POST"): SCAN,
    ("checkin_api.CheckinUndo", "POST"): SCAN,
    ("checkin_api.Points", "GET"): ORGANIZER,
    ("checkin_api.Points", "POST"): ORGANIZER,
    ("checkin_api.Point", "PATCH"): ORGANIZER,
    ("checkin_api.Point", "DELETE"): ORGANIZER,
    ("checkin_api.Stats", "GET"): ORGANIZER,
}


def setup(edition, users) -> dict:
    from .factories import make_point

    point = make_point(edition, "HP-ROUTE", name="Cổng Route", staff=[users["checkin"]], actor=users["organizer"])
    return {"point_code": point.code}
