"""Personal data: notice, export, erasure (counts kept, personal data gone), purge, audit, permissions."""
from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from techfest.core.db import db
from techfest.core.errors import PermissionDenied
from techfest.privacy import services
from techfest.privacy.models import PrivacyAudit, PrivacySettings
from tests.factories import make_edition, make_token, make_user
from tests.registration.factories import make_registration

A_NAME, A_EMAIL, A_PHONE = "Lê Minh Đức", "le.minh.duc@example.vn", "0912 345 678"
B_NAME, B_EMAIL = "Kim Min-jun 김민준", "minjun.kim@example.kr"


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def people(edition, organizer):
    """Person A: account (judge with submitted scores), registration with one check-in. Person B:
    a registration with a check-in, no account."""
    from techfest.checkin import services as checkin
    from tests.checkin.factories import make_point, token_for
    from tests.judging.factories import make_published_round

    a = make_user(A_EMAIL, name=A_NAME, role="judge", edition=edition)
    judging = make_published_round(edition, a, organizer)
    reg_a = make_registration(edition, name=A_NAME, email=A_EMAIL, phone=A_PHONE, organisation="Trường ĐH Hàng hải")
    reg_b = make_registration(edition, name=B_NAME, email=B_EMAIL, phone="010 1234 5678")
    staff = make_user("soatve@example.vn", name="Đỗ Văn Soát", role="checkin", edition=edition)
    make_point(edition, "GATE-P", staff=[staff], actor=organizer)
    for i, reg in enumerate((reg_a, reg_b)):
        answer = checkin.check_in(staff, {"token": token_for(reg), "point": "GATE-P", "nonce": f"n-{i}"})
        assert answer["status"] == "ok", answer
    return {"a": a, "reg_a": reg_a, "reg_b": reg_b, "judging": judging, "token_a": token_for(reg_a)}


def _all_text() -> str:
    """Every value of every row of every table, as one string (to search for personal data)."""
    db.session.expire_all()
    parts = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)).all():
            parts.extend(json.dumps(v, ensure_ascii=False, default=str) for v in row)
    return "\n".join(parts)


def _counts():
    from techfest.checkin.models import Checkin, Scan
    from techfest.judging.models import Score
    from techfest.registration.models import Registration

    return {"registrations": _count(Registration), "checkins": _count(Checkin), "scans": _count(Scan),
            "scores": _count(Score)}


# --- notice ---------------------------------------------------------------------------------

def test_privacy_notice_default_then_edited_by_the_organizer(browser, edition, organizer):
    page = browser.get(f"/editions/{edition.slug}/privacy").get_data(as_text=True)
    assert "Nghị định 13/2023/NĐ-CP" in page

    browser.login(organizer.email)
    url = f"/editions/{edition.slug}/manage/privacy"
    bad = browser.post_form(url, {"notice_vi": "Thông báo riêng", "notice_en": "", "retention_months": "0"})
    assert bad.status_code == 422
    assert "Thông báo riêng" in bad.get_data(as_text=True)  # input kept
    assert services.settings_for(edition) is None

    ok = browser.post_form(url, {"notice_vi": "Dữ liệu của quý khách được lưu 12 tháng.",
                                 "notice_en": "Your data is kept for 12 months.", "retention_months": "12"})
    assert ok.status_code == 200
    assert db.session.scalar(select(PrivacySettings.retention_months)) == 12
    assert "Dữ liệu của quý khách được lưu 12 tháng." in browser.get(f"/editions/{edition.slug}/privacy").get_data(as_text=True)
    assert _count(PrivacyAudit, PrivacyAudit.action == "settings_changed") == 1


# --- export ---------------------------------------------------------------------------------

