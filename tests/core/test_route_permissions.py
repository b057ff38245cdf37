"""Walk every registered route as each role and as an anonymous visitor.

The tables say, for every endpoint, who may use it: the foundation's below, and each domain's
in ``tests/<domain>/routes.py`` (a dict ``EXPECTED`` built from the sets in
``tests/route_roles.py``). A new route must be listed (the test fails otherwise), and every
view must carry @require or @public. ``VALUES`` in those modules supply URL arguments.
"""
import importlib
import pkgutil
import re

import pytest

import tests
from techfest.core.auth import required_permission
from tests.factories import make_edition, make_token, make_user
from tests.route_roles import ADMIN, ANY_ORGANIZER, LOGGED_IN, ORGANIZER, PUBLIC, ROLES

EXPECTED = {
    "static": PUBLIC,
    "bootstrap.static": PUBLIC,
    "set_language": PUBLIC,
    "healthz": PUBLIC,
    "editions.home": PUBLIC,
    "editions.index": PUBLIC,
    "editions.show": PUBLIC,
    "editions.manage_list": ANY_ORGANIZER,
    "editions.create": ANY_ORGANIZER,
    "editions.dashboard": ORGANIZER,
    "editions.edit": ORGANIZER,
    "editions.transition": ORGANIZER,
    "editions.people": ORGANIZER,
    "editions.remove_role": ORGANIZER,
    "accounts.login": PUBLIC,
    "accounts.logout": LOGGED_IN,
    "accounts.signup": PUBLIC,
    "accounts.forgot_password": PUBLIC,
    "accounts.reset_password": PUBLIC,
    "accounts.account": LOGGED_IN,
    "accounts.tokens": LOGGED_IN,
    "accounts.revoke_token": LOGGED_IN,
    "accounts.users": ADMIN,
    "accounts.set_active": ADMIN,
    "accounts.add_member": LOGGED_IN,
    "api-docs.openapi_json": PUBLIC,
    # API: (endpoint, method)
    ("editions_api.Editions", "GET"): PUBLIC,
    ("editions_api.Editions", "POST"): ANY_ORGANIZER,
    ("editions_api.Edition", "GET"): PUBLIC,
    ("editions_api.Edition", "PATCH"): ORGANIZER,
    ("editions_api.EditionTransition", "POST"): ORGANIZER,
    ("accounts_api.Me", "GET"): LOGGED_IN,
}
EXTRA_VALUES: dict = {}
SETUPS = []
for _info in pkgutil.iter_modules(tests.__path__):
    if not _info.ispkg:
        continue
    try:
        _mod = importlib.import_module(f"tests.{_info.name}.routes")
    except ModuleNotFoundError:
        continue
    EXPECTED.update(_mod.EXPECTED)
    EXTRA_VALUES.update(getattr(_mod, "VALUES", {}))
    if hasattr(_mod, "setup"):
        SETUPS.append(_mod.setup)

# Pages whose public answer is a redirect for everyone (e.g. login while logged in).
REDIRECT_OK = {"set_language", "accounts.reset_password", "accounts.login", "accounts.signup", "accounts.logout"}


@pytest.fixture
def world(app):
    edition = make_edition(slug="hp", status="live")
    other = make_edition(slug="other", status="open")
    users = {
        "attendee": make_user("attendee@example.vn", role="attendee", edition=edition),
        "exhibitor": make_user("exhibitor@example.vn", role="exhibitor", edition=edition),
        "judge": make_user("judge@example.vn", role="judge", edition=edition),
        "checkin": make_user("checkin@example.vn", role="checkin", edition=edition),
        "organizer": make_user("organizer@example.vn", role="organizer", edition=edition),
        "other_organizer": make_user("other@example.vn", role="organizer", edition=other),
        "admin": make_user("admin@example.vn", is_admin=True),
    }
    tokens = {role: make_token(user) for role, user in users.items()}
    values = {"slug": "hp", "code": "en", "token": "not-a-valid-token", "filename": "css/app.css",
              "token_id": 999, "user_id": users["attendee"].id, "role": "attendee", **EXTRA_VALUES}
    for setup in SETUPS:  # a domain's setup(edition, users) may create rows and return URL values
        values.update(setup(edition, users) or {})
    return users, tokens, values


def _url(rule, values):
    def sub(match):
        return str(values[match.group(1)])
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", sub, rule.rule)


def test_every_view_is_marked_and_listed(app):
    seen = set()
    for rule in app.url_map.iter_rules():
        marked, perm = required_permission(app, rule.endpoint)
        assert marked, f"{rule.endpoint} has neither @require nor @public"
        if isinstance(perm, dict):
            for method, p in perm.items():
                assert p != "unmarked", f"{rule.endpoint} {method} has neither @require nor @public"
                seen.add((rule.endpoint, method))
        else:
            seen.add(rule.endpoint)
    assert seen == set(EXPECTED), f"update EXPECTED: missing {seen - set(EXPECTED)}, stale {set(EXPECTED) - seen}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_on_every_route(app, client, world, role):
    users, tokens, values = world
    app.config["WTF_CSRF_ENABLED"] = False  # permissions are checked, not forms
    try:
        if role != "anonymous":
            client.post("/login", data={"email": users[role].email, "password": "mat-khau-an-toan"})
        failures = []
        for rule in app.url_map.iter_rules():
            url = _url(rule, values)
            is_api = rule.rule.startswith("/api/")
            marked, perm = required_permission(app, rule.endpoint)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                key = (rule.endpoint, method) if isinstance(perm, dict) else rule.endpoint
                allowed = role in EXPECTED[key]
                headers = {"Authorization": f"Bearer {tokens[role]}"} if is_api and role != "anonymous" else {}
                kwargs = {"json": {}} if is_api and method != "GET" else {}
                if rule.endpoint in ("accounts.logout",):
                    continue  # would end the session mid-walk; covered in test_accounts
                resp = client.open(url, method=method, headers=headers, **kwargs)
                code = resp.status_code
                to_login = code == 302 and "/login" in resp.headers.get("Location", "")
                if allowed:
                    ok = code not in (401, 403) and not (to_login and rule.endpoint not in REDIRECT_OK) and code < 500
                elif role == "anonymous":
                    ok = (code == 401) if is_api else to_login
                else:
                    ok = code == 403
                if not ok:
                    failures.append(f"{method} {url} as {role}: {code} (allowed={allowed})")
        assert not failures, "\n".join(failures)
    finally:
        app.config["WTF_CSRF_ENABLED"] = True
