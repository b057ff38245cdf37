"""Account use-cases. Each function is one transaction; the actor is passed explicitly."""
from __future__ import annotations

import hashlib
import logging
import secrets

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from techfest.core.auth import Role
from techfest.core.db import db, utcnow
from techfest.core.errors import Conflict, NotFound, ValidationFailed
from techfest.core.search import fold
from techfest.privacy import erasure

from .models import ApiToken, EditionRole, Organisation, OrganisationType, User

logger = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 8
TOKEN_PREFIX = "tfp_"


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def hash_password(password: str) -> str:
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    return generate_password_hash(password, method=method)


def _check_password_rules(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(
            "password too short",
            {"password": [f"at least {MIN_PASSWORD_LENGTH} characters"]},
        )


# --- users -------------------------------------------------------------------------------

def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None. Records the login time."""
    user = get_user_by_email(email)
    if user is None:
        # Same cost whether or not the account exists (no user enumeration by timing).
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not user.active or not check_password_hash(user.password_hash, password or ""):
        return None
    user.last_login_at = utcnow()
    db.session.commit()
    logger.info("user %s logged in", user.id)
    return user


_DUMMY_HASH = generate_password_hash("not-a-real-password", method="pbkdf2:sha256:1000")


def find_or_create_organisation(name: str, type: OrganisationType | str = OrganisationType.COMPANY,
                                country: str = "VN", website: str = "") -> Organisation:
    name = name.strip()
    org = db.session.scalar(select(Organisation).where(Organisation.name_folded == fold(name)))
    if org is None:
        org = Organisation(name=name, name_folded=fold(name), type=OrganisationType(type),
                           country=(country or "VN").upper(), website=website or "")
        db.session.add(org)
        db.session.flush()
    return org


def create_user(email: str, password: str, name: str, *, organisation: Organisation | None = None,
                is_admin: bool = False) -> User:
    """Create an account (no commit)."""
    email = normalize_email(email)
    _check_password_rules(password)
    if get_user_by_email(email) is not None:
        raise Conflict("email already registered", {"email": ["already registered"]})
    user = User(email=email, name=name.strip(), name_folded=fold(name), password_hash=hash_password(password),
                is_admin=is_admin, organisation=organisation)
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("email already registered", {"email": ["already registered"]}) from None
    return user


def sign_up_exhibitor(*, email: str, password: str, name: str, org_name: str, org_type: str,
                      country: str, website: str, edition=None) -> User:
    """Exhibitor self sign-up: the account, its organisation, and the exhibitor role in
    ``edition`` (the edition currently taking submissions, when there is one)."""
    if get_user_by_email(email) is not None:
        raise Conflict("email already registered", {"email": ["already registered"]})
    # Joining an existing organisation would give access to its submissions: only its members
    # may add colleagues (add_member), never a stranger who types the same name.
    if db.session.scalar(select(Organisation.id).where(Organisation.name_folded == fold(org_name))) is not None:
        raise Conflict("organisation already registered", {"org_name": ["organisation exists"]})
    org = find_or_create_organisation(org_name, org_type, country, website)
    user = create_user(email, password, name, organisation=org)
    if edition is not None:
        _grant(user, edition, Role.EXHIBITOR)
    db.session.commit()
    logger.info("exhibitor %s signed up for organisation %s", user.id, org.id)
    return user


def add_member(actor: User, org: Organisation, *, email: str, name: str, edition=None) -> tuple[User, bool]:
    """A member adds a colleague to their organisation. A new account gets a random password
    and a link to choose one; an existing account without organisation is linked; an account
    of another organisation is refused. Returns (user, created)."""
    from techfest.core.errors import PermissionDenied

    if not actor.is_admin and actor.organisation_id != org.id:
        raise PermissionDenied("not a member of this organisation")
    user = get_user_by_email(email)
    created = user is None
    if user is None:
        user = create_user(email, secrets.token_urlsafe(24), name, organisation=org)
    elif user.organisation_id not in (None, org.id):
        raise Conflict("member of another organisation", {"email": ["another organisation"]})
    else:
        user.organisation = org
    if edition is not None:
        _grant(user, edition, Role.EXHIBITOR)
    db.session.commit()
    logger.info("user %s added to organisation %s by user %s", user.id, org.id, actor.id)
    return user, created


def upsert_user(*, email: str, password: str, name: str | None = None, org_name: str | None = None,
                role: str | None = None, edition=None, is_admin: bool | None = None) -> tuple[User, bool]:
    """Create or update an account (CLI: scripts can re-run it). Returns (user, created)."""
    _check_password_rules(password)
    user = get_user_by_email(email)
    created = user is None
    org = find_or_create_organisation(org_name) if org_name else None
    if created:
        user = create_user(email, password, name or email.split("@")[0], organisation=org,
                           is_admin=bool(is_admin))
    else:
        user.password_hash = hash_password(password)
        if name:
            user.name, user.name_folded = name, fold(name)
        if org is not None:
            user.organisation = org
        if is_admin is not None:
            user.is_admin = is_admin
        user.active = True
    if role:
        _grant(user, edition, Role(role))
    db.session.commit()
    logger.info("user %s %s from the command line", user.id, "created" if created else "updated")
    return user, created


def change_password(user: User, new_password: str) -> None:
    _check_password_rules(new_password)
    user.password_hash = hash_password(new_password)
    db.session.commit()
    logger.info("user %s changed password", user.id)


# --- roles -------------------------------------------------------------------------------

def roles_for_user(user: User, edition) -> set[Role]:
    rows = db.session.scalars(
        select(EditionRole.role).where(EditionRole.user_id == user.id, EditionRole.edition_id == edition.id)
    )
    return set(rows)


def user_has_role_anywhere(user: User, roles) -> bool:
    if "roles" in user.__dict__:  # loaded with the API token (user_for_api_token)
        wanted = set(roles)
        return any(r.role in wanted for r in user.roles)
    return db.session.scalar(
        select(EditionRole.id).where(EditionRole.user_id == user.id, EditionRole.role.in_(list(roles))).limit(1)
    ) is not None


def editions_where(user: User, role: Role) -> list[int]:
    return list(db.session.scalars(
        select(EditionRole.edition_id).where(EditionRole.user_id == user.id, EditionRole.role == role)
    ))


def _grant(user: User, edition, role: Role) -> None:
    if edition is None:
        raise ValidationFailed("an edition is needed for a role", {"edition": ["required with a role"]})
    exists = db.session.scalar(select(EditionRole.id).where(
        EditionRole.user_id == user.id, EditionRole.edition_id == edition.id, EditionRole.role == role))
    if exists is None:
        db.session.add(EditionRole(user=user, edition_id=edition.id, role=role))
        db.session.flush()


def grant_role(actor: User, user: User, edition, role: Role) -> None:
    _grant(user, edition, role)
    db.session.commit()
    logger.info("role %s in edition %s granted to user %s by user %s", role, edition.id, user.id,
                actor.id if actor else None)


def copy_roles(source_edition, target_edition, roles=(Role.ORGANIZER,)) -> None:
    """Carry organizers over to a new edition (no commit)."""
    for er in db.session.scalars(select(EditionRole).where(
            EditionRole.edition_id == source_edition.id, EditionRole.role.in_(list(roles)))):
        _grant(er.user, target_edition, er.role)


def members_by_role(edition) -> dict[Role, int]:
    from sqlalchemy import func

    rows = db.session.execute(
        select(EditionRole.role, func.count()).where(EditionRole.edition_id == edition.id).group_by(EditionRole.role)
    )
    return {Role(r): n for r, n in rows}


# --- password reset ----------------------------------------------------------------------

def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="techfest-password-reset")


def make_reset_token(user: User) -> str:
    # The hash's tail makes the link single-use: it dies as soon as the password changes.
    return _reset_serializer().dumps({"u": user.id, "h": user.password_hash[-16:]})


def user_for_reset_token(token: str) -> User | None:
    try:
        data = _reset_serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("u"))
    if user is None or not user.active or user.password_hash[-16:] != data.get("h"):
        return None
    return user


def reset_password(token: str, new_password: str) -> User:
    user = user_for_reset_token(token)
    if user is None:
        raise NotFound("the reset link is invalid or has expired")
    change_password(user, new_password)
    return user


# --- API tokens --------------------------------------------------------------------------

def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_token(user: User, name: str = "API") -> tuple[ApiToken, str]:
    """Create a personal token. Returns (row, plain token); the plain token is never stored."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user=user, name=(name or "API").strip()[:100], token_hash=_hash_token(plain),
                   prefix=plain[:10], created_at=utcnow())
    db.session.add(row)
    db.session.commit()
    logger.info("api token %s created for user %s", row.id, user.id)
    return row, plain


