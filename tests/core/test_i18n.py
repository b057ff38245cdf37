"""Vietnamese by default, English on request; catalog complete; locale-aware formatting."""
from pathlib import Path

from babel.messages.pofile import read_po

from tests.conftest import csrf_from
from tests.factories import make_edition

ROOT = Path(__file__).resolve().parents[2]


def test_pages_are_vietnamese_by_default_and_switch_to_english(client):
    make_edition(slug="hp", status="live")
    html = client.get("/", headers={"Accept-Language": "en-US,en"}).get_data(as_text=True)
    assert 'lang="vi"' in html and "Đăng nhập" in html
    token = csrf_from(html)
    resp = client.post("/lang/en", data={"csrf_token": token, "next": "/login"})
    assert resp.status_code == 302 and resp.headers["Location"] == "/login"
    html = client.get("/login").get_data(as_text=True)
    assert 'lang="en"' in html and "Log in" in html and "Đăng nhập" not in html


def test_language_switch_refuses_off_site_redirects(client):
    token = csrf_from(client.get("/").get_data(as_text=True))
    resp = client.post("/lang/en", data={"csrf_token": token, "next": "https://evil.example/"})
    assert resp.headers["Location"] == "/"


def test_query_parameter_forces_a_language_for_shared_links(client):
    assert "Log in" in client.get("/login?lang=en").get_data(as_text=True)


def test_dates_are_formatted_per_locale(client):
    make_edition(slug="hp", status="live", name="Techfest Hải Phòng 2026")
    from datetime import date

    make_edition(slug="hp2", status="archived", year=2025, start_date=date(2025, 11, 25))
    vi = client.get("/editions/hp2").get_data(as_text=True)
    en = client.get("/editions/hp2?lang=en").get_data(as_text=True)
    assert "25 tháng 11, 2025" in vi
    assert "November 25, 2025" in en


def test_form_errors_are_translated(client):
    token = csrf_from(client.get("/signup").get_data(as_text=True))
    html = client.post("/signup", data={"csrf_token": token}).get_data(as_text=True)
    assert "Trường này là bắt buộc." in html
    token = csrf_from(client.get("/signup?lang=en").get_data(as_text=True))
    html = client.post("/signup?lang=en", data={"csrf_token": token}).get_data(as_text=True)
    assert "This field is required." in html


def test_vietnamese_catalog_translates_every_message_in_the_code(tmp_path):
    pot = tmp_path / "messages.pot"
    import os

    from babel.messages.frontend import CommandLineInterface

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        CommandLineInterface().run(["pybabel", "-q", "extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext",
                                    "-k", "_ln:1,2", "-k", "lazy_ngettext:1,2", "-o", str(pot), "."])
    finally:
        os.chdir(cwd)
    wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(pot.open("rb")) if m.id}
    with (ROOT / "techfest/translations/vi/LC_MESSAGES/messages.po").open("rb") as f:
        vi = read_po(f)
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in vi if m.id and m.string and not m.fuzzy
                  and (m.string if isinstance(m.string, str) else all(m.string))}
    assert wanted - translated == set(), "run `make update-messages` and translate the new strings"
    # the catalog compiles: Babel's checks (placeholders, python-format) find nothing
    problems = [(m.id, [str(e) for e in errors]) for m, errors in vi.check() if errors]
    assert problems == []
    # placeholders survive translation
    for m in vi:
        if m.id and isinstance(m.id, str):
            import re

            assert set(re.findall(r"%\(\w+\)[sd]", m.id)) == set(re.findall(r"%\(\w+\)[sd]", m.string)), m.id


def test_translations_work_outside_a_request(app):
    """Services called from the CLI or a background job may build translated messages."""
    from flask_babel import gettext

    assert gettext("Log in") == "Đăng nhập"


def test_api_errors_are_english_unless_vietnamese_is_asked_for(client):
    assert client.get("/api/v1/editions/khong-co").json["error"] == "edition not found"
    resp = client.get("/api/v1/editions?per_page=0", headers={"Accept-Language": "vi"})
    assert resp.status_code == 422
