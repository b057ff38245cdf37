"""The organizers' form for a check-in point (the API takes the same fields as JSON)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from techfest.core.forms import TechfestForm

from .models import POINT_KIND_LABELS


class _Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PointForm(TechfestForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=32), Regexp(
        r"^[A-Za-z0-9][A-Za-z0-9_-]*$", message=_l("Letters, digits, '-' or '_' only, starting with a letter or digit."))],
        description=_l("Short and unique, used by the scanners, e.g. GATE-1."))
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    kind = SelectField(_l("Kind"), choices=[(k.value, v) for k, v in POINT_KIND_LABELS.items()])
    types = _Checkboxes(_l("Attendee types allowed"), choices=[], validate_choice=True,
                        description=_l("None ticked: everyone."))
    days = _Checkboxes(_l("Days open"), choices=[], description=_l("None ticked: every day of the fair."))
    single_entry = BooleanField(_l("Single entry per day"), default=True)
    exits = BooleanField(_l("Exits are scanned (people inside are counted)"))
    capacity = IntegerField(_l("Capacity"), validators=[Optional(), NumberRange(min=1, max=1_000_000)],
                            description=_l("Empty: no limit."))
    staff = TextAreaField(_l("Check-in staff"), validators=[Length(max=5000)],
                          description=_l("E-mail addresses of their accounts, one per line."))
    submit = SubmitField(_l("Save"))

    def set_choices(self, edition) -> None:
        from datetime import timedelta

        from flask_babel import format_date

        from techfest.registration.models import ATTENDEE_TYPE_LABELS

        self.types.choices = [(t.value, str(label)) for t, label in ATTENDEE_TYPE_LABELS.items()]
        days, d = [], edition.start_date
        while d <= edition.end_date and len(days) < 60:
            days.append((d.isoformat(), format_date(d, "EEEE dd/MM/yyyy")))
            d += timedelta(days=1)
        self.days.choices = days

    def data_for_service(self) -> dict:
        emails = [e.strip() for e in (self.staff.data or "").replace(",", "\n").splitlines() if e.strip()]
        return {"code": (self.code.data or "").strip(), "name": self.name.data, "kind": self.kind.data,
                "types": list(self.types.data or []), "days": list(self.days.data or []),
                "single_entry": bool(self.single_entry.data), "exits": bool(self.exits.data),
                "capacity": self.capacity.data, "staff": emails}
