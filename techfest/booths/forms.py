"""Floor plan forms. Labels are lazy so they follow the visitor's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (BooleanField, DecimalField, HiddenField, IntegerField, SelectField, StringField, SubmitField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from techfest.core.db import db_int
from techfest.core.forms import TechfestForm as FlaskForm

from .models import SIZE_LABELS, STATUS_LABELS, TIER_LABELS, TYPE_LABELS, BoothStatus

class MetresField(DecimalField):
    """Metres with a decimal point or a decimal comma ("3,5": how Vietnamese write it)."""

    def process_formdata(self, valuelist):
        if valuelist and isinstance(valuelist[0], str):
            text = valuelist[0].strip().replace(" ", "")
            if text.count(",") == 1 and "." not in text:
                text = text.replace(",", ".")
            valuelist = [text]
        super().process_formdata(valuelist)


METRES = dict(places=2, validators=[DataRequired(), NumberRange(min=0.01, max=10000)])
FREE_STATUSES = [(s.value, STATUS_LABELS[s]) for s in (BoothStatus.AVAILABLE, BoothStatus.HELD, BoothStatus.BLOCKED)]


def _int_or_none(value):
    if value in (None, "", "None"):
        return None
    try:
        return db_int(value)
    except (TypeError, ValueError):
        return -1  # no such row (also past what the database holds): the service names the field


class HallForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)],
                       description=_l("For example: Hall A – Trung tâm Hội chợ Triển lãm"))
    width_m = MetresField(_l("Width (m)"), **METRES)
    depth_m = MetresField(_l("Depth (m)"), **METRES)
    submit = SubmitField(_l("Save"))


class ZoneForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)],
                       description=_l("For example: Khu công nghiệp điện tử"))
    colour = StringField(_l("Colour"), validators=[DataRequired(), Regexp(r"^#[0-9a-fA-F]{6}$",
                                                                          message=_l("A colour such as #8ecae6."))],
                         default="#8ecae6")
    category_id = SelectField(_l("Category affinity"), choices=[], coerce=_int_or_none, validate_choice=False,
                              description=_l("Exhibitors of this product category score this zone's booths higher."))
    submit = SubmitField(_l("Save"))

    def set_categories(self, categories, locale: str) -> None:
        self.category_id.choices = [(None, _l("— none —"))] + [(c.id, c.label(locale)) for c in categories]


class BoothForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=16)], description=_l("For example: A-01"))
    zone_id = SelectField(_l("Zone"), choices=[], coerce=_int_or_none, validate_choice=False)
    x_m = MetresField(_l("x (m from the left wall)"), places=2, validators=[Optional(), NumberRange(min=0, max=10000)],
                       default=0)
    y_m = MetresField(_l("y (m from the top wall)"), places=2, validators=[Optional(), NumberRange(min=0, max=10000)],
                       default=0)
    w_m = MetresField(_l("Width (m)"), default=3, **METRES)
    h_m = MetresField(_l("Depth (m)"), default=3, **METRES)
    type = SelectField(_l("Type"), choices=[("", _l("Automatic (from the neighbours)"))]
                       + [(t.value, label) for t, label in TYPE_LABELS.items()], default="")
    size = SelectField(_l("Size class"), choices=[(s.value, label) for s, label in SIZE_LABELS.items()], default="standard")
    has_power = BooleanField(_l("Power"))
    has_internet = BooleanField(_l("Internet"))
    has_water = BooleanField(_l("Water"))
    accessible = BooleanField(_l("Step-free access"))
    price_tier = StringField(_l("Price tier"), validators=[Optional(), Length(max=32)],
                             description=_l("For example: A, B, premium"))
    status = SelectField(_l("Status"), choices=FREE_STATUSES, default="available")
    submit = SubmitField(_l("Save"))

    def set_zones(self, zones) -> None:
        self.zone_id.choices = [(None, _l("— none —"))] + [(z.id, z.name) for z in zones]

    def booth_data(self) -> dict:
        return {k: getattr(self, k).data for k in ("code", "zone_id", "x_m", "y_m", "w_m", "h_m", "type", "size",
                                                   "has_power", "has_internet", "has_water", "accessible",
                                                   "price_tier", "status")}


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"), render_kw={"accept": ".csv,text/csv,text/plain"}, description=_l(
        "Columns: code, zone, x, y, w, h, type, size, features, accessible, price_tier, status (metres)."))
    submit = SubmitField(_l("Import"))


class GridForm(FlaskForm):
    prefix = StringField(_l("Code prefix"), validators=[Optional(), Length(max=6)], default="A",
                         description=_l("Booths are numbered A-01, A-02, … row by row."))
    start = IntegerField(_l("First number"), validators=[DataRequired(), NumberRange(min=0, max=99999)], default=1)
    rows = IntegerField(_l("Rows"), validators=[DataRequired(), NumberRange(min=1, max=200)], default=4)
    cols = IntegerField(_l("Columns"), validators=[DataRequired(), NumberRange(min=1, max=200)], default=10)
    booth_w = MetresField(_l("Booth width (m)"), default=3, **METRES)
    booth_h = MetresField(_l("Booth depth (m)"), default=3, **METRES)
    aisle_every_rows = IntegerField(_l("Aisle after every … rows"), validators=[Optional(), NumberRange(min=0, max=200)],
                                    default=2, description=_l("2: blocks of two back-to-back rows. 0: no aisle."))
    aisle_every_cols = IntegerField(_l("Aisle after every … columns"), validators=[Optional(), NumberRange(min=0, max=200)],
                                    default=10)
    aisle_m = MetresField(_l("Aisle width (m)"), places=2, default=3, validators=[Optional(), NumberRange(min=0, max=100)])
    origin_x = MetresField(_l("Top-left corner x (m)"), places=2, default=2, validators=[Optional(), NumberRange(min=0, max=10000)])
    origin_y = MetresField(_l("Top-left corner y (m)"), places=2, default=2, validators=[Optional(), NumberRange(min=0, max=10000)])
    zone_id = SelectField(_l("Zone"), choices=[], coerce=_int_or_none, validate_choice=False)
    size = SelectField(_l("Size class"), choices=[(s.value, label) for s, label in SIZE_LABELS.items()], default="standard")
    has_power = BooleanField(_l("Power"), default=True)
    has_internet = BooleanField(_l("Internet"))
    has_water = BooleanField(_l("Water"))
    accessible = BooleanField(_l("Step-free access"), default=True)
    price_tier = StringField(_l("Price tier"), validators=[Optional(), Length(max=32)])
    status = SelectField(_l("Status"), choices=FREE_STATUSES, default="available")
    submit = SubmitField(_l("Create the booths"))

    def set_zones(self, zones) -> None:
        self.zone_id.choices = [(None, _l("— none —"))] + [(z.id, z.name) for z in zones]

    def grid_data(self) -> dict:
        data = {k: getattr(self, k).data for k in ("prefix", "start", "rows", "cols", "booth_w", "booth_h",
                                                   "aisle_every_rows", "aisle_every_cols", "aisle_m", "origin_x",
                                                   "origin_y", "zone_id", "size", "has_power", "has_internet",
                                                   "has_water", "accessible", "price_tier", "status")}
        for key in ("aisle_every_rows", "aisle_every_cols"):
            data[key] = data[key] or 0
        for key in ("aisle_m", "origin_x", "origin_y"):
            data[key] = data[key] if data[key] is not None else 0
        return data


class AssignForm(FlaskForm):
    organisation_id = SelectField(_l("Exhibitor"), choices=[], coerce=_int_or_none, validate_choice=False,
                                  validators=[DataRequired()])
    locked = BooleanField(_l("Lock (the allocation keeps it)"))
    submit = SubmitField(_l("Assign"))


class MoveForm(FlaskForm):
    target = StringField(_l("Move to booth"), validators=[DataRequired(), Length(max=16)],
                         description=_l("The code of a free booth, e.g. B-07."))
    submit = SubmitField(_l("Move"))


class SwapForm(FlaskForm):
    other = StringField(_l("Swap with booth"), validators=[DataRequired(), Length(max=16)],
                        description=_l("The code of another assigned booth."))
    submit = SubmitField(_l("Swap"))


class StatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=FREE_STATUSES)
    submit = SubmitField(_l("Change"))


class TierForm(FlaskForm):
    organisation_id = HiddenField(validators=[DataRequired()])
    tier = SelectField(_l("Priority tier"), choices=[(t.value, label) for t, label in TIER_LABELS.items()])
    submit = SubmitField(_l("Save"))


class CompetitorForm(FlaskForm):
    first = SelectField(_l("Exhibitor"), choices=[], coerce=_int_or_none, validate_choice=False,
                        validators=[DataRequired()])
    second = SelectField(_l("Competitor"), choices=[], coerce=_int_or_none, validate_choice=False,
                         validators=[DataRequired()])
    submit = SubmitField(_l("Add the pair"))

    def set_exhibitors(self, exhibitors) -> None:
        choices = [(None, _l("— choose —"))] + [(e.organisation_id, e.name) for e in exhibitors]
        self.first.choices = choices
        self.second.choices = choices


class SettingsForm(FlaskForm):
    rank_1 = IntegerField(_l("1st choice"), validators=[InputRequired(), NumberRange(min=0, max=1000)])
    rank_2 = IntegerField(_l("2nd choice"), validators=[InputRequired(), NumberRange(min=0, max=1000)])
    rank_3 = IntegerField(_l("3rd choice"), validators=[InputRequired(), NumberRange(min=0, max=1000)])
    rank_4 = IntegerField(_l("4th choice"), validators=[InputRequired(), NumberRange(min=0, max=1000)])
    rank_5 = IntegerField(_l("5th choice"), validators=[InputRequired(), NumberRange(min=0, max=1000)])
    zone_percent = IntegerField(_l("A zone counts (percent of the same rank for a booth)"),
                                validators=[InputRequired(), NumberRange(min=0, max=1000)])
    affinity_bonus = IntegerField(_l("Bonus: zone of the exhibitor's product category"),
                                  validators=[InputRequired(), NumberRange(min=0, max=1000)])
    near_bonus = IntegerField(_l("Bonus: zone of an organisation they want to be near"),
                              validators=[InputRequired(), NumberRange(min=0, max=1000)])
    tier_sponsor = IntegerField(_l("Sponsor (%)"), validators=[InputRequired(), NumberRange(min=0, max=1000)])
    tier_international = IntegerField(_l("International partner (%)"), validators=[InputRequired(), NumberRange(min=0, max=1000)])
    tier_returning = IntegerField(_l("Returning exhibitor (%)"), validators=[InputRequired(), NumberRange(min=0, max=1000)])
    tier_standard = IntegerField(_l("Standard (%)"), validators=[InputRequired(), NumberRange(min=0, max=1000)])
    submit = SubmitField(_l("Save the settings"))

    def load(self, config: dict) -> None:
        for i, v in enumerate(config["rank_scores"], start=1):
            getattr(self, f"rank_{i}").data = v
        for key in ("zone_percent", "affinity_bonus", "near_bonus"):
            getattr(self, key).data = config[key]
        for tier, v in config["tier_percent"].items():
            getattr(self, f"tier_{tier}").data = v

    def config(self) -> dict:
        def v(name):
            return getattr(self, name).data or 0
        return {"rank_scores": [v(f"rank_{i}") for i in range(1, 6)], "zone_percent": v("zone_percent"),
                "affinity_bonus": v("affinity_bonus"), "near_bonus": v("near_bonus"),
                "tier_percent": {t: v(f"tier_{t}") for t in ("sponsor", "international", "returning", "standard")}}


class RunForm(FlaskForm):
    time_limit = IntegerField(_l("Time limit (seconds)"), validators=[Optional(), NumberRange(min=1, max=25)], default=10)
    submit = SubmitField(_l("Compute a proposal"))


class PreferencesForm(FlaskForm):
    choice_1 = SelectField(_l("1st choice"), choices=[], validate_choice=False)
    choice_2 = SelectField(_l("2nd choice"), choices=[], validate_choice=False)
    choice_3 = SelectField(_l("3rd choice"), choices=[], validate_choice=False)
    choice_4 = SelectField(_l("4th choice"), choices=[], validate_choice=False)
    choice_5 = SelectField(_l("5th choice"), choices=[], validate_choice=False)
    near_1 = SelectField(_l("Near organisation"), choices=[], coerce=_int_or_none, validate_choice=False)
    near_2 = SelectField(_l("Near organisation"), choices=[], coerce=_int_or_none, validate_choice=False)
    near_3 = SelectField(_l("Near organisation"), choices=[], coerce=_int_or_none, validate_choice=False)
    submit = SubmitField(_l("Save my wishes"))

    CHOICES = ("choice_1", "choice_2", "choice_3", "choice_4", "choice_5")
    NEAR = ("near_1", "near_2", "near_3")

    def set_options(self, choices, near) -> None:
        for name in self.CHOICES:
            getattr(self, name).choices = choices
        for name in self.NEAR:
            getattr(self, name).choices = near
