"""Races on PostgreSQL: the last place, the last booth-staff slot, the same e-mail twice."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from techfest.core.db import db
from techfest.core.errors import Conflict
from techfest.registration import services
from techfest.registration.models import Registration
from tests.factories import make_org

N = 8


def _race(app, work):
    barrier = threading.Barrier(N)
    results: list = [None] * N

    def run(i):
        with app.app_context():
            try:
                barrier.wait()
                results[i] = work(i)
            except Exception as exc:  # noqa: BLE001 - collected and asserted below
                results[i] = exc
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(N)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def _edition(app):
    from techfest.editions.services import get_edition_or_404

    return get_edition_or_404("hp")


@pytest.mark.postgres
def test_only_one_visitor_gets_the_last_place(app, live_edition):
    services.update_settings(None, live_edition, {"capacity": 1})

    def work(i):
        outcome = services.register(_edition(app), {"name": f"Khách {i}", "email": f"k{i}@example.vn"},
                                    notify_attendee=False)
        return outcome.registration.status

    results = _race(app, work)
    assert sorted(map(str, results)) == ["active"] + ["waitlisted"] * (N - 1)
    assert db.session.scalar(select(func.count()).select_from(Registration).where(Registration.status == "active")) == 1


@pytest.mark.postgres
def test_booth_staff_never_exceed_the_quota(app, live_edition):
    org = make_org("Công ty CP Điện tử Hải Phòng")
    org_id = org.id

    def work(i):
        from techfest.accounts.models import Organisation

        organisation = db.session.get(Organisation, org_id)
        return services.register_booth_staff(None, _edition(app), organisation,
                                             {"name": f"NV {i}", "email": f"nv{i}@d.vn"}, notify_attendee=False)

    results = _race(app, work)
    assert sum(isinstance(r, Registration) for r in results) == 3
    assert all(isinstance(r, (Registration, Conflict)) for r in results), results
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 3


@pytest.mark.postgres
def test_the_same_email_registered_at_once_makes_one_registration(app, live_edition):
    def work(i):
        return services.register(_edition(app), {"name": f"Nguyễn Văn An {i}", "email": "an@example.vn"},
                                 notify_attendee=False).registration.id

    results = _race(app, work)
    assert all(isinstance(r, int) for r in results), results
    assert len(set(results)) == 1
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 1
