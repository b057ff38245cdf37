"""Publishing the programme from the organizers' page: a refused publication answers 409 (the page
again, with why) so a browser, a script or a test can tell it from a success; nothing is written."""
from __future__ import annotations

from datetime import date

import pytest

from techfest.core.db import db
from techfest.forum import services
from techfest.forum.models import ScheduleVersion
from tests.conftest import Browser, csrf_from
from tests.factories import make_edition, make_user
from tests.forum.factories import make_room, make_session

URL = "/editions/hp/manage/forum/publish"


@pytest.fixture
def edition(app):
    return make_edition(slug="hp", status="live", start_date=date(2026, 11, 25))


@pytest.fixture
def organizer(edition):
    return make_user("org@example.vn", name="Nguyễn Thị Thu Hà", role="organizer", edition=edition)


@pytest.fixture
def org(en_client, organizer):
    """An organizer's browser, in English."""
    browser = Browser(en_client)
    browser.login("org@example.vn")
    return browser


def _publish(org, note: str = ""):
    page = org.get(URL).get_data(as_text=True)
    return org.client.post(URL, data={"csrf_token": csrf_from(page), "note": note})


def _versions() -> list[int]:
    return list(db.session.scalars(db.select(ScheduleVersion.number).order_by(ScheduleVersion.number)))


def test_a_programme_with_blocking_conflicts_is_refused_with_409(org, edition):
    room = make_room(edition, "Hội trường A")
    make_session(edition, title="Phiên 1", room=room, start="09:00", end="10:00")
    make_session(edition, title="Phiên trùng", room=room, start="09:30", end="10:30")
    resp = _publish(org, "Bản chính thức")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 409
    assert "cannot be published while it has errors" in html and "Bản chính thức" in html  # the note is kept
    assert _versions() == []


def test_publishing_again_with_nothing_changed_is_refused_with_409(org, edition, organizer):
    make_session(edition, title="Phiên 1", room=make_room(edition), start="09:00", end="10:00")
    first = _publish(org)
    assert first.status_code == 302 and _versions() == [1]
    resp = _publish(org)
    assert resp.status_code == 409
    assert "Nothing changed since the last published version." in resp.get_data(as_text=True)
    assert _versions() == [1]


def test_a_version_published_meanwhile_is_refused_with_409(org, edition, organizer, monkeypatch):
    make_session(edition, title="Phiên 1", room=make_room(edition), start="09:00", end="10:00")
    services.publish_schedule(organizer, edition)
    make_session(edition, title="Phiên 2", room=make_room(edition, "Hội trường B"), start="09:00", end="10:00")
    # The other organizer's version 1 is not seen when this one numbers its version: it takes 1 too.
    from techfest.forum.services import publishing

    monkeypatch.setattr(publishing, "latest_version", lambda edition: None)
    resp = _publish(org)
    assert resp.status_code == 409
    assert "Another organizer published a version at the same time." in resp.get_data(as_text=True)
    monkeypatch.undo()
    assert _versions() == [1]
    assert [s.title_vi for s in services.published_programme(edition).sessions] == ["Phiên 1"]


def test_an_invalid_note_is_refused_with_422_and_a_valid_publication_redirects(org, edition):
    make_session(edition, title="Phiên 1", room=make_room(edition), start="09:00", end="10:00")
    assert _publish(org, "x" * 2001).status_code == 422 and _versions() == []
    resp = _publish(org, "Bản chính thức")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/editions/hp/manage/forum/versions")
    assert _versions() == [1]
