"""The public registration form, the waiting list and the attendee's badge page."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from techfest.core.db import db
from techfest.registration import services
from techfest.registration.models import Registration
from tests.factories import make_edition
from tests.registration.factories import make_registration

FORM = {"name": "Nguyễn Thị Thu Hà", "email": "Ha.Nguyen@Example.vn", "phone": "0912 345 678",
        "organisation": "Trường Đại học Hải Phòng", "type": "visitor", "consent": "y"}


def _days(edition, *idx):
    days = services.edition_days(edition)
    return [days[i].isoformat() for i in idx]


def _post(browser, data):
    return browser.post_form("/editions/hp/register", data)


def test_a_visitor_registers_and_receives_the_link_to_their_badge(browser, live_edition, outbox):
    resp = _post(browser, {**FORM, "days": _days(live_edition, 0, 2)})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "ha.nguyen@example.vn" in html
    reg = db.session.scalar(select(Registration))
    assert (reg.name, reg.email, reg.status, reg.type) == ("Nguyễn Thị Thu Hà", "ha.nguyen@example.vn", "active", "visitor")
    assert [d.isoformat() for d in reg.day_list] == _days(live_edition, 0, 2)
    assert reg.consent_at is not None
    [mail] = outbox
    assert mail["To"] == "ha.nguyen@example.vn"
    link = re.search(r"https?://\S+/badge/(\S+)", mail.get_content()).group(0)
    page = browser.get(link[link.index("/badge/"):]).get_data(as_text=True)
    assert "Nguyễn Thị Thu Hà" in page and "qr.png" in page


def test_registering_again_with_the_same_email_updates_instead_of_duplicating(browser, live_edition):
    _post(browser, {**FORM, "days": _days(live_edition, 0)})
    first = db.session.scalar(select(Registration))
    code = first.access_code
    _post(browser, {**FORM, "email": "HA.NGUYEN@example.VN ", "name": "Nguyễn Thị Thu Hà (sửa)", "days": _days(live_edition, 1)})
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 1
    reg = db.session.scalar(select(Registration).execution_options(populate_existing=True))
    assert reg.name == "Nguyễn Thị Thu Hà (sửa)" and reg.access_code == code
    assert [d.isoformat() for d in reg.day_list] == _days(live_edition, 1)


def test_the_public_form_offers_no_privileged_badge(browser, live_edition):
    resp = _post(browser, {**FORM, "type": "vip", "days": _days(live_edition, 0)})
    assert resp.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 0
    html = browser.get("/editions/hp/register").get_data(as_text=True)
    assert 'value="press"' in html and 'value="vip"' not in html and 'value="organizer_staff"' not in html


def test_a_speaker_registering_publicly_keeps_the_speaker_badge(browser, live_edition):
    services.ensure_speaker_registration(live_edition, "Kim Min-jun", "minjun@example.kr", "Busan", notify_attendee=False)
    _post(browser, {**FORM, "email": "minjun@example.kr", "name": "김민준", "days": _days(live_edition, 0)})
    reg = db.session.scalar(select(Registration).execution_options(populate_existing=True))
    assert (reg.type, reg.name) == ("speaker", "김민준")


def test_a_bad_form_keeps_what_was_typed_and_names_the_problems(browser, live_edition):
    resp = _post(browser, {**FORM, "consent": "", "email": "not-an-email", "days": []})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert 'value="Nguyễn Thị Thu Hà"' in html and 'value="0912 345 678"' in html
    assert "Choose at least one day." in html and "privacy notice" in html
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 0


def test_beyond_capacity_people_wait_and_are_admitted_in_order_when_a_place_frees(browser, live_edition, outbox):
    services.update_settings(None, live_edition, {"capacity": 1})
    first = make_registration(live_edition, name="Người thứ nhất")
    _post(browser, {**FORM, "days": _days(live_edition, 0)})
    second = db.session.scalar(select(Registration).where(Registration.email == "ha.nguyen@example.vn"))
    assert second.status == "waitlisted" and services.badge_token(second) is None
    assert "waiting list" in outbox[-1].get_content()
    page = browser.get(f"/badge/{second.access_code}").get_data(as_text=True)
    assert "qr.png" not in page
    # speakers, staff and guests are not counted and never wait
    assert make_registration(live_edition, type="organizer_staff").status == "active"
    services.cancel_registration(None, first)
    db.session.refresh(second)
    assert second.status == "active"
    assert any(m["To"] == "ha.nguyen@example.vn" and "now confirmed" in m.get_content() for m in outbox)


def test_a_full_day_puts_only_its_visitors_on_the_waiting_list(live_edition):
    day0, day1, _ = services.edition_days(live_edition)
    services.update_settings(None, live_edition, {"day_capacity": {day0.isoformat(): 1}})
    assert make_registration(live_edition, days=[day0]).status == "active"
    assert make_registration(live_edition, days=[day0, day1]).status == "waitlisted"
    assert make_registration(live_edition, days=[day1]).status == "active"
    assert make_registration(live_edition, type="press", days=[day0]).status == "waitlisted"


def test_an_active_visitor_cannot_add_a_full_day_but_keeps_their_place(live_edition):
    day0, day1, _ = services.edition_days(live_edition)
    services.update_settings(None, live_edition, {"day_capacity": {day1.isoformat(): 1}})
    make_registration(live_edition, days=[day1])
    mine = make_registration(live_edition, email="me@example.vn", days=[day0])
    import pytest

    from techfest.core.errors import Conflict

    with pytest.raises(Conflict):
        services.register(live_edition, {"name": "Me", "email": "me@example.vn", "days": [day0, day1]},
                          notify_attendee=False)
    db.session.refresh(mine)
    assert mine.status == "active" and mine.day_list == [day0]


def test_registration_closed_by_the_organizers_or_archived(browser, live_edition):
    services.update_settings(None, live_edition, {"is_open": False})
    html = browser.get("/editions/hp/register").get_data(as_text=True)
    assert "closed" in html
    resp = _post(browser, {**FORM, "days": _days(live_edition, 0)})
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 0
    assert "closed" in resp.get_data(as_text=True)
    make_edition(slug="old", status="archived", year=2024)
    assert "closed" in browser.get("/editions/old/register").get_data(as_text=True)


def test_draft_editions_have_no_public_registration(client):
    make_edition(slug="draft", status="draft")
    assert client.get("/editions/draft/register").status_code == 404


def test_the_edition_page_links_to_registration_and_the_programme(client, live_edition):
    html = client.get("/editions/hp").get_data(as_text=True)
    assert "/editions/hp/register" in html and "/editions/hp/programme.pdf?lang=vi" in html
