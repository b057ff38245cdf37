"""Edition forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from techfest.core.forms import TechfestForm as FlaskForm
from wtforms import (DateField, DateTimeLocalField, FileField, IntegerField, SelectField, StringField, SubmitField,
                     TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

TIMEZONES = ["Asia/Ho_Chi_Minh", "Asia/Bangkok", "Asia/Seoul", "Asia/Tokyo", "Asia/Singapore", "Asia/Shanghai",
             "Europe/Paris", "Europe/London", "America/New_York", "UTC"]


class EditionForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)],
                       description=_l("For example: Techfest Hải Phòng 2026"))
    slug = StringField(_l("Short name in addresses"), validators=[
        DataRequired(), Length(max=64),
        Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", message=_l("Lowercase letters, digits and hyphens only."))],
        description=_l("For example: hai-phong-2026"))
    year = IntegerField(_l("Year"), validators=[DataRequired(), NumberRange(min=2000, max=2200)])
    city = StringField(_l("City"), validators=[DataRequired(), Length(max=120)])
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=300)])
    start_date = DateField(_l("First day"), validators=[DataRequired()])
    end_date = DateField(_l("Last day"), validators=[DataRequired()])
    timezone = SelectField(_l("Time zone"), choices=[(z, z) for z in TIMEZONES], default="Asia/Ho_Chi_Minh")
    submission_deadline = DateTimeLocalField(_l("Submission deadline (local time)"), validators=[Optional()],
                                             format="%Y-%m-%dT%H:%M")
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20000)])
    logo = FileField(_l("Logo"), description=_l("JPEG, PNG or WebP, at most 5 MB. Printed on badges and on the programme cover."))
    submit = SubmitField(_l("Save"))

    def validate_end_date(self, field):
        if self.start_date.data and field.data and field.data < self.start_date.data:
            raise ValidationError(_l("The last day cannot be before the first day."))


class TransitionForm(FlaskForm):
    to = StringField(validators=[DataRequired(), Length(max=20)])
    submit = SubmitField(_l("Confirm"))
