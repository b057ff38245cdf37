"""THE permission helper: ``can(user, perm, edition)`` and the ``@require`` / ``@public`` decorators.

Roles are per edition (organizer, exhibitor, judge, check-in staff, attendee); ``admin`` is a
global flag on the user. Every view is decorated with exactly one of ``@require(...)`` or
``@public``; ``tests/core/test_route_permissions.py`` walks the URL map and fails on a route
that has neither.
"""
from __future__ import annotations

import enum
from functools import wraps
from typing import Callable

from flask import abort, g, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user


class Role(enum.StrEnum):
    ORGANIZER = "organizer"
    EXHIBITOR = "exhibitor"
    JUDGE = "judge"
    CHECKIN = "checkin"
    ATTENDEE = "attendee"


ROLE_LABELS = {
    Role.ORGANIZER: _l("Organizer"),
    Role.EXHIBITOR: _l("Exhibitor"),
    Role.JUDGE: _l("Judge"),
    Role.CHECKIN: _l("Check-in staff"),
    Role.ATTENDEE: _l("Attendee"),
}

# Which per-edition roles grant a permission. Admin is granted everything.
# "authenticated" permissions need only a logged-in, active account.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "edition.view_draft": frozenset({Role.ORGANIZER}),
    "edition.manage": frozenset({Role.ORGANIZER}),
    "edition.dashboard": frozenset({Role.ORGANIZER}),
    "edition.staff": frozenset({Role.ORGANIZER, Role.JUDGE, Role.CHECKIN}),
    "forum.manage": frozenset({Role.ORGANIZER}),          # schedule editor, rooms, speakers, publishing
    "submissions.submit": frozenset({Role.EXHIBITOR}),    # own organisation's products (checked in services)
    "submissions.review": frozenset({Role.ORGANIZER}),    # review list, decisions, notes, export
    "submissions.categories": frozenset({Role.ORGANIZER}),
    "registration.manage": frozenset({Role.ORGANIZER}),       # attendees, import/export, badges, settings
    "registration.booth_staff": frozenset({Role.EXHIBITOR}),  # own organisation's booth staff (checked in services)
    "booths.manage": frozenset({Role.ORGANIZER}),   # floor plan, assignments, allocation, exports
    "booths.prefer": frozenset({Role.EXHIBITOR}),   # own organisation's booth and wishes (checked in services)
    "judging.manage": frozenset({Role.ORGANIZER}),  # rounds, rubric, assignment, ranking, awards, publishing
    "judging.score": frozenset({Role.JUDGE}),       # own profile and own score sheets (assignment checked in services)
    "checkin.manage": frozenset({Role.ORGANIZER}),  # check-in points, staff, dashboard, stats
    "reports.view": frozenset({Role.ORGANIZER}),    # edition report, exports, /api/v1/editions/<slug>/stats
    "reports.manage": frozenset({Role.ORGANIZER}),  # recorded figures (create, edit, delete)
    "privacy.manage": frozenset({Role.ORGANIZER}),  # privacy notice, retention, export/erase attendees, audit log
}
# Permissions that are checked globally (no edition): the user holds the role in any edition.
GLOBAL_PERMISSIONS: dict[str, frozenset[Role]] = {
    "edition.create": frozenset({Role.ORGANIZER}),
    "checkin.scan": frozenset({Role.CHECKIN, Role.ORGANIZER}),  # the scanner; the point's staff list is checked in services
    "checkin.points": frozenset({Role.ORGANIZER}),  # /api/v1/checkin/points/<code>: the point's edition is checked in services
    "reports.compare": frozenset({Role.ORGANIZER}),  # cross-edition figures (organizer of any edition)
}
AUTHENTICATED = "account.self"
ADMIN_ONLY = {"admin.users"}


def roles_of(user, edition) -> frozenset[Role]:
    """The roles ``user`` holds in ``edition`` (cached per request)."""
    if user is None or not getattr(user, "is_authenticated", False) or edition is None:
        return frozenset()
    cache = g.setdefault("_roles_cache", {}) if _has_g() else {}
    key = (user.id, edition.id)
    if key not in cache:
        from techfest.accounts.services import roles_for_user

        cache[key] = frozenset(roles_for_user(user, edition))
    return cache[key]


def _has_g() -> bool:
    try:
        g.get("x")
        return True
    except RuntimeError:
        return False


def can(user, perm: str, edition=None) -> bool:
    """True if ``user`` may do ``perm`` (in ``edition`` for per-edition permissions)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_admin:
        return True
    if perm == AUTHENTICATED:
        return True
    if perm in ADMIN_ONLY:
        return False
    if perm in GLOBAL_PERMISSIONS:
        from techfest.accounts.services import user_has_role_anywhere

        return user_has_role_anywhere(user, GLOBAL_PERMISSIONS[perm])
    allowed = PERMISSIONS.get(perm)
    if allowed is None:
        raise KeyError(f"unknown permission {perm!r}")
    return bool(roles_of(user, edition) & allowed)


def _deny():
    if not current_user.is_authenticated:
        if request.path.startswith("/api/"):
            abort(401)
        return redirect(url_for("accounts.login", next=request.full_path if request.query_string else request.path))
    abort(403)


def require(perm: str, edition_from: str | None = "slug") -> Callable:
    """Decorator: the current user needs ``perm``.

    For per-edition permissions the edition is loaded from the view argument named
    ``edition_from`` (a slug) and stored in ``g.edition``; an unknown slug is a 404.
    Anonymous users are sent to the login page (401 on the API); others get 403.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            edition = None
            if perm in PERMISSIONS and edition_from and edition_from in kwargs:
                from techfest.editions.services import get_edition_or_404

                edition = get_edition_or_404(kwargs[edition_from], include_draft=True)
                g.edition = edition
            if not can(current_user, perm, edition):
                return _deny()
            return view(*args, **kwargs)

        wrapped.required_permission = perm
        return wrapped

    return decorator


def public(view):
    """Marks a view as open to everyone (the route-permission test checks every view is marked)."""
    view.required_permission = None
    return view


def public_endpoint(app, endpoint: str) -> None:
    """Mark a view we cannot decorate (Flask's static files, an extension's) as public."""
    app.extensions.setdefault("public_endpoints", set()).add(endpoint)


def required_permission(app, endpoint: str):
    """(marked, permission) for an endpoint: permission None means public."""
    if endpoint in app.extensions.get("public_endpoints", set()):
        return True, None
    view = app.view_functions[endpoint]
    view_class = getattr(view, "view_class", None)
    if view_class is not None:  # MethodView (API): every method must be marked
        perms = {}
        for method in view_class.methods or ():
            fn = getattr(view_class, method.lower())
            perms[method] = getattr(fn, "required_permission", "unmarked")
        return True, perms
    if not hasattr(view, "required_permission"):
        return False, None
    return True, view.required_permission
