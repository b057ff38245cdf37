"""Submission forms. Labels are lazy so they follow the visitor's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, HiddenField, IntegerField, MultipleFileField, RadioField, SelectField,
                     StringField, SubmitField, TextAreaField, URLField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, URL

from techfest.core.forms import TechfestForm as FlaskForm

from .models import BOOTH_SIZE_LABELS, STAGE_LABELS, STATUS_LABELS, Stage

URL_MESSAGE = _l("Enter a full web address, starting with http:// or https://")


class ProductForm(FlaskForm):
    title = StringField(_l("Product name (Vietnamese)"), validators=[DataRequired(), Length(max=200)],
                        description=_l("For example: Thiết bị giám sát chất lượng nước nuôi trồng thủy sản"))
    title_en = StringField(_l("Product name (English, optional)"), validators=[Optional(), Length(max=200)])
    summary = TextAreaField(_l("Short summary"), validators=[Optional(), Length(max=500)],
                            description=_l("One or two sentences shown in the catalogue (at most 500 characters)."))
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20000)],
                                description=_l("What the product does, what is new about it, results so far. "
                                               "Markdown: **bold**, *italic*, lists with “- ”, links [text](https://…)."))
    category_id = SelectField(_l("Category"), choices=[], validate_choice=False)
    stage = SelectField(_l("Development stage"),
                        choices=[("", _l("— choose —"))] + [(s.value, label) for s, label in STAGE_LABELS.items()],
                        validators=[Optional()])
    target_market = TextAreaField(_l("Target users and market"), validators=[Optional(), Length(max=1000)])
    images = MultipleFileField(_l("Images"), description=_l(
        "Up to 5 images, JPEG, PNG or WebP, at most 5 MB each. The first one is the cover."))
    video_url = URLField(_l("Video (web address)"), validators=[Optional(), URL(require_tld=True, message=URL_MESSAGE),
                                                                Length(max=300)],
                         description=_l("For example a YouTube link."))
    website = URLField(_l("Product website"), validators=[Optional(), URL(require_tld=True, message=URL_MESSAGE),
                                                         Length(max=300)])
    team_members = TextAreaField(_l("Team members"), validators=[Optional(), Length(max=5000)],
                                 description=_l("One person per line, e.g. “Nguyễn Văn An – team lead”."))
    booth_size = RadioField(_l("Booth size"), choices=[(s.value, label) for s, label in BOOTH_SIZE_LABELS.items()],
                            default="standard")
    needs_power = BooleanField(_l("Electricity"))
    needs_internet = BooleanField(_l("Internet"))
    needs_water = BooleanField(_l("Water"))
    needs_table = BooleanField(_l("Table and chairs"), default=True)
    save_draft = SubmitField(_l("Save as draft"))
    save = SubmitField(_l("Save changes"))
    submit_product = SubmitField(_l("Submit to the organizers"))

    def set_categories(self, categories, locale: str) -> None:
        self.category_id.choices = [("", _l("— choose —"))] + [(str(c.id), c.label(locale)) for c in categories]

    def validate_category_id(self, field):
        from wtforms.validators import ValidationError

        if field.data and field.data not in {value for value, _label in field.choices}:
            raise ValidationError(_l("Choose a category from the list."))

    def product_data(self) -> dict:
        data = {k: getattr(self, k).data for k in (
            "title", "title_en", "summary", "description", "stage", "target_market", "video_url", "website",
            "team_members", "booth_size", "needs_power", "needs_internet", "needs_water", "needs_table")}
        data = {k: ("" if v is None and k not in ("stage",) else v) for k, v in data.items()}
        value = str(self.category_id.data or "")
        data["category_id"] = int(value) if value.isdigit() else None
        return data


class TransitionForm(FlaskForm):
    to = HiddenField(validators=[DataRequired(), Length(max=20)])
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=5000)])
    submit = SubmitField(_l("Confirm"))


class BulkForm(FlaskForm):
    to = SelectField(_l("Move the selected products to"), choices=[
        (s.value, label) for s, label in STATUS_LABELS.items() if s.value in (
            "under_review", "accepted", "rejected", "waitlisted")])
    note = TextAreaField(_l("Note to the exhibitors (optional)"), validators=[Optional(), Length(max=5000)])
    submit = SubmitField(_l("Apply to the selected products"))


class NoteForm(FlaskForm):
    body = TextAreaField(_l("Note"), validators=[DataRequired(), Length(max=5000)])
    kind = RadioField(_l("Who sees it"), choices=[
        ("internal", _l("Organizers only (internal note)")),
        ("message", _l("Message to the exhibitor (shown and e-mailed)"))], default="internal")
    submit = SubmitField(_l("Add the note"))


class CategoryForm(FlaskForm):
    name = StringField(_l("Name (Vietnamese)"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name (English)"), validators=[Optional(), Length(max=200)])
    slug = StringField(_l("Short name in addresses"), validators=[
        Optional(), Length(max=64),
        Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", message=_l("Lowercase letters, digits and hyphens only."))],
        description=_l("Left empty, it is made from the name."))
    position = IntegerField(_l("Order"), validators=[Optional(), NumberRange(min=0, max=10000)])
    submit = SubmitField(_l("Save"))


STAGE_CHOICES = [(s.value, STAGE_LABELS[s]) for s in Stage]
