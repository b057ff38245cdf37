"""Forum factories: rooms, speakers and sessions with realistic Vietnamese and Korean content.

Times are given as local (edition time zone) day offsets and "HH:MM" strings.
"""
from __future__ import annotations

import io
from datetime import time, timedelta


def jpeg_bytes(size=(64, 48), color=(11, 79, 138), fmt="JPEG") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return out.getvalue()


def at(edition, day: int, hhmm: str):
    """The UTC datetime of local ``hhmm`` on the edition's day ``day`` (0 = first day)."""
    from techfest.forum.services import local_datetime

    return local_datetime(edition, edition.start_date + timedelta(days=day), time.fromisoformat(hhmm))


def make_room(edition, name: str = "Hội trường A", *, capacity: int | None = 300, hall: str = "Nhà A",
              floor: str = "Tầng 1", hours: dict | None = None, actor=None):
    from techfest.forum.services import create_room

    return create_room(actor, edition, {"name": name, "capacity": capacity, "hall": hall, "floor": floor,
                                        "equipment": "Máy chiếu, 4 micro không dây", "hours": hours})


def make_speaker(edition, name: str = "Nguyễn Thị Hương", *, organisation: str = "Sở Khoa học và Công nghệ Hải Phòng",
                 title: str = "Phó Giám đốc", country: str = "VN", email: str | None = None, photo: bytes | None = None,
                 actor=None, **kw):
    from techfest.forum.services import create_speaker

    return create_speaker(actor, edition, {"name": name, "organisation": organisation, "title": title,
                                           "country": country, "email": email, **kw}, photo=photo)


def make_session(edition, title: str = "Phiên 1: Khai thác thế mạnh đặc thù", *, room=None, day: int = 0,
                 start: str = "09:00", end: str = "10:30", type: str = "forum_session", people=(), actor=None, **kw):
    """``people``: speakers, or (speaker, role) pairs, in order."""
    from techfest.forum.services import create_session

    participants = []
    for p in people:
        speaker, role = p if isinstance(p, tuple) else (p, "panelist")
        participants.append({"speaker": speaker.code, "role": role})
    return create_session(actor, edition, {
        "title_vi": title, "type": type, "room_id": room.id if room else None, "start": at(edition, day, start),
        "end": at(edition, day, end), "participants": participants, **kw})


def make_programme(edition, organizer=None, *, photo: bool = False, publish: bool = True) -> dict:
    """A small published programme: one room, a Vietnamese moderator, a Korean panelist."""
    from techfest.forum.services import publish_schedule

    room = make_room(edition, "Hội trường A")
    moderator = make_speaker(edition, "Nguyễn Thị Hương", email="huong@example.vn",
                             photo=jpeg_bytes() if photo else None)
    panelist = make_speaker(edition, "Kim Min-jun (김민준)", organisation="Trung tâm Khởi nghiệp Busan",
                            title="Giám đốc", country="KR", email="minjun@example.kr")
    session = make_session(edition, "Phiên 1: Khai thác thế mạnh đặc thù phát triển hệ sinh thái khởi nghiệp",
                           room=room, people=[(moderator, "moderator"), (panelist, "panelist")],
                           languages=["vi", "ko"], interpretation="vi↔ko", track="Hệ sinh thái khởi nghiệp")
    version = publish_schedule(organizer, edition) if publish else None
    return {"room": room, "speaker": moderator, "panelist": panelist, "session": session, "version": version}
