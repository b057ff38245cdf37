"""ensure_speaker_registration: what the forum calls when a speaker confirms."""
from __future__ import annotations

from sqlalchemy import func, select

from techfest.core.db import db
from techfest.registration import services
from techfest.registration.models import Registration
from tests.registration.factories import make_registration


def test_a_confirmed_speaker_gets_an_active_speaker_badge_for_every_day(live_edition, outbox):
    services.update_settings(None, live_edition, {"capacity": 0})  # even when the fair is full
    reg = services.ensure_speaker_registration(live_edition, "Kim Min-jun (김민준)", "MinJun@Example.kr", "Busan Techno Park")
    assert (reg.type, reg.status, reg.email, reg.source) == ("speaker", "active", "minjun@example.kr", "forum")
    assert reg.day_list == services.edition_days(live_edition)
    assert services.verify_badge(services.badge_token(reg), live_edition).status == "ok"
    assert [m["To"] for m in outbox] == ["minjun@example.kr"]


def test_calling_it_again_changes_nothing_and_sends_nothing(live_edition, outbox):
    first = services.ensure_speaker_registration(live_edition, "Nguyễn Thị Hương", "huong@example.vn", "Sở KH&CN")
    again = services.ensure_speaker_registration(live_edition, "Nguyễn Thị Hương", "huong@example.vn", "Sở KH&CN")
    assert again.id == first.id and again.badge_version == first.badge_version
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 1
    assert len(outbox) == 1


def test_a_visitor_becomes_a_speaker_and_a_cancelled_one_comes_back(live_edition):
    visitor = make_registration(live_edition, email="an@example.vn", type="visitor")
    assert services.ensure_speaker_registration(live_edition, "Nguyễn Văn An", "an@example.vn").id == visitor.id
    db.session.refresh(visitor)
    assert visitor.type == "speaker"
    services.cancel_registration(None, visitor, notify_attendee=False)
    back = services.ensure_speaker_registration(live_edition, "Nguyễn Văn An", "an@example.vn")
    assert back.status == "active" and back.badge_version == 2


def test_vip_guests_keep_their_badge(live_edition):
    vip = make_registration(live_edition, email="vip@example.vn", type="vip")
    assert services.ensure_speaker_registration(live_edition, "Ông Lê", "vip@example.vn").type == "vip"
    assert vip.status == "active"
