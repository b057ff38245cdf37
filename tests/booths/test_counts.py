"""The booth counts the reports read (booths.services), against a hand count."""
from decimal import Decimal

import pytest

from techfest.booths import services
from tests.booths.factories import make_booth, make_hall
from tests.factories import make_edition

pytestmark = pytest.mark.usefixtures("app")


def _halls(edition):
    """Hall A: A-01 3×3 assigned, A-02 3×3 available, A-03 6×3 assigned → 36 m², 27 assigned.
    Hall B: B-01 3×3 held, B-02 2.5×2 blocked → 14 m², none assigned. Hall C: no booth."""
    a = make_hall(edition, "Nhà triển lãm A")
    b = make_hall(edition, "Nhà triển lãm B")
    make_hall(edition, "Nhà triển lãm C")
    make_booth(a, "A-01", 0, 0, status="assigned")
    make_booth(a, "A-02", 3, 0)
    make_booth(a, "A-03", 6, 0, w=6, status="assigned")
    make_booth(b, "B-01", 0, 0, status="held")
    make_booth(b, "B-02", 3, 0, w="2.5", h=2, status="blocked")


def test_booth_area_by_hall_gives_total_and_assigned_area_of_halls_with_booths():
    edition, other = make_edition(), make_edition()
    _halls(edition)
    make_booth(make_hall(other, "Nhà triển lãm khác"), "X-01", 0, 0, status="assigned")
    assert services.booth_area_by_hall(edition) == [("Nhà triển lãm A", Decimal(36), Decimal(27)),
                                                    ("Nhà triển lãm B", Decimal(14), Decimal(0))]
    assert services.booth_area_by_hall(make_edition()) == []


def test_status_counts_count_the_edition_booths_by_status():
    edition, other = make_edition(), make_edition()
    _halls(edition)
    make_booth(make_hall(other, "Nhà triển lãm khác"), "X-01", 0, 0, status="assigned")
    assert services.status_counts(edition) == {"assigned": 2, "available": 1, "held": 1, "blocked": 1}
