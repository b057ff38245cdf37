"""Judging forms: rounds, rubric criteria, judges' profiles, assignment changes, score sheets
and awards. Choices that depend on the edition are filled in by the views."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (BooleanField, HiddenField, IntegerField, RadioField, SelectField, SelectMultipleField,
                     StringField, SubmitField, TextAreaField, widgets)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from techfest.core.forms import TechfestForm

from .models import AWARD_LABELS, METHOD_LABELS, AwardKind, Method

SLUG = Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", message=_l("Lowercase letters, digits and hyphens only."))
KEY = Regexp(r"^[a-z0-9][a-z0-9_-]*$", message=_l("Lowercase letters, digits and hyphens only."))


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class RoundForm(TechfestForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)],
                       description=_l("For example: Sản phẩm công nghệ tiêu biểu"))
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=200)])
    slug = StringField(_l("Short name in addresses"), validators=[Optional(), Length(max=64), SLUG],
                       description=_l("Made from the name when left empty."))
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    category_ids = MultiCheckboxField(_l("Categories judged"), coerce=int, choices=[], validate_choice=True,
                                      description=_l("The accepted and confirmed products of these categories are "
                                                     "judged. None ticked: every category."))
    judges_per_product = IntegerField(_l("Judges per product"), default=3,
                                      validators=[DataRequired(), NumberRange(min=1, max=20)])
    podium = SelectField(_l("Medals per category"), coerce=int, default=3,
                         choices=[(3, _l("Gold, silver and bronze")), (2, _l("Gold and silver")), (1, _l("Gold only"))])
    method = SelectField(_l("Ranking method"), default=Method.NORMALIZED.value,
                         choices=[(m.value, METHOD_LABELS[m]) for m in Method])
    default_rubric = BooleanField(_l("Start with the standard rubric (innovation 30 %, feasibility 25 %, "
                                     "impact 25 %, presentation 20 %, scored 1 to 10)"), default=True)
    submit = SubmitField(_l("Save"))


class CriterionForm(TechfestForm):
    name = StringField(_l("Criterion"), validators=[DataRequired(), Length(max=120)])
    name_en = StringField(_l("Criterion in English"), validators=[Optional(), Length(max=120)])
    key = StringField(_l("Criterion key"), validators=[Optional(), Length(max=40), KEY],
                      description=_l("Used in the API and exports; made from the name when left empty."))
    weight = IntegerField(_l("Weight (%)"), validators=[DataRequired(), NumberRange(min=1, max=1000)])
    min_value = IntegerField(_l("Lowest score"), default=1, validators=[Optional(), NumberRange(min=0, max=99)])
    max_value = IntegerField(_l("Highest score"), default=10, validators=[Optional(), NumberRange(min=1, max=100)])
    guidance = TextAreaField(_l("Guidance for judges"), validators=[Optional(), Length(max=5000)])
    guidance_en = TextAreaField(_l("Guidance in English"), validators=[Optional(), Length(max=5000)])
    position = IntegerField(_l("Display order"), validators=[Optional(), NumberRange(min=0, max=10000)])
    submit = SubmitField(_l("Save"))


class TransitionForm(TechfestForm):
    to = HiddenField(validators=[DataRequired(), Length(max=20)])
    submit = SubmitField(_l("Confirm"))


class JudgeProfileForm(TechfestForm):
    conflicts = MultiCheckboxField(_l("Organisations I have a conflict of interest with"), coerce=int, choices=[],
                                   validate_choice=True,
                                   description=_l("Tick an organisation if you work or worked for it, advise it, "
                                                  "own shares in it, or a relative works there."))
    reason = StringField(_l("Note for the organizers (optional)"), validators=[Optional(), Length(max=300)])
    expertise = MultiCheckboxField(_l("My fields of expertise"), coerce=int, choices=[], validate_choice=True)
    submit = SubmitField(_l("Save"))


class AddAssignmentForm(TechfestForm):
    judge_id = SelectField(_l("Judge"), coerce=int, choices=[], validate_choice=True)
    force = BooleanField(_l("Apply anyway, even if coverage or balance rules are broken"))
    submit = SubmitField(_l("Assign the judge"))


class RemoveAssignmentForm(TechfestForm):
    replacement_id = SelectField(_l("Replace by"), choices=[], validate_choice=True)
    force = BooleanField(_l("Apply anyway, even if rules are broken or scores are deleted"))
    submit = SubmitField(_l("Remove"))


def sheet_form_class(criteria, locale: str = "vi"):
    """A form with one field per criterion (``c_<key>``): round buttons for scales of up to 11
    values (phones), a number box for larger scales."""

    class SheetForm(TechfestForm):
        comment = TextAreaField(_l("Comment for the organizers"), validators=[Optional(), Length(max=5000)])
        save = SubmitField(_l("Save draft"))
        submit_sheet = SubmitField(_l("Submit the scores"))

    for c in criteria:
        label = c.display_name(locale)
        if c.max_value - c.min_value <= 10:
            field = RadioField(label, choices=[(str(v), str(v)) for v in c.scale], validators=[Optional()],
                               validate_choice=True)
        else:
            field = IntegerField(label, validators=[Optional(), NumberRange(min=c.min_value, max=c.max_value)])
        setattr(SheetForm, f"c_{c.key}", field)
    return SheetForm


class AwardForm(TechfestForm):
    product_id = SelectField(_l("Product"), coerce=int, choices=[], validate_choice=True)
    kind = SelectField(_l("Award"), choices=[(k.value, AWARD_LABELS[k]) for k in AwardKind])
    prize_name = StringField(_l("Name of the special prize"), validators=[Optional(), Length(max=200)],
                             description=_l("For example: Giải Sản phẩm vì cộng đồng"))
    prize_name_en = StringField(_l("Name of the special prize in English"), validators=[Optional(), Length(max=200)])
    citation = StringField(_l("Citation on the certificate (optional)"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Grant the award"))
