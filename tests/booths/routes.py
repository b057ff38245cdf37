"""Who may use each booths route (walked by tests/core/test_route_permissions.py)."""
from tests.route_roles import ORGANIZER, PUBLIC

EXHIBITOR = {"exhibitor", "admin"}  # exhibitor of "hp" (their own organisation's booth and wishes)

_ORGANIZER_PAGES = [
    "manage", "new_hall", "hall", "edit_hall", "delete_hall", "clear_hall", "zones", "update_zone", "delete_zone",
    "new_booth", "booth", "delete_booth", "assign", "unassign", "move", "swap", "lock", "set_status", "import_csv",
    "import_template", "grid", "exhibitors", "set_tier", "competitors", "delete_competitor", "settings", "allocation",
    "proposal", "publish", "discard", "problem_json", "log", "export_csv", "plan_pdf",
]

EXPECTED = {
    **{f"booths.{name}": ORGANIZER for name in _ORGANIZER_PAGES},
    "booths.my_booth": EXHIBITOR,
    "booths.floor_plan": PUBLIC,
    "booths.plan_svg": PUBLIC,
    ("booths_api.Halls", "GET"): PUBLIC,
    ("booths_api.HallPlan", "GET"): PUBLIC,
    ("booths_api.Booths", "GET"): PUBLIC,
    ("booths_api.BoothResource", "GET"): PUBLIC,
    ("booths_api.BoothAssignment", "PUT"): ORGANIZER,
    ("booths_api.BoothAssignment", "DELETE"): ORGANIZER,
}


def setup(edition, users):
    """A hall with a zone and two booths (one assigned), a competitor pair and a proposal."""
    from decimal import Decimal

    from techfest.accounts.services import find_or_create_organisation
    from techfest.booths.models import (AllocationRun, BoothAssignment, Booth, CompetitorPair, Hall, Zone)
    from techfest.core.db import db

    hall = Hall(edition_id=edition.id, name="Nhà triển lãm A", name_folded="nha trien lam a",
                width_m=Decimal(40), depth_m=Decimal(20))
    db.session.add(hall)
    db.session.flush()
    zone = Zone(edition_id=edition.id, hall_id=hall.id, name="Khu điện tử", name_folded="khu dien tu", colour="#8ecae6")
    db.session.add(zone)
    db.session.flush()
    booths = [Booth(edition_id=edition.id, hall_id=hall.id, zone_id=zone.id, code=f"RW-0{i}", x_m=Decimal(2 + 3 * i),
                    y_m=Decimal(2), w_m=Decimal(3), h_m=Decimal(3), status="available") for i in (1, 2)]
    db.session.add_all(booths)
    a = find_or_create_organisation("Công ty Cơ khí Route Walk", "company")
    b = find_or_create_organisation("Công ty Điện tử Route Walk", "company")
    db.session.flush()
    booths[1].status = "assigned"
    db.session.add(BoothAssignment(edition_id=edition.id, booth_id=booths[1].id, organisation_id=a.id))
    first, second = sorted((a.id, b.id))
    pair = CompetitorPair(edition_id=edition.id, first_id=first, second_id=second)
    run = AllocationRun(edition_id=edition.id, basis="x", problem={"booths": [], "exhibitors": [], "locks": {}},
                        solution={"assignment": {}, "unassigned": [], "objective": 0, "bound": 0, "optimal": True,
                                  "seconds": 0}, rows=[], warnings=[])
    db.session.add_all([pair, run])
    db.session.commit()
    return {"hall_id": hall.id, "zone_id": zone.id, "booth_id": booths[0].id, "pair_id": pair.id, "run_id": run.id,
            "booth_code": booths[1].code}
