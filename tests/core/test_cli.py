"""`flask techfest ...`: demo, create-admin, create-user, create-token."""
import pytest

from techfest.accounts.models import EditionRole, Organisation, User
from techfest.core.db import db
from techfest.editions.models import Edition
from tests.factories import make_edition


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()

    def _run(*args):
        return runner.invoke(args=["techfest", *args])

    return _run


def _counts():
    return tuple(db.session.scalar(db.select(db.func.count()).select_from(m)) for m in (Edition, User, Organisation, EditionRole))


def test_demo_loads_a_live_current_edition_and_archived_history_and_is_idempotent(run, client):
    result = run("demo")
    assert result.exit_code == 0, result.output
    assert "organizer@techfest.example" in result.output and "techfest-demo" in result.output
    first = _counts()
    assert run("demo").exit_code == 0
    assert _counts() == first
    editions = db.session.scalars(db.select(Edition).order_by(Edition.year)).all()
    assert [e.year for e in editions][:6] == [2018, 2019, 2020, 2021, 2022, 2023]
    assert [e.status for e in editions[:6]] == ["archived"] * 6
    current = editions[-1]
    assert current.status == "live"
    from techfest.demo import today_local

    assert current.start_date == today_local()
    # the organizer logs in with the printed account and lands on the dashboard
    from tests.conftest import csrf_from

    token = csrf_from(client.get("/login").get_data(as_text=True))
    resp = client.post("/login", data={"csrf_token": token, "email": "organizer@techfest.example", "password": "techfest-demo"})
    assert resp.headers["Location"].endswith(f"/editions/{current.slug}/manage")
    html = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert current.name in html


def test_create_admin_then_update_it(run):
    assert run("create-admin", "--email", "Boss@Example.vn", "--password", "mat-khau-dai").exit_code == 0
    result = run("create-admin", "--email", "boss@example.vn", "--password", "mat-khau-moi")
    assert result.exit_code == 0 and "updated" in result.output
    users = db.session.scalars(db.select(User)).all()
    assert len(users) == 1 and users[0].is_admin and users[0].email == "boss@example.vn"


def test_create_user_with_role_is_rerunnable(run):
    make_edition(slug="hp-2026", status="open")
    args = ("create-user", "--email", "judge@example.vn", "--password", "mat-khau-dai", "--org", "Trường Đại học Hàng hải",
            "--role", "judge", "--edition", "hp-2026")
    assert run(*args).exit_code == 0
    assert run(*args).exit_code == 0
    assert _counts()[1:] == (1, 1, 1)


@pytest.mark.parametrize("args, message", [
    (("create-user", "--email", "a@example.vn", "--password", "short"), "password"),
    (("create-user", "--email", "a@example.vn", "--password", "mat-khau-dai", "--role", "judge"), "--edition"),
    (("create-user", "--email", "a@example.vn", "--password", "mat-khau-dai", "--role", "judge", "--edition", "nope"), "nope"),
    (("create-token", "--email", "nobody@example.vn"), "nobody@example.vn"),
])
def test_errors_print_one_line_and_exit_non_zero(run, args, message):
    result = run(*args)
    assert result.exit_code != 0
    lines = [l for l in result.output.strip().splitlines() if l.strip()]
    assert len(lines) == 1 and message in lines[0]


def test_create_token_prints_a_working_token_on_the_last_line(run, api):
    run("create-admin", "--email", "boss@example.vn", "--password", "mat-khau-dai")
    result = run("create-token", "--email", "boss@example.vn")
    token = result.output.strip().splitlines()[-1]
    assert api.get("/api/v1/me", token=token).json["is_admin"] is True
