"""Account forms. Labels are lazy so they follow the visitor's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from techfest.core.forms import TechfestForm as FlaskForm
from wtforms import (BooleanField, EmailField, FileField, PasswordField, SelectField, StringField, SubmitField,
                     TextAreaField, URLField)
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, Regexp, URL

from techfest.core.auth import ROLE_LABELS

from .models import ORGANISATION_TYPE_LABELS
from .services import MIN_PASSWORD_LENGTH

COUNTRIES = [
    ("VN", _l("Vietnam")), ("KR", _l("South Korea")), ("JP", _l("Japan")), ("CN", _l("China")),
    ("US", _l("United States")), ("FR", _l("France")), ("DE", _l("Germany")), ("SG", _l("Singapore")),
    ("TH", _l("Thailand")), ("LA", _l("Laos")), ("KH", _l("Cambodia")), ("AU", _l("Australia")),
    ("GB", _l("United Kingdom")), ("OTHER", _l("Other")),
]


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Remember me"))
    submit = SubmitField(_l("Log in"))


class SignupForm(FlaskForm):
    name = StringField(_l("Your full name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
                             description=_l("At least %(n)s characters.", n=MIN_PASSWORD_LENGTH))
    password2 = PasswordField(_l("Repeat the password"),
                              validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))])
    org_name = StringField(_l("Organisation name"), validators=[DataRequired(), Length(max=200)])
    org_type = SelectField(_l("Organisation type"), choices=list(ORGANISATION_TYPE_LABELS.items()),
                           validators=[DataRequired()])
    country = SelectField(_l("Country"), choices=COUNTRIES, default="VN")
    website = URLField(_l("Website"), validators=[Optional(), URL(require_tld=True), Length(max=300)])
    submit = SubmitField(_l("Create my exhibitor account"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField(_l("Send me a reset link"))


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)])
    password2 = PasswordField(_l("Repeat the password"),
                              validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))])
    submit = SubmitField(_l("Set the new password"))


class ProfileForm(FlaskForm):
    name = StringField(_l("Your full name"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Save"))


class OrganisationForm(FlaskForm):
    name = StringField(_l("Organisation name"), validators=[DataRequired(), Length(max=200)])
    type = SelectField(_l("Organisation type"), choices=list(ORGANISATION_TYPE_LABELS.items()))
    country = SelectField(_l("Country"), choices=COUNTRIES)
    website = URLField(_l("Website"), validators=[Optional(), URL(require_tld=True), Length(max=300)])
    contact_name = StringField(_l("Contact person"), validators=[Optional(), Length(max=200)])
    phone = StringField(_l("Phone"), validators=[
        Optional(), Length(max=40), Regexp(r"^[0-9+().\- ]{6,40}$", message=_l("Digits, spaces and + ( ) - only."))])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    description = TextAreaField(_l("Description (Vietnamese)"), validators=[Optional(), Length(max=5000)])
    description_en = TextAreaField(_l("Description (English, optional)"), validators=[Optional(), Length(max=5000)])
    logo = FileField(_l("Logo"), description=_l("JPEG, PNG or WebP, at most 5 MB."))
    remove_logo = BooleanField(_l("Remove the logo"))
    submit = SubmitField(_l("Save the organisation"))


class TokenForm(FlaskForm):
    name = StringField(_l("Token name"), validators=[DataRequired(), Length(max=100)],
                       description=_l("For example: scanner phone at gate 1."))
    submit = SubmitField(_l("Create a token"))


class GrantRoleForm(FlaskForm):
    email = EmailField(_l("E-mail of an existing account"), validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(_l("Role"), choices=list(ROLE_LABELS.items()))
    submit = SubmitField(_l("Give the role"))


class ConfirmForm(FlaskForm):
    """An empty form: a POST with its CSRF token (revoke, deactivate, transitions)."""
    submit = SubmitField(_l("Confirm"))


class AddMemberForm(FlaskForm):
    """A member adds a colleague to the organisation (they share its submissions)."""
    name = StringField(_l("Colleague's full name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Colleague's e-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField(_l("Add to my organisation"))
