"""The forum API's schemas: the published programme's, the working copy's (strict: an unknown
field is refused), query arguments and uploads."""
from __future__ import annotations

import marshmallow as ma
from flask import g, url_for
from flask_smorest.fields import Upload

from techfest.core.api import DB_ID, PageArgs

from ..models import LANGUAGES, ParticipantRole, SessionType, SpeakerStatus

ROLES = [r.value for r in ParticipantRole]
TYPES = [t.value for t in SessionType]


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


class PhotoUploadSchema(ma.Schema):
    photo = Upload(required=True, metadata={"description": "A JPEG, PNG or WebP image (checked by content), at most 5 MB"})


class PublishSchema(StrictSchema):
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000))


class SessionQuerySchema(PageArgs):
    day = ma.fields.Date(load_default=None)
    track = ma.fields.String(load_default=None, validate=ma.validate.Length(max=120))
    room = ma.fields.Integer(load_default=None, validate=DB_ID)
    q = ma.fields.String(load_default=None, validate=ma.validate.Length(max=200))


class SpeakerQuerySchema(PageArgs):
    q = ma.fields.String(load_default=None, validate=ma.validate.Length(max=200))
