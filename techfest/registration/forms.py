"""Registration forms (labels lazy: they follow the visitor's language)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, EmailField, IntegerField, SelectField, SelectMultipleField, StringField,
                     SubmitField, TextAreaField, widgets)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, Regexp

from techfest.core.forms import TechfestForm as FlaskForm

from .models import ATTENDEE_TYPE_LABELS, PUBLIC_TYPES

PHONE_RE = r"^[0-9+().\-\s/]*$"


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def day_choices(days) -> list[tuple[str, str]]:
    from techfest.core.i18n import fmt_date

    return [(d.isoformat(), fmt_date(d, "full")) for d in days]


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class _PersonFields(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)], filters=[_strip],
                       description=_l("As it should be printed on the badge, with accents."))
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)], filters=[_strip])
    phone = StringField(_l("Phone (optional)"), filters=[_strip], validators=[Optional(), Length(max=40),
                                                            Regexp(PHONE_RE, message=_l("Digits, spaces and + ( ) - only."))])
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=200)], filters=[_strip])
    days = MultiCheckboxField(_l("Days attending"), choices=[], validate_choice=True,
                              validators=[DataRequired(message=_l("Choose at least one day."))])


class PublicRegistrationForm(_PersonFields):
    type = SelectField(_l("I come as"), choices=[(t.value, ATTENDEE_TYPE_LABELS[t]) for t in PUBLIC_TYPES],
                       default=PUBLIC_TYPES[0].value)
    consent = BooleanField(_l("I agree that the organizers store these details to manage my registration and badge, as described in the privacy notice."),
                           validators=[DataRequired(message=_l("Please accept the privacy notice to register."))])
    submit = SubmitField(_l("Register"))


class RegistrationForm(_PersonFields):
    """Organizers: any attendee type."""

    type = SelectField(_l("Attendee type"), choices=[(t.value, label) for t, label in ATTENDEE_TYPE_LABELS.items()])
    notify = BooleanField(_l("E-mail the attendee"), default=True)
    submit = SubmitField(_l("Save"))


class BoothStaffForm(_PersonFields):
    submit = SubmitField(_l("Add to my booth staff"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.organisation  # always the exhibitor's organisation


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(message=_l("Choose a CSV file."))],
                     description=_l("UTF-8 (Excel: “CSV UTF-8”), one attendee per line, with a header line."))
    notify = BooleanField(_l("E-mail each imported attendee their badge"), default=False)
    submit = SubmitField(_l("Import"))


class SettingsForm(FlaskForm):
    is_open = BooleanField(_l("Public registration is open"))
    capacity = IntegerField(_l("Places for visitors and press (whole fair)"), validators=[Optional(), NumberRange(min=0, max=10_000_000)],
                            description=_l("Empty: unlimited. Staff, speakers and guests are not counted."))
    staff_quota_standard = IntegerField(_l("Booth staff per standard booth"), validators=[Optional(), NumberRange(min=0, max=500)])
    staff_quota_double = IntegerField(_l("Booth staff per double booth"), validators=[Optional(), NumberRange(min=0, max=500)])
    staff_quota_island = IntegerField(_l("Booth staff per island booth"), validators=[Optional(), NumberRange(min=0, max=500)])
    practical_info_vi = TextAreaField(_l("Practical information (Vietnamese)"), validators=[Optional(), Length(max=20000)],
                                      description=_l("Printed in the programme. Separate paragraphs with an empty line."))
    practical_info_en = TextAreaField(_l("Practical information (English)"), validators=[Optional(), Length(max=20000)])
    sponsors = TextAreaField(_l("Sponsors"), validators=[Optional(), Length(max=20000)],
                             description=_l("One per line: “Name | tier”, for example “Công ty Cảng Hải Phòng | Gold sponsor”."))
    submit = SubmitField(_l("Save"))


def settings_form_class(days):
    """SettingsForm plus one "places on <day>" field per day of the edition (``day_YYYYMMDD``)."""
    from techfest.core.i18n import fmt_date

    attrs = {}
    for d in days:
        attrs[f"day_{d:%Y%m%d}"] = IntegerField(
            _l("Places on %(day)s", day=fmt_date(d, "full")),
            validators=[Optional(), NumberRange(min=0, max=10_000_000)])
    return type("EditionSettingsForm", (SettingsForm,), attrs)


class PreviewForm(FlaskForm):
    """The live badge preview: read from the query string, no CSRF (nothing is written)."""

    class Meta:
        csrf = False

    type = SelectField(_l("Attendee type"), choices=[(t.value, label) for t, label in ATTENDEE_TYPE_LABELS.items()])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)], default="Nguyễn Thị Thu Hà")
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=200)],
                               default="Sở Khoa học và Công nghệ Hải Phòng")


class PrintForm(FlaskForm):
    q = StringField(validators=[Optional(), Length(max=200)])
    type = StringField(validators=[Optional(), Length(max=32)])
    day = StringField(validators=[Optional(), Length(max=10)])
    submit = SubmitField(_l("Print badges"))


class ConfirmForm(FlaskForm):
    submit = SubmitField(_l("Confirm"))
