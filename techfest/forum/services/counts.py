"""Aggregate counts of the forum that other domains read (reports): one grouped query each, no
rows loaded, nothing written."""
from __future__ import annotations

from typing import Iterable, NamedTuple

from sqlalchemy import distinct, func, select

from techfest.core.db import db

from ..models import Room, Session, SessionParticipant, SessionType, Speaker


class SeatsAndAttendance(NamedTuple):
    seats: int       # room capacity summed over the sessions (a room counts once per session in it)
    expected: int    # expected attendance summed over the sessions


def session_counts_by_type(edition) -> dict[SessionType, int]:
    """{session type: sessions of ``edition``}; a type no session has is absent."""
    return dict(db.session.execute(select(Session.type, func.count()).where(Session.edition_id == edition.id)
                                   .group_by(Session.type)).all())


def speaker_counts_by_country(edition) -> list[tuple[str, int]]:
    """(country, speakers taking part in at least one session of ``edition``), most speakers
    first, then by country code."""
    n = func.count(distinct(Speaker.id))
    return [(country, int(count)) for country, count in db.session.execute(
        select(Speaker.country, n).join(SessionParticipant, SessionParticipant.speaker_id == Speaker.id)
        .join(Session, Session.id == SessionParticipant.session_id)
        .where(Session.edition_id == edition.id).group_by(Speaker.country).order_by(n.desc(), Speaker.country)).all()]


def seats_and_expected_attendance(edition) -> SeatsAndAttendance:
    """Seats offered and expected attendance over the sessions of ``edition`` (sessions without a
    room or an expected attendance add nothing)."""
    seats, expected = db.session.execute(
        select(func.sum(Room.capacity), func.sum(Session.expected_attendance))
        .select_from(Session).outerjoin(Room, Room.id == Session.room_id).where(Session.edition_id == edition.id)).one()
    return SeatsAndAttendance(int(seats or 0), int(expected or 0))


def session_counts_by_edition(edition_ids: Iterable[int]) -> dict[int, int]:
    """{edition id: forum sessions} for the given editions; one without any is absent."""
    return dict(db.session.execute(select(Session.edition_id, func.count())
                                   .where(Session.edition_id.in_(list(edition_ids))).group_by(Session.edition_id)).all())


def speaker_counts_by_edition(edition_ids: Iterable[int]) -> dict[int, int]:
    """{edition id: distinct speakers taking part in at least one of its sessions} for the given
    editions; one without any is absent."""
    return dict(db.session.execute(
        select(Session.edition_id, func.count(distinct(SessionParticipant.speaker_id)))
        .select_from(SessionParticipant).join(Session, Session.id == SessionParticipant.session_id)
        .where(Session.edition_id.in_(list(edition_ids))).group_by(Session.edition_id)).all())