def test_my_data_export_holds_my_data_and_nobody_elses(browser, people):
    browser.login(A_EMAIL)
    page = browser.get("/account/data").get_data(as_text=True)
    assert A_NAME in page and A_PHONE in page and B_NAME not in page

    resp = browser.get("/account/data/export.json")
    assert resp.status_code == 200
    assert "attachment" in resp.headers["Content-Disposition"]
    text = resp.get_data(as_text=True)
    data = json.loads(text)
    assert data["account"]["email"] == A_EMAIL
    assert [r["phone"] for r in data["registrations"]] == [A_PHONE]
    assert len(data["registrations"][0]["checkins"]) == 1
    assert {r["role"] for r in data["roles"]} == {"judge"}
    assert data["judging_scores"] and all(s["value"] == 8 for s in data["judging_scores"])
    assert B_NAME not in text and B_EMAIL not in text and "010 1234 5678" not in text


def test_badge_code_export_for_a_registration_without_account(client, people):
    reg_b = people["reg_b"]
    resp = client.get(f"/badge/{reg_b.access_code}/data.json")
    assert resp.status_code == 200
    text = resp.get_data(as_text=True)
    assert B_EMAIL in text and "김민준" in text
    assert A_EMAIL not in text and A_NAME not in text
    assert client.get("/badge/khong-co-ma-nay/data.json").status_code == 404


# --- erasure --------------------------------------------------------------------------------

def test_user_erases_own_data_counts_stay_personal_data_gone(browser, api, edition, people):
    from techfest.registration.services import verify_badge

    token = make_token(people["a"])
    before = _counts()
    browser.login(A_EMAIL)
    # Without the confirmation box nothing happens.
    resp = browser.post_form("/account/data/erase", {})
    assert resp.status_code == 422
    assert A_EMAIL in _all_text()

    resp = browser.post_form("/account/data/erase", {"confirm": "y"})
    assert resp.status_code == 200
    assert _counts() == before
    everything = _all_text()
    for secret in (A_NAME, A_EMAIL, A_PHONE, "Trường ĐH Hàng hải"):
        assert secret not in everything, secret
    assert B_NAME in everything and B_EMAIL in everything  # the other person is untouched
    assert verify_badge(people["token_a"], edition).status == "revoked"
    assert api.get("/api/v1/me", token=token).status_code == 401
    login = browser.client.post("/login", data={"email": A_EMAIL, "password": "mat-khau-an-toan"})
    assert "/account" not in login.headers.get("Location", "")
    assert browser.get("/account/data").status_code == 302  # logged out
    # Results stay as they were: the published round still lists its score.
    from techfest.judging.models import Score
    assert set(db.session.scalars(select(Score.value))) == {8}


def test_organizer_erases_a_registration_and_the_action_is_logged(browser, edition, organizer, people):
    reg_b = people["reg_b"]
    before = _counts()
    browser.login(organizer.email)
    page = f"/editions/{edition.slug}/manage/privacy?q=minjun"
    listing = browser.get(page).get_data(as_text=True)
    assert B_NAME in listing and A_NAME not in listing
    action = f"/editions/{edition.slug}/manage/privacy/registrations/{reg_b.id}/erase"
    refused = browser.post_form(page, {}, action=action)
    assert "Please confirm" in refused.get_data(as_text=True) or "xác nhận" in refused.get_data(as_text=True)
    assert B_EMAIL in _all_text()

    export = browser.get(f"/editions/{edition.slug}/manage/privacy/registrations/{reg_b.id}/export.json")
    assert B_EMAIL in export.get_data(as_text=True)
    browser.post_form(page, {"confirm": "yes"}, action=action)
    assert _counts() == before
    everything = _all_text()
    assert B_NAME not in everything and B_EMAIL not in everything and "010 1234 5678" not in everything
    assert A_EMAIL in everything
    actions = set(db.session.execute(select(PrivacyAudit.action, PrivacyAudit.target, PrivacyAudit.actor_id)).all())
    assert ("export", f"registration {reg_b.id}", organizer.id) in actions
    assert ("erase", f"registration {reg_b.id}", organizer.id) in actions
    log_page = browser.get(f"/editions/{edition.slug}/manage/privacy").get_data(as_text=True)
    assert f"registration {reg_b.id}" in log_page and organizer.name in log_page


