"""/api/v1/editions/<slug>/forum/...: the published programme (public) and the organizers'
working copy (``/forum/draft/...``, bearer token of an organizer) with publishing.

Public reads (sessions, rooms, speakers, versions) serve the newest *published* version only.
Writes change the working copy; ``POST /forum/versions`` publishes it.
"""
from __future__ import annotations

import marshmallow as ma
from flask import g, url_for
from flask.views import MethodView
from flask_login import current_user

from techfest.core.api import BEARER, DB_ID, Blueprint, ErrorSchema, PageArgs, page_of
from techfest.core.auth import public, require
from techfest.core.errors import NotFound
from techfest.core.search import fold
from techfest.editions.services import visible_edition

from . import services
from .models import LANGUAGES, ParticipantRole, SessionType, SpeakerStatus

blp = Blueprint("forum_api", __name__, description="Forum programme: sessions, rooms, speakers, published versions.")

ROLES = [r.value for r in ParticipantRole]
TYPES = [t.value for t in SessionType]


def _page(items: list, args: dict) -> dict:
    page, per_page = args["page"], args["per_page"]
    return {"items": items[(page - 1) * per_page: page * per_page], "page": page, "per_page": per_page,
            "total": len(items)}


# --- schemas ---------------------------------------------------------------------------------

class StrictSchema(ma.Schema):
    class Meta:
        unknown = ma.RAISE


class RoomRefSchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()


class RoomSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    name = ma.fields.String()
    capacity = ma.fields.Integer(allow_none=True)
    floor = ma.fields.String()
    hall = ma.fields.String()
    equipment = ma.fields.String()


class DraftRoomSchema(RoomSchema, StrictSchema):
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=120),
                            metadata={"example": "Hội trường A"})
    capacity = ma.fields.Integer(allow_none=True, validate=ma.validate.Range(min=1, max=100000))
    floor = ma.fields.String(validate=ma.validate.Length(max=60))
    hall = ma.fields.String(validate=ma.validate.Length(max=60))
    equipment = ma.fields.String(validate=ma.validate.Length(max=2000))
    hours = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.List(ma.fields.List(ma.fields.String())),
                           allow_none=True, metadata={
                               "description": "Opening hours: '*' (every edition day) or a date → list of "
                                              "[open, close] local times; null = always open",
                               "example": {"*": [["08:00", "18:00"]], "2026-11-25": [["08:00", "12:00"]]}})
    position = ma.fields.Integer(validate=ma.validate.Range(min=-1000, max=1000))


class DraftRoomPatchSchema(DraftRoomSchema):
    """The same fields, all optional (used with partial=True)."""


class PersonSchema(ma.Schema):
    code = ma.fields.String(dump_only=True)
    name = ma.fields.String()
    title = ma.fields.String()
    organisation = ma.fields.String()
    country = ma.fields.String()
    bio_vi = ma.fields.String()
    bio_en = ma.fields.String()
    photo_url = ma.fields.Method("get_photo_url", dump_only=True, allow_none=True)

    def get_photo_url(self, obj):
        if not obj.photo:
            return None
        return url_for("forum.photo", slug=g.edition.slug, photo=obj.photo, _external=True)


class DraftSpeakerSchema(PersonSchema, StrictSchema):
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    title = ma.fields.String(validate=ma.validate.Length(max=200))
    organisation = ma.fields.String(validate=ma.validate.Length(max=200))
    country = ma.fields.String(validate=ma.validate.Regexp(r"^[A-Za-z]{2}$"), metadata={"example": "KR"})
    bio_vi = ma.fields.String(validate=ma.validate.Length(max=5000))
    bio_en = ma.fields.String(validate=ma.validate.Length(max=5000))
    email = ma.fields.Email(allow_none=True, validate=ma.validate.Length(max=254))
    status = ma.fields.String(dump_only=True, validate=ma.validate.OneOf([s.value for s in SpeakerStatus]))


class DraftSpeakerPatchSchema(DraftSpeakerSchema):
    """The same fields, all optional (used with partial=True)."""


class ParticipantSchema(ma.Schema):
    speaker = ma.fields.String(required=True, metadata={"description": "The speaker's code"})
    role = ma.fields.String(load_default="speaker", validate=ma.validate.OneOf(ROLES))
    name = ma.fields.String(dump_only=True)

    class Meta:
        unknown = ma.RAISE


