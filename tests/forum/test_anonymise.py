"""A speaker profile anonymised by a privacy erasure: the person is gone, the programme keeps its shape."""
from __future__ import annotations

from datetime import date

from techfest.core.db import db
from techfest.forum import services
from tests.factories import make_edition, make_user
from tests.forum.factories import make_session, make_speaker


def test_speaker_profiles_of_an_account_are_found_and_anonymised_sessions_keep_their_places(app):
    edition = make_edition(slug="hp", status="live", start_date=date(2026, 11, 25))
    user = make_user("huong.nguyen@example.vn", name="Nguyễn Thị Hương")
    mine = make_speaker(edition, email="Huong.Nguyen@example.vn", bio_vi="Tiến sĩ kinh tế biển")
    other = make_speaker(edition, name="Trần Văn Bình", email="binh@example.vn")
    session = make_session(edition, people=[mine, other])
    assert services.speakers_of_user(user) == [mine]

    services.anonymise_speaker(mine)
    db.session.commit()

    assert (mine.name, mine.email, mine.organisation, mine.title, mine.bio_vi) == ("Đã xoá", None, "", "", "")
    assert mine.user_id is None and services.speakers_of_user(user) == []
    assert [p.speaker for p in services.get_session(edition, session.code).participants] == [mine, other]
    assert other.name == "Trần Văn Bình"


def test_published_versions_forget_the_speaker_and_the_photo_file_goes_after_commit(app, client):
    from sqlalchemy import select

    from techfest.forum.models import ScheduleVersion
    from tests.forum.factories import make_programme

    edition = make_edition(slug="hai-phong-2026", status="live", start_date=date(2026, 11, 25))
    organizer = make_user("btc@example.vn", role="organizer", edition=edition)
    prog = make_programme(edition, organizer, photo=True)
    speaker = prog["speaker"]
    # a second version in which she changed role: her name is in that version's changelog too
    make_session(edition, "Phiên 2: Chuyển đổi số", day=1, people=[speaker])
    services.publish_schedule(organizer, edition)
    photo = services.photo_path(speaker.photo)
    assert photo is not None and "Nguyễn Thị Hương" in client.get("/editions/hai-phong-2026/programme").get_data(as_text=True)

    removed = services.anonymise_speaker(speaker)
    assert photo.exists()  # not before the erasure is committed
    db.session.commit()
    assert services.delete_unused_photos([removed]) == 1 and not photo.exists()

    versions = db.session.scalars(select(ScheduleVersion).where(ScheduleVersion.edition_id == edition.id)).all()
    assert len(versions) == 2
    for version in versions:
        frozen = str(version.snapshot) + str(version.changelog)
        assert "Nguyễn Thị Hương" not in frozen and "Phó Giám đốc" not in frozen
        assert "Kim Min-jun (김민준)" in frozen  # the other speaker is untouched
    page = client.get("/editions/hai-phong-2026/programme").get_data(as_text=True)
    assert "Nguyễn Thị Hương" not in page and "Đã xoá" in page
    assert client.get("/editions/hai-phong-2026/schedule.json").get_data(as_text=True).count("Đã xoá") >= 1


def test_erasing_an_account_removes_its_speaker_photo_and_cached_programmes(app):
    from techfest.privacy import services as privacy
    from tests.forum.factories import jpeg_bytes

    edition = make_edition(slug="hp", status="live", start_date=date(2026, 11, 25))
    user = make_user("huong.nguyen@example.vn", name="Nguyễn Thị Hương")
    speaker = make_speaker(edition, email="huong.nguyen@example.vn", photo=jpeg_bytes())
    photo = services.photo_path(speaker.photo)
    assert photo is not None and photo.exists()
    from techfest.registration import programme

    cached = programme.cache_dir() / f"programme-{edition.id}-vi-0123456789abcdef01234567.pdf"
    cached.write_bytes(b"%PDF-1.7 a booklet printing her name")
    privacy.erase_person(user, user=user)
    assert not photo.exists() and speaker.photo is None
    assert not cached.exists()  # the next request renders the programme afresh
