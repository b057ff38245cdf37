"""A speaker who confirms the invitation gets a speaker registration (and so a badge)."""
from techfest.core.db import db
from techfest.forum import services
from techfest.registration.models import Registration
from tests.factories import make_edition
from tests.forum.factories import make_speaker


def test_confirming_the_invitation_creates_a_speaker_registration_once(app):
    edition = make_edition(slug="hp", status="live")
    speaker = make_speaker(edition, "Kim Min-jun (김민준)", email="minjun@example.kr")
    token = services.invite_speaker(None, edition, speaker)
    services.respond_to_invitation(token, {"name": "Kim Min-jun (김민준)", "country": "KR"}, answer="confirm")
    services.respond_to_invitation(token, {"name": "Kim Min-jun (김민준)", "country": "KR"}, answer="confirm")
    regs = db.session.scalars(db.select(Registration).where(Registration.edition_id == edition.id)).all()
    assert [(r.name, r.email, str(r.type)) for r in regs] == [("Kim Min-jun (김민준)", "minjun@example.kr", "speaker")]


def test_declining_creates_no_registration(app):
    edition = make_edition(slug="hp", status="live")
    speaker = make_speaker(edition, email="huong@example.vn")
    token = services.invite_speaker(None, edition, speaker)
    services.respond_to_invitation(token, {"name": speaker.name, "country": "VN"}, answer="decline")
    assert db.session.scalar(db.select(db.func.count()).select_from(Registration)) == 0