class SessionSchema(ma.Schema):
    """A session of the published programme (times in the edition's time zone)."""

    code = ma.fields.String(dump_only=True)
    title_vi = ma.fields.String()
    title_en = ma.fields.String()
    description_vi = ma.fields.String()
    description_en = ma.fields.String()
    type = ma.fields.String(validate=ma.validate.OneOf(TYPES))
    track = ma.fields.String()
    room = ma.fields.Nested(RoomRefSchema, allow_none=True, dump_only=True)
    start = ma.fields.AwareDateTime()
    end = ma.fields.AwareDateTime()
    languages = ma.fields.List(ma.fields.String())
    interpretation = ma.fields.String(metadata={"example": "vi↔ko"})
    participants = ma.fields.List(ma.fields.Nested(ParticipantSchema))


class DraftSessionSchema(SessionSchema, StrictSchema):
    """A session of the working copy; also the body of POST (all required fields) and PATCH."""

    title_vi = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=300))
    title_en = ma.fields.String(validate=ma.validate.Length(max=300))
    description_vi = ma.fields.String(validate=ma.validate.Length(max=20000))
    description_en = ma.fields.String(validate=ma.validate.Length(max=20000))
    type = ma.fields.String(required=True, validate=ma.validate.OneOf(TYPES))
    track = ma.fields.String(validate=ma.validate.Length(max=120))
    room_id = ma.fields.Integer(allow_none=True, load_only=True, validate=DB_ID)
    start = ma.fields.AwareDateTime(required=True, metadata={"example": "2026-11-24T09:00:00+07:00"})
    end = ma.fields.AwareDateTime(required=True, metadata={"example": "2026-11-24T11:00:00+07:00"})
    expected_attendance = ma.fields.Integer(allow_none=True, validate=ma.validate.Range(min=0, max=1_000_000))
    languages = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(list(LANGUAGES))))
    interpretation = ma.fields.String(validate=ma.validate.Length(max=120))
    is_public = ma.fields.Boolean()
    lock_version = ma.fields.Integer(validate=DB_ID,
                                     metadata={"description": "Send back the value you read: a 409 tells you "
                                                              "someone else changed the session meanwhile"})
    conflicts = ma.fields.List(ma.fields.String(), dump_only=True)


class DraftSessionPatchSchema(DraftSessionSchema):
    """The same fields, all optional (used with partial=True)."""


class ConflictSchema(ma.Schema):
    kind = ma.fields.String()
    severity = ma.fields.String(validate=ma.validate.OneOf(["error", "warning"]))
    session_codes = ma.fields.List(ma.fields.String())
    message = ma.fields.String()


class ConflictListSchema(ma.Schema):
    blocking = ma.fields.Boolean()
    conflicts = ma.fields.List(ma.fields.Nested(ConflictSchema))


class VersionSchema(ma.Schema):
    number = ma.fields.Integer()
    published_at = ma.fields.AwareDateTime()
    note = ma.fields.String()
    changelog = ma.fields.Dict()


class PublishSchema(StrictSchema):
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000))


class SessionQuerySchema(PageArgs):
    day = ma.fields.Date(load_default=None)
    track = ma.fields.String(load_default=None, validate=ma.validate.Length(max=120))
    room = ma.fields.Integer(load_default=None, validate=DB_ID)
    q = ma.fields.String(load_default=None, validate=ma.validate.Length(max=200))


class SpeakerQuerySchema(PageArgs):
    q = ma.fields.String(load_default=None, validate=ma.validate.Length(max=200))


# --- helpers -------------------------------------------------------------------------------

def _edition_public(slug: str):
    edition = visible_edition(slug, current_user)
    g.edition = edition
    return edition, services.published_programme(edition)


def _edition_manage(slug: str):
    from techfest.editions.services import get_edition_or_404

    edition = getattr(g, "edition", None) or get_edition_or_404(slug, include_draft=True)
    g.edition = edition
    return edition


def _published_session_dict(s) -> dict:
    return {"code": s.code, "title_vi": s.title_vi, "title_en": s.title_en, "description_vi": s.description_vi,
            "description_en": s.description_en, "type": s.type.value, "track": s.track,
            "room": {"id": s.room.id, "name": s.room.name} if s.room else None, "start": s.start, "end": s.end,
            "languages": list(s.languages), "interpretation": s.interpretation,
            "participants": [{"speaker": p.person.code, "role": p.role.value, "name": p.person.name}
                             for p in s.participants]}


