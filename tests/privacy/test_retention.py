from datetime import date

from techfest.privacy.retention import add_months, is_due, purge_date


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 11, 27), 12) == date(2027, 11, 27)
    assert add_months(date(2026, 11, 27), 14) == date(2028, 1, 27)


def test_purge_possible_only_after_the_period_has_passed():
    assert purge_date(date(2026, 11, 27), None) is None
    assert purge_date(date(2026, 11, 27), 6) == date(2027, 5, 28)
    assert not is_due(date(2026, 11, 27), 6, date(2027, 5, 27))
    assert is_due(date(2026, 11, 27), 6, date(2027, 5, 28))
    assert not is_due(date(2026, 11, 27), None, date(2099, 1, 1))
