"""Organizers' resources (bearer token): the working copy's sessions (with their conflicts),
rooms, speakers and speaker photos."""
from __future__ import annotations

from flask import url_for
from flask.views import MethodView
from flask_login import current_user

from techfest.core.api import BEARER, ErrorSchema, PageArgs, page_of
from techfest.core.auth import require
from techfest.core.search import fold

from .. import services
from . import blp
from .common import managed_edition, page_slice
from .schemas import (ConflictListSchema, DraftRoomPatchSchema, DraftRoomSchema, DraftSessionPatchSchema,
                      DraftSessionSchema, DraftSpeakerPatchSchema, DraftSpeakerSchema, PhotoUploadSchema,
                      SessionQuerySchema, SpeakerQuerySchema)


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
        edition = managed_edition(slug)
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
        return page_slice([_draft_session_dict(edition, s, by_session.get(s.id)) for s in sessions], args)

    @blp.doc(security=BEARER)
    @require("forum.manage")
    @blp.arguments(DraftSessionSchema)
    @blp.response(201, DraftSessionSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(422, schema=ErrorSchema, description="Invalid fields (named in fields)")
    def post(self, data, slug):
        """Create a session in the working copy (conflicts are reported, not refused)."""
        edition = managed_edition(slug)
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
        edition = managed_edition(slug)
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
        edition = managed_edition(slug)
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
        edition = managed_edition(slug)
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
        edition = managed_edition(slug)
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
        return page_slice(services.rooms_of(managed_edition(slug)), args)

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
        room = services.create_room(current_user, managed_edition(slug), data)
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
        edition = managed_edition(slug)
        return services.update_room(current_user, edition, services.get_room(edition, room_id), data)

    @blp.doc(security=BEARER)
    @require("forum.manage")
    @blp.response(204)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown room")
    def delete(self, slug, room_id):
        """Delete a room; its sessions stay, without a room."""
        edition = managed_edition(slug)
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

        return paginate_select(services.speakers_query(managed_edition(slug), args.get("q")), args["page"],
                               args["per_page"])

    @blp.doc(security=BEARER)
    @require("forum.manage")
    @blp.arguments(DraftSpeakerSchema)
    @blp.response(201, DraftSpeakerSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(422, schema=ErrorSchema, description="Invalid fields (named in fields)")
    def post(self, data, slug):
        """Add a speaker (its photo: PUT .../speakers/{speaker_code}/photo)."""
        speaker = services.create_speaker(current_user, managed_edition(slug), data)
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
        return services.get_speaker(managed_edition(slug), speaker_code)

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
        edition = managed_edition(slug)
        return services.update_speaker(current_user, edition, services.get_speaker(edition, speaker_code), data)

    @blp.doc(security=BEARER)
    @require("forum.manage")
    @blp.response(204)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown speaker")
    def delete(self, slug, speaker_code):
        """Delete a speaker (they leave their sessions)."""
        edition = managed_edition(slug)
        services.delete_speaker(current_user, edition, services.get_speaker(edition, speaker_code))


@blp.route("/editions/<slug>/forum/draft/speakers/<speaker_code>/photo", endpoint="DraftSpeakerPhoto")
class DraftSpeakerPhotoResource(MethodView):
    @blp.doc(security=BEARER)
    @require("forum.manage")
    @blp.arguments(PhotoUploadSchema, location="files")
    @blp.response(200, DraftSpeakerSchema)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown speaker")
    @blp.alt_response(422, schema=ErrorSchema, description="Not a JPEG, PNG or WebP image, or larger than 5 MB "
                                                           "(the reason in fields.photo)")
    def put(self, files, slug, speaker_code):
        """Upload or replace a speaker's photo (multipart/form-data, one file field `photo`). It is
        checked by content, re-encoded without metadata and shrunk to at most 800×800 px."""
        from techfest.submissions import images

        edition = managed_edition(slug)
        speaker = services.get_speaker(edition, speaker_code)
        return services.update_speaker(current_user, edition, speaker, {},
                                       photo=images.read_limited(files["photo"].stream))

    @blp.doc(security=BEARER)
    @require("forum.manage")
    @blp.response(204)
    @blp.alt_response(401, schema=ErrorSchema, description="No or invalid token")
    @blp.alt_response(403, schema=ErrorSchema, description="Not an organizer of this edition")
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown speaker")
    def delete(self, slug, speaker_code):
        """Remove a speaker's photo (the published programme keeps it until the next publication)."""
        edition = managed_edition(slug)
        speaker = services.get_speaker(edition, speaker_code)
        if speaker.photo:
            services.update_speaker(current_user, edition, speaker, {}, remove_photo=True)
