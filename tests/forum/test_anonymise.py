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
