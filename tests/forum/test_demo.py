"""The demo edition's forum: two days, 4 rooms, Phiên 1 and Phiên 2, Vietnamese and Korean people, published."""
from datetime import timedelta

from techfest.core.db import db
from techfest.forum import services
from techfest.forum.models import Room, ScheduleVersion, Session, Speaker


def _counts():
    return tuple(db.session.scalar(db.select(db.func.count()).select_from(m))
                 for m in (Room, Speaker, Session, ScheduleVersion))


def test_demo_forum_is_published_realistic_and_idempotent(app):
    from techfest.demo import load_demo

    editions = load_demo()
    first = _counts()
    load_demo()
    assert _counts() == first
    edition = editions["current"]
    assert len(services.rooms_of(edition)) == 4
    assert not any(c.blocking for c in services.find_conflicts(edition))
    prog = services.published_programme(edition)
    assert prog is not None and prog.version == 1
    assert [d.date for d in prog.days] == [edition.start_date, edition.start_date + timedelta(days=1)]
    titles = [s.title_vi for s in prog.sessions]
    assert any("Khai thác thế mạnh đặc thù phát triển hệ sinh thái khởi nghiệp sáng tạo địa phương" in t for t in titles)
    assert any("Liên kết, khơi thông nguồn lực và phát triển hệ thống trung tâm hỗ trợ khởi nghiệp sáng tạo địa phương"
               in t for t in titles)
    types = {s.type.value for s in prog.sessions}
    assert {"opening", "forum_session", "panel", "workshop", "pitching"} <= types
    panels = [s for s in prog.sessions if s.type == "panel"]
    assert len(panels) >= 2
    korean = lambda p: p.person.country == "KR"  # noqa: E731
    assert any(korean(p) for s in panels for p in s.with_role("moderator"))
    assert any(not korean(p) for s in panels for p in s.with_role("moderator"))
    assert any(korean(p) for s in panels for p in s.with_role("panelist"))
    assert any(s.interpretation == "vi↔ko" for s in panels)
    assert services.confirmed_speakers(edition)