def _draft_session_dict(edition, s, conflicts=None) -> dict:
    zone = services.zone_of(edition)
    return {"code": s.code, "title_vi": s.title_vi, "title_en": s.title_en, "description_vi": s.description_vi,
            "description_en": s.description_en, "type": s.type.value, "track": s.track,
            "room": {"id": s.room.id, "name": s.room.name} if s.room else None,
            "start": s.starts_at.astimezone(zone), "end": s.ends_at.astimezone(zone),
            "expected_attendance": s.expected_attendance, "languages": s.language_list,
            "interpretation": s.interpretation, "is_public": s.is_public, "lock_version": s.lock_version,
            "participants": [{"speaker": p.speaker.code, "role": p.role.value, "name": p.speaker.name}
                             for p in s.participants],
            "conflicts": [c.message for c in (conflicts or [])]}


def _session_data(data: dict) -> dict:
    out = dict(data)
    out.pop("lock_version", None)
    return out


# --- public: the published programme ------------------------------------------------------------

@blp.route("/editions/<slug>/forum/sessions")
class PublishedSessions(MethodView):
    @blp.arguments(SessionQuerySchema, location="query")
    @blp.response(200, page_of(SessionSchema))
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown or draft edition")
    @public
    def get(self, args, slug):
        """Sessions of the published programme, in time order (empty before the first publication).

        Filter by local `day`, `track`, `room` id, or `q` (titles and people, without accents)."""
        edition, prog = _edition_public(slug)
        items = prog.sessions if prog else []
        if args.get("day"):
            items = [s for s in items if s.day == args["day"]]
        if args.get("track"):
            items = [s for s in items if fold(s.track) == fold(args["track"])]
        if args.get("room") is not None:
            items = [s for s in items if s.room and s.room.id == args["room"]]
        if args.get("q"):
            words = fold(args["q"]).split()
            items = [s for s in items if all(
                w in fold(" ".join([s.title_vi, s.title_en] + [p.person.name for p in s.participants]))
                for w in words)]
        return _page([_published_session_dict(s) for s in items], args)


@blp.route("/editions/<slug>/forum/sessions/<session_code>")
class PublishedSession(MethodView):
    @blp.response(200, SessionSchema)
    @blp.alt_response(404, schema=ErrorSchema, description="Not in the published programme")
    @public
    def get(self, slug, session_code):
        """One session of the published programme."""
        edition, prog = _edition_public(slug)
        session = prog.session(session_code) if prog else None
        if session is None:
            raise NotFound("session not in the published programme")
        return _published_session_dict(session)


@blp.route("/editions/<slug>/forum/rooms")
class PublishedRooms(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_of(RoomSchema))
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown or draft edition")
    @public
    def get(self, args, slug):
        """Rooms of the published programme, in column order."""
        edition, prog = _edition_public(slug)
        return _page(list(prog.rooms) if prog else [], args)


@blp.route("/editions/<slug>/forum/speakers")
class PublishedSpeakers(MethodView):
    @blp.arguments(SpeakerQuerySchema, location="query")
    @blp.response(200, page_of(PersonSchema))
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown or draft edition")
    @public
    def get(self, args, slug):
        """People of the published programme (speakers, moderators, panelists...), by name."""
        edition, prog = _edition_public(slug)
        people = list(prog.speakers) if prog else []
        if args.get("q"):
            words = fold(args["q"]).split()
            people = [p for p in people if all(w in fold(p.name + " " + p.organisation) for w in words)]
        return _page(people, args)


@blp.route("/editions/<slug>/forum/speakers/<speaker_code>")
class PublishedSpeaker(MethodView):
    @blp.response(200, PersonSchema)
    @blp.alt_response(404, schema=ErrorSchema, description="Not in the published programme")
    @public
    def get(self, slug, speaker_code):
        """One person of the published programme."""
        edition, prog = _edition_public(slug)
        person = prog.speaker(speaker_code) if prog else None
        if person is None:
            raise NotFound("speaker not in the published programme")
        return person


