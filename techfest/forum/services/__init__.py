"""Forum use-cases: rooms, speakers and invitations, sessions, conflicts, publishing, read models.

Each write function is one transaction (it commits) and takes the actor and the edition
explicitly. Reads for the public go through :func:`published_programme`, built from the frozen
snapshot of the newest :class:`ScheduleVersion`; the organizers' working copy is never shown to
the public.

The package is split by responsibility; every name is re-exported here, so callers import
``techfest.forum.services`` (or ``from techfest.forum import services``) as one module:

* ``common``: the edition's time zone and days, codes, text checks;
* ``rooms``: rooms and their opening hours;
* ``photos``: speaker photos (the shared image checks of ``techfest.submissions.images``);
* ``speakers``: speaker profiles, erasure, the confirmed speakers;
* ``invitations``: the speakers' invitation link and their answer (speaker self-service);
* ``sessions``: sessions, moves and shifts, and the schedule's conflicts;
* ``publishing``: snapshots, numbered versions and their changelog;
* ``programme``: the published programme (read model);
* ``exports``: Frab XML/JSON, iCalendar and CSV of the published programme.

For other domains (registration's printed programme and speaker badges, privacy's erasure):

* :func:`confirmed_speakers` — speakers who confirmed their participation, with the e-mail and
  user account to reach them.
* :func:`published_programme` — the published programme: days → sessions (local times) with
  their room and ordered participants, or ``None`` before the first publication.
* :func:`speakers_of_user`, :func:`anonymise_speaker`, :func:`delete_unused_photos` — erasure.
"""
from __future__ import annotations

from .common import edition_days, local_datetime, zone_of
from .exports import (CSV_COLUMNS, export_csv_rows, export_frab_json, export_frab_xml, export_ics,
                      session_guid)
from .invitations import (INVITATION_MAX_AGE, invitation_token, invite_speaker, respond_to_invitation,
                          speaker_for_invitation)
from .photos import PHOTO_MAX_SIDE, delete_unused_photos, photo_path, store_photo
from .programme import (ProgrammeDay, ProgrammeParticipant, ProgrammePerson, ProgrammeRoom, ProgrammeSession,
                        PublishedProgramme, programme_from_snapshot, published_programme)
from .publishing import (SNAPSHOT_FORMAT, build_snapshot, latest_version, pending_changes, publish_schedule,
                         versions_of)
from .rooms import (create_room, delete_room, format_hours_exceptions, get_room, parse_hours_exceptions,
                    room_hours_for, rooms_of, update_room)
from .sessions import (DEFAULT_BUFFER_MINUTES, MAX_SESSION_HOURS, all_sessions, conflicts_by_session,
                       create_session, delete_session, duplicate_session, find_conflicts, get_session,
                       move_session, parse_interpretation, sessions_on_day, sessions_query, shift_day,
                       tracks_of, update_session)
from .speakers import (ConfirmedSpeaker, all_speakers, anonymise_speaker, confirmed_speakers, create_speaker,
                       delete_speaker, get_speaker, session_counts, sessions_of_speaker, speakers_of_user,
                       speakers_query, update_speaker)

__all__ = [
    "CSV_COLUMNS", "DEFAULT_BUFFER_MINUTES", "INVITATION_MAX_AGE", "MAX_SESSION_HOURS", "PHOTO_MAX_SIDE",
    "SNAPSHOT_FORMAT", "ConfirmedSpeaker", "ProgrammeDay", "ProgrammeParticipant", "ProgrammePerson",
    "ProgrammeRoom", "ProgrammeSession", "PublishedProgramme", "all_sessions", "all_speakers",
    "anonymise_speaker", "build_snapshot", "confirmed_speakers", "conflicts_by_session", "create_room",
    "create_session", "create_speaker", "delete_room", "delete_session", "delete_speaker",
    "delete_unused_photos", "duplicate_session", "edition_days", "export_csv_rows", "export_frab_json",
    "export_frab_xml", "export_ics", "find_conflicts", "format_hours_exceptions", "get_room", "get_session",
    "get_speaker", "invitation_token", "invite_speaker", "latest_version", "local_datetime", "move_session",
    "parse_hours_exceptions", "parse_interpretation", "pending_changes", "photo_path", "programme_from_snapshot",
    "publish_schedule", "published_programme", "respond_to_invitation", "room_hours_for", "rooms_of",
    "session_counts", "session_guid", "sessions_of_speaker", "sessions_on_day", "sessions_query", "shift_day",
    "speaker_for_invitation", "speakers_of_user", "speakers_query", "store_photo", "tracks_of", "update_room",
    "update_session", "update_speaker", "versions_of", "zone_of",
]

# Aggregate counts other domains read (reports): ``counts``, one grouped query each, no commit.
from .counts import (SeatsAndAttendance, seats_and_expected_attendance, session_counts_by_edition,  # noqa: E402
                     session_counts_by_type, speaker_counts_by_country, speaker_counts_by_edition)

__all__ += ["SeatsAndAttendance", "seats_and_expected_attendance", "session_counts_by_edition",
            "session_counts_by_type", "speaker_counts_by_country", "speaker_counts_by_edition"]
