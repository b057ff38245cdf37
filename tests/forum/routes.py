"""Who may use each forum route (walked by tests/core/test_route_permissions.py)."""
from tests.route_roles import ORGANIZER, PUBLIC

EXPECTED = {
    # organizers: the schedule editor and everything it manages
    "forum.editor": ORGANIZER,
    "forum.session_new": ORGANIZER,
    "forum.session_edit": ORGANIZER,
    "forum.session_move": ORGANIZER,
    "forum.session_duplicate": ORGANIZER,
    "forum.session_delete": ORGANIZER,
    "forum.shift": ORGANIZER,
    "forum.rooms": ORGANIZER,
    "forum.room_edit": ORGANIZER,
    "forum.room_delete": ORGANIZER,
    "forum.speakers": ORGANIZER,
    "forum.speaker_new": ORGANIZER,
    "forum.speaker_edit": ORGANIZER,
    "forum.speaker_invite": ORGANIZER,
    "forum.speaker_delete": ORGANIZER,
    "forum.publish": ORGANIZER,
    "forum.versions": ORGANIZER,
    # speakers: the signed invitation link (an invalid token is a 404 for everyone)
    "forum.invitation": PUBLIC,
    "forum.invitation_photo": PUBLIC,
    # the public programme and its exports
    "forum.programme": PUBLIC,
    "forum.programme_rooms": PUBLIC,
    "forum.programme_tracks": PUBLIC,
    "forum.session_page": PUBLIC,
    "forum.session_ics": PUBLIC,
    "forum.speakers_public": PUBLIC,
    "forum.speaker_page": PUBLIC,
    "forum.my_programme": PUBLIC,
    "forum.changes": PUBLIC,
    "forum.photo": PUBLIC,
    "forum.schedule_ics": PUBLIC,
    "forum.schedule_xml": PUBLIC,
    "forum.schedule_json": PUBLIC,
    "forum.schedule_csv": PUBLIC,
    # API
    ("forum_api.PublishedSessions", "GET"): PUBLIC,
    ("forum_api.PublishedSession", "GET"): PUBLIC,
    ("forum_api.PublishedRooms", "GET"): PUBLIC,
    ("forum_api.PublishedSpeakers", "GET"): PUBLIC,
    ("forum_api.PublishedSpeaker", "GET"): PUBLIC,
    ("forum_api.Versions", "GET"): PUBLIC,
    ("forum_api.Versions", "POST"): ORGANIZER,
    ("forum_api.DraftSessions", "GET"): ORGANIZER,
    ("forum_api.DraftSessions", "POST"): ORGANIZER,
    ("forum_api.DraftSession", "GET"): ORGANIZER,
    ("forum_api.DraftSession", "PATCH"): ORGANIZER,
    ("forum_api.DraftSession", "DELETE"): ORGANIZER,
    ("forum_api.DraftConflicts", "GET"): ORGANIZER,
    ("forum_api.DraftRooms", "GET"): ORGANIZER,
    ("forum_api.DraftRooms", "POST"): ORGANIZER,
    ("forum_api.DraftRoom", "PATCH"): ORGANIZER,
    ("forum_api.DraftRoom", "DELETE"): ORGANIZER,
    ("forum_api.DraftSpeakers", "GET"): ORGANIZER,
    ("forum_api.DraftSpeakers", "POST"): ORGANIZER,
    ("forum_api.DraftSpeaker", "GET"): ORGANIZER,
    ("forum_api.DraftSpeaker", "PATCH"): ORGANIZER,
    ("forum_api.DraftSpeaker", "DELETE"): ORGANIZER,
    ("forum_api.DraftSpeakerPhoto", "PUT"): ORGANIZER,
    ("forum_api.DraftSpeakerPhoto", "DELETE"): ORGANIZER,
}


def setup(edition, users) -> dict:
    """A published programme in the "hp" edition: a room, a speaker with a photo, a session."""
    from tests.forum.factories import make_programme

    prog = make_programme(edition, users["organizer"], photo=True)
    return {"session_code": prog["session"].code, "speaker_code": prog["speaker"].code,
            "room_id": prog["room"].id, "photo": prog["speaker"].photo}
