"""Privacy forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional

from techfest.core.forms import TechfestForm


class PrivacySettingsForm(TechfestForm):
    notice_vi = TextAreaField(_l("Privacy notice (Vietnamese)"), validators=[Length(max=20000)],
                              description=_l("Leave empty to show the default notice."))
    notice_en = TextAreaField(_l("Privacy notice (English)"), validators=[Length(max=20000)])
    retention_months = IntegerField(_l("Keep attendee data for (months after the fair)"),
                                    validators=[Optional(), NumberRange(min=1, max=120)],
                                    description=_l("Empty: kept until erased by hand."))


class EraseMyDataForm(TechfestForm):
    confirm = BooleanField(_l("I understand that my account will be closed and my data erased for good."),
                           validators=[DataRequired()])


class ConfirmForm(TechfestForm):
    """The confirm_button macro's form: the hidden ``confirm=yes`` proves the second click."""

    confirm = HiddenField(validators=[DataRequired(), AnyOf(["yes"])])
