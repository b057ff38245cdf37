"""Erasure is one transaction across domains: when a step fails, not one table has changed.

Each domain's anonymiser (registration, check-in, forum, accounts) only changes rows in the
session; privacy.services commits once at the end, after the audit log entry."""
from __future__ import annotations

from datetime import date

import pytest

from techfest.core.db import db
from techfest.privacy import services
from techfest.privacy.models import PrivacySettings
from tests.core.test_form_robustness import fingerprint
from tests.forum.factories import make_speaker
from tests.privacy.test_privacy import A_EMAIL, A_NAME, people  # noqa: F401  (fixture)


class Boom(Exception):
    pass


def _fail(*args, **kwargs):
    raise Boom()


def test_an_account_erasure_failing_at_its_last_step_leaves_everything_as_it_was(edition, people, monkeypatch):  # noqa: F811
    from techfest.accounts import services as accounts

    make_speaker(edition, name=A_NAME, email=A_EMAIL)
    before = fingerprint()
    monkeypatch.setattr(accounts, "anonymise_user", _fail)  # registrations, scans, speaker done by then
    with pytest.raises(Boom):
        services.erase_person(people["a"], user=people["a"])
    db.session.rollback()
    assert fingerprint() == before


def test_a_purge_failing_on_its_last_registration_anonymises_none(edition, people, monkeypatch):  # noqa: F811
    from techfest.checkin import services as checkin

    db.session.add(PrivacySettings(edition_id=edition.id, retention_months=1))
    db.session.commit()
    real, calls = checkin.anonymise_scans_of, []

    def fail_on_the_second(reg, personal):
        calls.append(reg.id)
        if len(calls) == 2:
            raise Boom()
        real(reg, personal)

    before = fingerprint()
    monkeypatch.setattr(checkin, "anonymise_scans_of", fail_on_the_second)
    with pytest.raises(Boom):
        services.purge_edition(edition, apply=True, today=date(2100, 1, 1))
    db.session.rollback()
    assert calls == [people["reg_a"].id, people["reg_b"].id]
    assert fingerprint() == before