@blp.route("/editions/<slug>/forum/versions")
class Versions(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_of(VersionSchema))
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown or draft edition")
    @public
    def get(self, args, slug):
        """Published versions, newest first, each with its changelog against the previous one."""
        edition = visible_edition(slug, current_user)
        return _page(services.versions_of(edition), args)

    @blp.doc(security=BEARER)
    @require("forum.manage")
    @blp.arguments(PublishSchema)
    @blp.response(201, VersionSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(409, schema=ErrorSchema, description="Blocking conflicts (listed in fields.conflicts), "
                                                           "nothing changed, or published meanwhile")
    def post(self, data, slug):
        """Publish the working copy as the next version (refused while error conflicts exist)."""
        edition = _edition_manage(slug)
        version = services.publish_schedule(current_user, edition, data.get("note", ""))
        return version, 201, {"Location": url_for("forum_api.Versions", slug=slug, _external=False)}


# --- organizers: the working copy ---------------------------------------------------------------

@blp.route("/editions/<slug>/forum/draft/sessions")
class DraftSessions(MethodView):
    @blp.doc(security=BEARER)
    @require("forum.manage")
    @blp.arguments(SessionQuerySchema, location="query")
    @blp.response(200, page_of(DraftSessionSchema))
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    def get(self, args, slug):
        """All sessions of the working copy (public or not), with their conflicts."""
        edition = _edition_manage(slug)
        sessions = services.all_sessions(edition)
        by_session = services.conflicts_by_session(services.find_conflicts(edition, sessions=sessions))
        zone = services.zone_of(edition)
        if args.get("day"):
            sessions = [s for s in sessions if s.starts_at.astimezone(zone).date() == args["day"]]
        if args.get("track"):
            sessions = [s for s in sessions if fold(s.track) == fold(args["track"])]
        if args.get("room") is not None:
            sessions = [s for s in sessions if s.room_id == args["room"]]
        if args.get("q"):
            words = fold(args["q"]).split()
            sessions = [s for s in sessions if all(w in s.title_folded for w in words)]
        return _page([_draft_session_dict(edition, s, by_session.get(s.id)) for s in sessions], args)

    @blp.doc(security=BEARER)
    @require("forum.manage")
    @blp.arguments(DraftSessionSchema)
    @blp.response(201, DraftSessionSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(422, schema=ErrorSchema, description="Invalid fields (named in fields)")
    def post(self, data, slug):
        """Create a session in the working copy (conflicts are reported, not refused)."""
        edition = _edition_manage(slug)
        session = services.create_session(current_user, edition, _session_data(data))
        mine = services.conflicts_by_session(services.find_conflicts(edition)).get(session.id)
        return (_draft_session_dict(edition, session, mine), 201,
                {"Location": url_for("forum_api.DraftSession", slug=slug, session_code=session.code)})


@blp.route("/editions/<slug>/forum/draft/sessions/<session_code>", endpoint="DraftSession")
class DraftSessionResource(MethodView):
    @blp.doc(security=BEARER)
    @require("forum.manage")
    @blp.response(200, DraftSessionSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown session")
    def get(self, slug, session_code):
        """One session of the working copy with its conflicts."""
        edition = _edition_manage(slug)
        session = services.get_session(edition, session_code)
        mine = services.conflicts_by_session(services.find_conflicts(edition)).get(session.id)
        return _draft_session_dict(edition, session, mine)

    @blp.doc(security=BEARER)
    @require("forum.manage")
    @blp.arguments(DraftSessionPatchSchema(partial=True))
    @blp.response(200, DraftSessionSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown session")
    @blp.alt_response(409, schema=ErrorSchema, description="Changed by someone else (stale lock_version)")
    @blp.alt_response(422, schema=ErrorSchema, description="Invalid fields (named in fields)")
    def patch(self, data, slug, session_code):
        """Change or move a session (send `room_id`, `start`, `end`); `participants` replaces the list."""
        edition = _edition_manage(slug)
        session = services.get_session(edition, session_code)
        services.update_session(current_user, edition, session, _session_data(data),
                                lock_version=data.get("lock_version"))
        mine = services.conflicts_by_session(services.find_conflicts(edition)).get(session.id)
        return _draft_session_dict(edition, session, mine)

    @blp.doc(security=BEARER)
    @require("forum.manage")
    @blp.response(204)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown session")
    def delete(self, slug, session_code):
        """Delete a session from the working copy (the public keeps it until the next publication)."""
        edition = _edition_manage(slug)
        services.delete_session(current_user, edition, services.get_session(edition, session_code))


@blp.route("/editions/<slug>/forum/draft/conflicts")
class DraftConflicts(MethodView):
    @blp.doc(security=BEARER)
    @require("forum.manage")
    @blp.response(200, ConflictListSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    def get(self, slug):
        """Conflicts of the working copy; `blocking` is true when errors prevent publishing."""
        edition = _edition_manage(slug)
        sessions = services.all_sessions(edition)
        codes = {s.id: s.code for s in sessions}
        found = services.find_conflicts(edition, sessions=sessions)
        return {"blocking": any(c.blocking for c in found), "conflicts": [
            {"kind": c.kind.value, "severity": c.severity.value, "message": c.message,
             "session_codes": [codes[i] for i in c.session_ids if i in codes]} for c in found]}


@blp.route("/editions/<slug>/forum/draft/rooms")
class DraftRooms(MethodView):
    @blp.doc(security=BEARER)
    @require("forum.manage")
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_of(DraftRoomSchema))
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    def get(self, args, slug):
        """Rooms of the working copy, with their opening hours."""
        return _page(services.rooms_of(_edition_manage(slug)), args)

    @blp.doc(security=BEARER)
    @require("forum.manage")
    @blp.arguments(DraftRoomSchema)
    @blp.response(201, DraftRoomSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(409, schema=ErrorSchema, description="Name already used")
    @blp.alt_response(422, schema=ErrorSchema, description="Invalid fields (named in fields)")
    def post(self, data, slug):
        """Add a room."""
        room = services.create_room(current_user, _edition_manage(slug), data)
        return room, 201, {"Location": url_for("forum_api.DraftRoom", slug=slug, room_id=room.id)}


@blp.route("/editions/<slug>/forum/draft/rooms/<int:room_id>", endpoint="DraftRoom")
class DraftRoomResource(MethodView):
    @blp.doc(security=BEARER)
    @require("forum.manage")
    @blp.arguments(DraftRoomPatchSchema(partial=True))
    @blp.response(200, DraftRoomSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown room")
    @blp.alt_response(409, schema=ErrorSchema, description="Name already used")
    def patch(self, data, slug, room_id):
        """Change a room."""
        edition = _edition_manage(slug)
        return services.update_room(current_user, edition, services.get_room(edition, room_id), data)

    @blp.doc(security=BEARER)
    @require("forum.manage")
    @blp.response(204)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown room")
    def delete(self, slug, room_id):
        """Delete a room; its sessions stay, without a room."""
        edition = _edition_manage(slug)
        services.delete_room(current_user, edition, services.get_room(edition, room_id))


@blp.route("/editions/<slug>/forum/draft/speakers")
class DraftSpeakers(MethodView):
    @blp.doc(security=BEARER)
    @require("forum.manage")
    @blp.arguments(SpeakerQuerySchema, location="query")
    @blp.response(200, page_of(DraftSpeakerSchema))
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    def get(self, args, slug):
        """All speakers of the edition with their invitation status and e-mail."""
        from techfest.core.api import paginate_select

        return paginate_select(services.speakers_query(_edition_manage(slug), args.get("q")), args["page"],
                               args["per_page"])

    @blp.doc(security=BEARER)
    @require("forum.manage")
    @blp.arguments(DraftSpeakerSchema)
    @blp.response(201, DraftSpeakerSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(422, schema=ErrorSchema, description="Invalid fields (named in fields)")
    def post(self, data, slug):
        """Add a speaker (photos are uploaded through the web pages)."""
        speaker = services.create_speaker(current_user, _edition_manage(slug), data)
        return speaker, 201, {"Location": url_for("forum_api.DraftSpeaker", slug=slug, speaker_code=speaker.code)}


@blp.route("/editions/<slug>/forum/draft/speakers/<speaker_code>", endpoint="DraftSpeaker")
class DraftSpeakerResource(MethodView):
    @blp.doc(security=BEARER)
    @require("forum.manage")
    @blp.response(200, DraftSpeakerSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown speaker")
    def get(self, slug, speaker_code):
        """One speaker of the working copy."""
        return services.get_speaker(_edition_manage(slug), speaker_code)

    @blp.doc(security=BEARER)
    @require("forum.manage")
    @blp.arguments(DraftSpeakerPatchSchema(partial=True))
    @blp.response(200, DraftSpeakerSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown speaker")
    @blp.alt_response(422, schema=ErrorSchema, description="Invalid fields (named in fields)")
    def patch(self, data, slug, speaker_code):
        """Change a speaker's profile."""
        edition = _edition_manage(slug)
        return services.update_speaker(current_user, edition, services.get_speaker(edition, speaker_code), data)

    @blp.doc(security=BEARER)
    @require("forum.manage")
    @blp.response(204)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown speaker")
    def delete(self, slug, speaker_code):
        """Delete a speaker (they leave their sessions)."""
        edition = _edition_manage(slug)
        services.delete_speaker(current_user, edition, services.get_speaker(edition, speaker_code))
