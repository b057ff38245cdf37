"""The registration counts the reports read (registration.services.counts), against a hand count."""
from datetime import date

from techfest.registration import services
from tests.factories import make_edition
from tests.registration.factories import make_registration

D1, D2, D3 = date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27)


def test_active_registrations_by_type_by_day_and_visitors_by_edition(app):
    """Hà (visitor, days 1-2), Minh (visitor, every day), Jisoo (speaker, every day), Lan (press,
    day 3), Tú (visitor, day 1, cancelled). Another edition: one visitor. An empty edition: none.
    → by type: visitor 2, speaker 1, press 1; by day: d1 3 (Hà, Minh, Jisoo), d2 3, d3 3 (Minh,
    Jisoo, Lan); visitors by edition: 2, 1, absent."""
    edition = make_edition(start_date=D1, end_date=D3, status="live")
    other = make_edition(start_date=D1, end_date=D3, status="live")
    empty = make_edition(start_date=D1, end_date=D3, status="live")
    make_registration(edition, name="Nguyễn Thị Thu Hà", days=[D1, D2])
    make_registration(edition, name="Lê Văn Minh")
    make_registration(edition, name="Kim Ji-soo (김지수)", type="speaker")
    make_registration(edition, name="Phạm Thị Lan", type="press", days=[D3])
    cancelled = make_registration(edition, name="Đỗ Văn Tú", days=[D1])
    services.cancel_registration(None, cancelled, notify_attendee=False)
    make_registration(other, name="Trần Quốc Bảo")

    assert services.active_counts_by_type(edition) == {"visitor": 2, "speaker": 1, "press": 1}
    assert services.active_counts_by_day(edition) == [(D1, 3), (D2, 3), (D3, 3)]
    assert services.active_visitor_counts_by_edition([edition.id, other.id, empty.id]) == {edition.id: 2, other.id: 1}
    assert services.active_counts_by_type(empty) == {} and services.active_counts_by_day(empty) == []