@pytest.mark.parametrize("role", ["attendee", "exhibitor"])
def test_others_cannot_erase_or_export_someone_else(browser, edition, people, role):
    reg_b = people["reg_b"]
    user = make_user(f"{role}-p@example.vn", role=role, edition=edition)
    browser.login(user.email)
    base = f"/editions/{edition.slug}/manage/privacy"
    assert browser.get(f"{base}/registrations/{reg_b.id}/export.json").status_code == 403
    assert browser.get(base).status_code == 403
    page = browser.get("/account/data")  # a page with a CSRF token
    from tests.conftest import csrf_from
    resp = browser.client.post(f"{base}/registrations/{reg_b.id}/erase",
                               data={"csrf_token": csrf_from(page.get_data(as_text=True)), "confirm": "yes"})
    assert resp.status_code == 403
    with pytest.raises(PermissionDenied):
        services.erase_person(user, user=people["a"])
    with pytest.raises(PermissionDenied):
        services.erase_person(user, registration=reg_b)
    with pytest.raises(PermissionDenied):
        services.export_user(user, people["a"])
    # Their own "My data" shows only themselves.
    assert B_EMAIL not in page.get_data(as_text=True) and A_EMAIL not in page.get_data(as_text=True)
    assert B_EMAIL in _all_text()


# --- retention purge ------------------------------------------------------------------------

def _purge_world():
    old = make_edition(slug="hp-2023", year=2023, start_date=date(2023, 11, 22), status="archived")
    recent = make_edition(slug="hp-next", year=2026, start_date=date(2026, 11, 25), status="live")
    for ed, months in ((old, 12), (recent, 12)):
        db.session.add(PrivacySettings(edition_id=ed.id, retention_months=months))
    db.session.commit()
    olds = [make_registration(old, name=f"Khách cũ {i}", email=f"cu{i}@example.vn") for i in range(3)]
    new = make_registration(recent, name="Khách mới", email="moi@example.vn")
    return old, recent, olds, new


def test_purge_dry_run_changes_nothing_and_apply_anonymises_only_eligible(app):
    old, recent, olds, new = _purge_world()
    runner = app.test_cli_runner()
    before = _all_text()
    dry = runner.invoke(args=["techfest", "purge", "--edition", "hp-2023"])
    assert dry.exit_code == 0, dry.output
    assert "3 registrations" in dry.output and "nothing changed" in dry.output
    assert _all_text() == before

    refused = runner.invoke(args=["techfest", "purge", "--edition", "hp-next", "--apply"])
    assert refused.exit_code != 0
    assert "not over" in refused.output and len(refused.output.strip().splitlines()) == 1
    assert "moi@example.vn" in _all_text()

    done = runner.invoke(args=["techfest", "purge", "--edition", "hp-2023", "--apply"])
    assert done.exit_code == 0, done.output
    everything = _all_text()
    assert all(f"cu{i}@example.vn" not in everything for i in range(3))
    assert "Khách cũ" not in everything
    assert "moi@example.vn" in everything and "Khách mới" in everything
    assert _count(PrivacyAudit, PrivacyAudit.action == "purge", PrivacyAudit.edition_id == old.id) == 1


def test_purge_refuses_without_retention_period(app):
    ed = make_edition(slug="hp-2019", year=2019, start_date=date(2019, 11, 20), status="archived")
    make_registration(ed, name="Khách 2019", email="k2019@example.vn")
    result = app.test_cli_runner().invoke(args=["techfest", "purge", "--edition", "hp-2019", "--apply"])
    assert result.exit_code != 0 and "no retention period" in result.output
    assert "k2019@example.vn" in _all_text()
    unknown = app.test_cli_runner().invoke(args=["techfest", "purge", "--edition", "khong-co"])
    assert unknown.exit_code != 0
