"""Public resources: the newest published version of the programme (sessions, rooms, speakers),
the list of versions, and publishing the working copy as the next version (organizers)."""
from __future__ import annotations

from flask import url_for
from flask.views import MethodView
from flask_login import current_user

from techfest.core.api import BEARER, ErrorSchema, PageArgs, page_of
from techfest.core.auth import public, require
from techfest.core.errors import NotFound
from techfest.core.search import fold
from techfest.editions.services import visible_edition

from .. import services
from . import blp
from .common import managed_edition, page_slice, public_edition
from .schemas import (PersonSchema, PublishSchema, RoomSchema, SessionQuerySchema, SessionSchema, SpeakerQuerySchema,
                      VersionSchema)


def _published_session_dict(s) -> dict:
    return {"code": s.code, "title_vi": s.title_vi, "title_en": s.title_en, "description_vi": s.description_vi,
            "description_en": s.description_en, "type": s.type.value, "track": s.track,
            "room": {"id": s.room.id, "name": s.room.name} if s.room else None, "start": s.start, "end": s.end,
            "languages": list(s.languages), "interpretation": s.interpretation,
            "participants": [{"speaker": p.person.code, "role": p.role.value, "name": p.person.name}
                             for p in s.participants]}


@blp.route("/editions/<slug>/forum/sessions")
class PublishedSessions(MethodView):
    @blp.arguments(SessionQuerySchema, location="query")
    @blp.response(200, page_of(SessionSchema))
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown or draft edition")
    @public
    def get(self, args, slug):
        """Sessions of the published programme, in time order (empty before the first publication).

        Filter by local `day`, `track`, `room` id, or `q` (titles and people, without accents)."""
        edition, prog = public_edition(slug)
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
        return page_slice([_published_session_dict(s) for s in items], args)


@blp.route("/editions/<slug>/forum/sessions/<session_code>")
class PublishedSession(MethodView):
    @blp.response(200, SessionSchema)
    @blp.alt_response(404, schema=ErrorSchema, description="Not in the published programme")
    @public
    def get(self, slug, session_code):
        """One session of the published programme."""
        edition, prog = public_edition(slug)
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
        edition, prog = public_edition(slug)
        return page_slice(list(prog.rooms) if prog else [], args)


@blp.route("/editions/<slug>/forum/speakers")
class PublishedSpeakers(MethodView):
    @blp.arguments(SpeakerQuerySchema, location="query")
    @blp.response(200, page_of(PersonSchema))
    @blp.alt_response(404, schema=ErrorSchema, description="Unknown or draft edition")
    @public
    def get(self, args, slug):
        """People of the published programme (speakers, moderators, panelists...), by name."""
        edition, prog = public_edition(slug)
        people = list(prog.speakers) if prog else []
        if args.get("q"):
            words = fold(args["q"]).split()
            people = [p for p in people if all(w in fold(p.name + " " + p.organisation) for w in words)]
        return page_slice(people, args)


@blp.route("/editions/<slug>/forum/speakers/<speaker_code>")
class PublishedSpeaker(MethodView):
    @blp.response(200, PersonSchema)
    @blp.alt_response(404, schema=ErrorSchema, description="Not in the published programme")
    @public
    def get(self, slug, speaker_code):
        """One person of the published programme."""
        edition, prog = public_edition(slug)
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
        return page_slice(services.versions_of(edition), args)

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
        edition = managed_edition(slug)
        version = services.publish_schedule(current_user, edition, data.get("note", ""))
        return version, 201, {"Location": url_for("forum_api.Versions", slug=slug, _external=False)}