def tokens_of(user: User) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())))


def revoke_api_token(user: User, token_id: int) -> None:
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        raise NotFound("token not found")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        db.session.commit()
        logger.info("api token %s revoked by user %s", row.id, user.id)


def user_for_api_token(plain: str) -> User | None:
    if not plain or not plain.startswith(TOKEN_PREFIX) or len(plain) > 100:
        return None
    # The token, its user and the user's roles in one query (hot path: every API call, the
    # check-in gates); @require's "holds this role anywhere" then needs no query of its own.
    row = db.session.scalars(select(ApiToken).options(joinedload(ApiToken.user).joinedload(User.roles))
                             .where(ApiToken.token_hash == _hash_token(plain))).unique().first()
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    now = utcnow()
    # Write last-use at most once a minute: keeps hot endpoints (check-in) free of extra writes.
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        row.last_used_at = now
        db.session.commit()
    return row.user


# --- listing -----------------------------------------------------------------------------

def search_users(query: str | None):
    from techfest.core.search import search_filter

    stmt = select(User).order_by(User.name_folded, User.id)
    cond = search_filter(User.name_folded, query)
    if cond is not None:
        from sqlalchemy import or_
        email_q = normalize_email(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(or_(cond, User.email.like(f"%{email_q}%", escape="\\")))
    return stmt


def set_user_active(actor: User, user: User, active: bool) -> None:
    if actor.id == user.id and not active:
        raise Conflict("you cannot deactivate your own account")
    user.active = active
    db.session.commit()
    logger.info("user %s %s by user %s", user.id, "activated" if active else "deactivated", actor.id)


# --- profile and organisation ------------------------------------------------------------

def update_profile(user: User, *, name: str) -> None:
    user.name, user.name_folded = name.strip(), fold(name)
    db.session.commit()
    logger.info("user %s updated their profile", user.id)


PROFILE_FIELDS = {"contact_name": 200, "phone": 40, "address": 300, "description": 5000, "description_en": 5000}


def update_organisation(actor: User, org: Organisation, *, name: str, type: str, country: str, website: str,
                        **profile) -> None:
    """Any member of an organisation may edit it (members share its submissions).

    ``profile`` may hold contact_name, phone, address, description, description_en."""
    from techfest.core.errors import PermissionDenied

    if not actor.is_admin and actor.organisation_id != org.id:
        raise PermissionDenied("not a member of this organisation")
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationFailed("unknown fields", {k: ["unknown field"] for k in unknown})
    too_long = {k: [f"at most {PROFILE_FIELDS[k]} characters"] for k, v in profile.items()
                if len((v or "").strip()) > PROFILE_FIELDS[k]}
    if too_long:
        raise ValidationFailed("invalid organisation", too_long)
    clash = db.session.scalar(select(Organisation.id).where(Organisation.name_folded == fold(name), Organisation.id != org.id))
    if clash is not None:
        raise Conflict("organisation name already used", {"name": ["already used"]})
    org.name, org.name_folded = name.strip(), fold(name)
    org.type, org.country, org.website = OrganisationType(type), country, website
    for key, value in profile.items():
        setattr(org, key, (value or "").strip())
    db.session.commit()
    logger.info("organisation %s updated by user %s", org.id, actor.id)


LOGO_FOLDER = "logos"


def set_organisation_logo(actor: User, org: Organisation, data: bytes | None) -> None:
    """Replace (``data``: the uploaded bytes) or remove (``None``) the organisation's logo.

    The image goes through the same checks as product images (techfest.submissions.images:
    content, 5 MB, re-encoded without metadata); a refused file raises ValidationFailed on "logo"."""
    from techfest.core.errors import PermissionDenied
    from techfest.submissions import images

    if not actor.is_admin and actor.organisation_id != org.id:
        raise PermissionDenied("not a member of this organisation")
    root = current_app.config["UPLOAD_DIR"]
    old = (org.logo_key, org.logo_ext)
    if data is None:
        org.logo_key, org.logo_ext = "", ""
    else:
        try:
            processed = images.process_image(data)
        except images.ImageRejected as exc:
            raise ValidationFailed("logo refused", {"logo": [exc.reason]}) from None
        org.logo_key = images.store(root, LOGO_FOLDER, processed)
        org.logo_ext = processed.ext
    db.session.commit()
    if old[0]:
        images.delete(root, LOGO_FOLDER, *old)
    logger.info("organisation %s logo %s by user %s", org.id, "removed" if data is None else "changed", actor.id)


def organisation_by_logo(key: str) -> Organisation | None:
    if not key or len(key) > 32:
        return None
    return db.session.scalar(select(Organisation).where(Organisation.logo_key == key))


def roles_overview(user: User) -> list[tuple]:
    """(edition, role) pairs of a user, newest edition first, for the account page."""
    from techfest.editions.models import Edition

    return list(db.session.execute(
        select(Edition, EditionRole.role).join(EditionRole, EditionRole.edition_id == Edition.id)
        .where(EditionRole.user_id == user.id).order_by(Edition.start_date.desc(), EditionRole.role)
    ))


def revoke_role(actor: User, user: User, edition, role: Role) -> None:
    from sqlalchemy import delete

    if actor.id == user.id and role == Role.ORGANIZER and not actor.is_admin:
        raise Conflict("you cannot remove your own organizer role")
    db.session.execute(delete(EditionRole).where(
        EditionRole.user_id == user.id, EditionRole.edition_id == edition.id, EditionRole.role == role))
    db.session.commit()
    logger.info("role %s in edition %s revoked from user %s by user %s", role, edition.id, user.id, actor.id)


def edition_members(edition):
    return list(db.session.execute(
        select(User, EditionRole.role).join(EditionRole, EditionRole.user_id == User.id)
        .where(EditionRole.edition_id == edition.id).order_by(EditionRole.role, User.name_folded)
    ))


# --- personal data (privacy.services orchestrates export and erasure) ----------------------

def is_anonymised(user: User) -> bool:
    return erasure.is_erased_email(user.email)


def anonymise_user(user: User) -> None:
    """Close the account and remove the person from it: name and e-mail replaced, no password
    matches, API tokens revoked. The row stays (scores keep their judge, logs their actor) and
    so do its roles. No commit: part of the caller's erasure transaction (privacy.services)."""
    now = utcnow()
    for token in db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))):
        token.revoked_at = now
    user.name = erasure.ERASED_NAME
    user.name_folded = fold(erasure.ERASED_NAME)
    user.email = erasure.erased_email(f"erased-user-{user.id}")
    user.password_hash = "!erased"   # matches no password
    user.active = False
    user.last_login_at = None


# --- counts for the reports (read-only: one grouped query each, no rows loaded, no commit) ----

def organisation_counts_by_type(organisation_ids) -> dict[OrganisationType, int]:
    """{organisation type: organisations} among ``organisation_ids``: ids, or a statement selecting
    them that the query embeds (``submissions.services.exhibitor_ids(edition)``); each
    organisation counts once. A type without any is absent."""
    from sqlalchemy import func

    return dict(db.session.execute(select(Organisation.type, func.count(Organisation.id))
                                   .where(Organisation.id.in_(organisation_ids)).group_by(Organisation.type)).all())


def organisation_counts_by_country(organisation_ids) -> list[tuple[str, int]]:
    """(country code, organisations) among ``organisation_ids`` (as for
    :func:`organisation_counts_by_type`), most organisations first, then by code."""
    from sqlalchemy import func

    n = func.count(Organisation.id)
    return [(country, count) for country, count in db.session.execute(
        select(Organisation.country, n).where(Organisation.id.in_(organisation_ids))
        .group_by(Organisation.country).order_by(n.desc(), Organisation.country)).all()]
