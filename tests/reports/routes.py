"""Who may use the report routes (see tests/core/test_route_permissions.py)."""
from tests.route_roles import ANY_ORGANIZER, ORGANIZER, PUBLIC

EXPECTED = {
    "reports.report": ORGANIZER,
    "reports.report_pdf": ORGANIZER,
    "reports.report_csv": ORGANIZER,
    "reports.report_xlsx": ORGANIZER,
    "reports.figures": ORGANIZER,
    "reports.figure_new": ORGANIZER,
    "reports.figure_edit": ORGANIZER,
    "reports.figure_delete": ORGANIZER,
    "reports.compare": ANY_ORGANIZER,
    "reports.numbers": PUBLIC,
    ("reports_api.Stats", "GET"): ORGANIZER,
}


def setup(edition, users) -> dict:
    from techfest.reports.services import save_figure

    figure = save_figure(users["organizer"], edition, {"key": "jobs_created", "label_vi": "Việc làm tạo mới",
                                                       "value": "120", "is_public": True})
    return {"figure_id": figure.id}
