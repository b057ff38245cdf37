"""Form for a recorded figure."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from techfest.core.forms import TechfestForm

from .models import MAX_POSITION


class FigureForm(TechfestForm):
    key = StringField(_l("Key"), validators=[DataRequired(), Length(max=40),
                                             Regexp(r"^[a-z][a-z0-9_]{1,39}$",
                                                    message=_l("Use 2 to 40 lower-case letters, digits or underscores, starting with a letter."))],
                      description=_l("Stable across editions, e.g. jobs_created. Use a headline key (products_shown, exhibitors, visitors, forum_sessions, speakers, awards) to give an edition without detailed data its headline figure."))
    label_vi = StringField(_l("Label (Vietnamese)"), validators=[DataRequired(), Length(max=200)])
    label_en = StringField(_l("Label (English)"), validators=[Optional(), Length(max=200)])
    value = StringField(_l("Value"), validators=[InputRequired(), Length(max=30)],
                        description=_l("A whole number or a decimal (48,96 or 48.96)."))
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=40)], description=_l("e.g. people, programmes, points"))
    source = TextAreaField(_l("Source"), validators=[Optional(), Length(max=2000)],
                           description=_l("Where the number comes from (report, survey, department)."))
    is_public = BooleanField(_l("Show on the public page “Techfest in numbers”"))
    position = IntegerField(_l("Order"), default=0, validators=[Optional(), NumberRange(min=-MAX_POSITION, max=MAX_POSITION)])


class ConfirmForm(TechfestForm):
    pass
