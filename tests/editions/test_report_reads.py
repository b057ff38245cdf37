"""The editions read the reports use (editions.services.editions_past_draft_oldest_first)."""
from datetime import date

import pytest

from techfest.editions import services
from tests.factories import make_edition

pytestmark = pytest.mark.usefixtures("app")


def test_editions_past_draft_oldest_first_leaves_drafts_out_and_orders_by_year_then_start():
    live = make_edition(year=2026, status="live", start_date=date(2026, 11, 25))
    make_edition(year=2027, status="draft")
    archived = make_edition(year=2019, status="archived")
    spring = make_edition(year=2026, status="archived", start_date=date(2026, 4, 2))
    open_ = make_edition(year=2027, status="open", start_date=date(2027, 3, 10))
    assert services.editions_past_draft_oldest_first() == [archived, spring, live, open_]
