"""Demo figures: a real history for 2018–2023, loaded once."""
from techfest.core.db import db
from techfest.reports import demo, services
from techfest.reports.models import RecordedFigure
from tests.factories import make_edition


def test_demo_gives_past_editions_a_history_and_is_idempotent(app):
    editions = {year: make_edition(year=year, status="archived") for year in range(2018, 2024)}
    editions["current"] = make_edition(year=2026, status="live")
    demo.load(editions)
    count = db.session.scalar(db.select(db.func.count()).select_from(RecordedFigure))
    demo.load(editions)
    assert db.session.scalar(db.select(db.func.count()).select_from(RecordedFigure)) == count
    with app.test_request_context():
        rows = {r["key"]: r for r in services.comparison()["rows"]}
    products = [rows["products_shown"]["values"][editions[y].id]["value"] for y in range(2018, 2024)]
    visitors = [rows["visitors"]["values"][editions[y].id]["value"] for y in range(2018, 2024)]
    assert products[0] == 60 and products[-1] == 130
    assert visitors[0] == 8000 and visitors[-1] == 20000
    assert rows["products_shown"]["values"][editions["current"].id]["value"] is None  # from live data only
    assert rows["jobs_created"]["values"][editions[2023].id]["note"].startswith("Khảo sát")
