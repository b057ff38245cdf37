"""Forum forms: rooms, sessions (with their participants), moves, speakers and invitations."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (BooleanField, DateField, FieldList, Form, FormField, HiddenField, IntegerField,
                     SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField, TimeField)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError

from techfest.accounts.forms import COUNTRIES
from techfest.core.forms import TechfestForm as FlaskForm

from .models import LANGUAGES, PARTICIPANT_ROLE_LABELS, SESSION_TYPE_LABELS
from .services import parse_hours_exceptions, parse_interpretation

PARTICIPANT_ROWS_EXTRA = 3  # empty rows offered under the existing participants


class RoomForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)],
                       description=_l("For example: Hội trường A"))
    capacity = IntegerField(_l("Capacity (seats)"), validators=[Optional(), NumberRange(min=1, max=100000)])
    floor = StringField(_l("Floor"), validators=[Optional(), Length(max=60)])
    hall = StringField(_l("Hall or building"), validators=[Optional(), Length(max=60)],
                       description=_l("People need time to move between halls: the schedule warns when they have less than 10 minutes."))
    equipment = TextAreaField(_l("Equipment"), validators=[Optional(), Length(max=2000)],
                              description=_l("Projector, microphones, interpretation booths…"))
    opens = TimeField(_l("Opens (every day)"), validators=[Optional()])
    closes = TimeField(_l("Closes (every day)"), validators=[Optional()])
    hours_exceptions = TextAreaField(
        _l("Other hours on some days"), validators=[Optional(), Length(max=2000)],
        description=_l("One day a line, e.g. “2026-11-25 08:00-12:00, 13:30-17:00” or “2026-11-26 closed”. "
                       "Leave the hours empty for a room that is always open."))
    position = IntegerField(_l("Column order"), validators=[Optional(), NumberRange(min=-1000, max=1000)])
    submit = SubmitField(_l("Save the room"))

    def validate_closes(self, field):
        if bool(self.opens.data) != bool(field.data):
            raise ValidationError(_l("Give both the opening and the closing time, or neither."))
        if self.opens.data and field.data and field.data <= self.opens.data:
            raise ValidationError(_l("The room must close after it opens."))

    def validate_hours_exceptions(self, field):
        try:
            parse_hours_exceptions(field.data or "")
        except ValueError as exc:
            raise ValidationError(_l("Cannot read the hours (%(detail)s).", detail=str(exc))) from None

    def hours(self) -> dict | None:
        out = {}
        if self.opens.data and self.closes.data:
            out["*"] = [[self.opens.data.strftime("%H:%M"), self.closes.data.strftime("%H:%M")]]
        out.update(parse_hours_exceptions(self.hours_exceptions.data or ""))
        return out or None


class ParticipantRowForm(Form):
    """One participant line of the session form (no CSRF of its own: the session form has it)."""

    speaker = SelectField(_l("Person"), choices=[], validate_choice=False)
    role = SelectField(_l("Role"), choices=[(k.value, v) for k, v in PARTICIPANT_ROLE_LABELS.items()],
                       default="panelist")


class SessionForm(FlaskForm):
    title_vi = StringField(_l("Title (Vietnamese)"), validators=[DataRequired(), Length(max=300)])
    title_en = StringField(_l("Title (English)"), validators=[Optional(), Length(max=300)])
    type = SelectField(_l("Type"), choices=[(k.value, v) for k, v in SESSION_TYPE_LABELS.items()],
                       default="forum_session")
    track = StringField(_l("Track or theme"), validators=[Optional(), Length(max=120)])
    room = SelectField(_l("Room"), choices=[], validate_choice=False)
    day = DateField(_l("Day"), validators=[DataRequired()])
    start = TimeField(_l("Starts at"), validators=[DataRequired()])
    end = TimeField(_l("Ends at"), validators=[DataRequired()])
    expected_attendance = IntegerField(_l("Expected attendance"), validators=[Optional(), NumberRange(min=0, max=1000000)])
    languages = SelectMultipleField(_l("Languages spoken"), choices=[(k, v) for k, v in LANGUAGES.items()],
                                    default=["vi"])
    interpretation = StringField(_l("Interpretation"), validators=[Optional(), Length(max=120)],
                                 description=_l("Language pairs, e.g. vi↔ko, vi↔en"))
    is_public = BooleanField(_l("Shown in the public programme"), default=True)
    description_vi = TextAreaField(_l("Description (Vietnamese)"), validators=[Optional(), Length(max=20000)])
    description_en = TextAreaField(_l("Description (English)"), validators=[Optional(), Length(max=20000)])
    participants = FieldList(FormField(ParticipantRowForm), min_entries=PARTICIPANT_ROWS_EXTRA)
    lock_version = HiddenField()
    submit = SubmitField(_l("Save the session"))

    def validate_end(self, field):
        if self.start.data and field.data and field.data <= self.start.data:
            raise ValidationError(_l("The session must end after it starts."))

    def validate_interpretation(self, field):
        try:
            parse_interpretation(field.data)
        except ValueError:
            raise ValidationError(_l("Write language pairs with their codes, e.g. vi↔ko, vi↔en.")) from None

    def set_choices(self, rooms, speakers) -> None:
        self.room.choices = [("", _l("— no room yet —"))] + [(str(r.id), r.name) for r in rooms]
        people = [("", _l("— choose a person —"))] + [
            (s.code, s.name + (f" · {s.organisation}" if s.organisation else "")) for s in speakers]
        for row in self.participants:
            row.form.speaker.choices = people


class MoveForm(FlaskForm):
    room = SelectField(_l("Room"), choices=[], validate_choice=False)
    day = DateField(_l("Day"), validators=[DataRequired()])
    start = TimeField(_l("Starts at"), validators=[DataRequired()])
    lock_version = HiddenField()
    submit = SubmitField(_l("Move the session"))


class ShiftDayForm(FlaskForm):
    day = DateField(_l("Day"), validators=[DataRequired()])
    minutes = IntegerField(_l("Shift by (minutes)"), validators=[DataRequired(), NumberRange(min=-1440, max=1440)],
                           description=_l("Negative to move earlier, e.g. -30."))
    submit = SubmitField(_l("Shift the whole day"))

    def validate_minutes(self, field):
        if field.data == 0:
            raise ValidationError(_l("Give a number of minutes other than 0."))


class UndoShiftForm(FlaskForm):
    undo = HiddenField(validators=[DataRequired()])
    submit = SubmitField(_l("Undo"))


class SpeakerForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)],
                       description=_l("As it should be printed, e.g. Nguyễn Thị Hương or Kim Min-jun (김민준)"))
    title = StringField(_l("Position"), validators=[Optional(), Length(max=200)],
                        description=_l("For example: Phó Giám đốc Sở Khoa học và Công nghệ"))
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=200)])
    country = SelectField(_l("Country"), choices=COUNTRIES, default="VN")
    email = StringField(_l("E-mail"), validators=[Optional(), Email(), Length(max=254)],
                        description=_l("Used to send the invitation link; never shown to the public."))
    bio_vi = TextAreaField(_l("Short biography (Vietnamese)"), validators=[Optional(), Length(max=5000)])
    bio_en = TextAreaField(_l("Short biography (English)"), validators=[Optional(), Length(max=5000)])
    photo = FileField(_l("Photo"), description=_l("JPEG, PNG or WebP, at most 5 MB."),
                      render_kw={"accept": "image/jpeg,image/png,image/webp"})
    remove_photo = BooleanField(_l("Remove the current photo"))
    submit = SubmitField(_l("Save the speaker"))


class InvitationForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    title = StringField(_l("Position"), validators=[Optional(), Length(max=200)])
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=200)])
    country = SelectField(_l("Country"), choices=COUNTRIES, default="VN")
    bio_vi = TextAreaField(_l("Short biography (Vietnamese)"), validators=[Optional(), Length(max=5000)])
    bio_en = TextAreaField(_l("Short biography (English)"), validators=[Optional(), Length(max=5000)])
    photo = FileField(_l("Photo"), description=_l("JPEG, PNG or WebP, at most 5 MB."),
                      render_kw={"accept": "image/jpeg,image/png,image/webp"})
    remove_photo = BooleanField(_l("Remove the current photo"))
    save = SubmitField(_l("Save my profile"))
    confirm = SubmitField(_l("Save and confirm my participation"))
    decline = SubmitField(_l("I cannot take part"))


class PublishForm(FlaskForm):
    note = TextAreaField(_l("Note for this version (optional)"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Publish the programme"))
