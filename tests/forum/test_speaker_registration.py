"""A speaker who confirms the invitation gets a speaker registration (and so a badge), in the same
transaction as the confirmation."""
import pytest

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


def test_confirming_is_one_write_a_failing_registration_step_leaves_everything_as_it_was(app, monkeypatch, outbox):
    from techfest.forum.models import Speaker, SpeakerStatus
    from techfest.registration import services as registration
    from tests.registration.factories import make_registration

    edition = make_edition(slug="hp", status="live")
    visitor = make_registration(edition, email="minjun@example.kr", type="visitor")
    speaker = make_speaker(edition, "Kim Min-jun", title="", email="minjun@example.kr")
    token = services.invite_speaker(None, edition, speaker)
    real_step = registration.stage_speaker_registration

    def registered_then_lost(*args, **kwargs):
        real_step(*args, **kwargs)  # the visitor's registration has become a speaker one, not yet committed
        raise RuntimeError("connection lost")

    monkeypatch.setattr(registration, "stage_speaker_registration", registered_then_lost)
    with pytest.raises(RuntimeError):
        services.respond_to_invitation(token, {"name": "Kim Min-jun (김민준)", "title": "Giám đốc", "country": "KR"},
                                       answer="confirm")
    db.session.expire_all()
    speaker = db.session.get(Speaker, speaker.id)
    assert (speaker.status, speaker.responded_at, speaker.name, speaker.title) == (
        SpeakerStatus.INVITED, None, "Kim Min-jun", "")
    regs = db.session.scalars(db.select(Registration)).all()
    assert [(r.id, str(r.type)) for r in regs] == [(visitor.id, "visitor")]
    assert outbox == []

    monkeypatch.undo()  # the same answer, once the registration step works again
    services.respond_to_invitation(token, {"name": "Kim Min-jun (김민준)", "title": "Giám đốc", "country": "KR"},
                                   answer="confirm")
    db.session.expire_all()
    assert db.session.get(Speaker, speaker.id).status == SpeakerStatus.CONFIRMED
    assert [(r.id, str(r.type)) for r in db.session.scalars(db.select(Registration))] == [(visitor.id, "speaker")]
    assert [m["To"] for m in outbox] == ["minjun@example.kr"]
