"""Sign-up, login, password reset, tokens and the account page, as users meet them."""
import re

from techfest.accounts.models import ApiToken, Organisation, User
from techfest.core.db import db
from tests.conftest import csrf_from
from tests.factories import PASSWORD, make_edition, make_org, make_user

SIGNUP = {"name": "Trần Văn Đức", "email": "Duc.Tran@Example.VN", "password": "mat-khau-dai", "password2": "mat-khau-dai",
          "org_name": "Công ty CP Điện tử Hải Phòng", "org_type": "company", "country": "VN",
          "website": "https://dientu.example.vn"}


def test_exhibitor_signs_up_and_gets_the_exhibitor_role_in_the_open_edition(browser):
    edition = make_edition(slug="hp", status="open")
    resp = browser.post_form("/signup", SIGNUP)
    assert resp.status_code == 200
    assert "Trần Văn Đức" in resp.get_data(as_text=True)  # logged in, name in the menu
    user = db.session.scalar(db.select(User))
    assert user.email == "duc.tran@example.vn"
    assert user.password_hash != "mat-khau-dai" and user.password_hash.startswith("pbkdf2:")
    assert user.organisation.name == "Công ty CP Điện tử Hải Phòng"
    from techfest.accounts.services import roles_for_user

    assert roles_for_user(user, edition) == {"exhibitor"}


def test_signup_with_a_taken_email_in_other_case_keeps_the_form_and_says_why(browser):
    make_user("duc.tran@example.vn")
    resp = browser.post_form("/signup", SIGNUP)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert 'value="Công ty CP Điện tử Hải Phòng"' in html
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(Organisation)) == 0


def test_signup_with_mismatched_passwords_is_refused(browser):
    resp = browser.post_form("/signup", {**SIGNUP, "password2": "khac-hoan-toan"})
    assert resp.status_code == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0


def test_email_is_unique_whatever_the_case_in_the_database(app):
    import pytest
    from sqlalchemy.exc import IntegrityError

    make_user("an@example.vn")
    db.session.add(User(email="an@example.vn", name="x", name_folded="x", password_hash="x"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_login_is_case_insensitive_and_logout_works(browser):
    make_user("an@example.vn", name="Nguyễn Văn An")
    resp = browser.login("AN@Example.vn")
    assert "Nguyễn Văn An" in resp.get_data(as_text=True)
    resp = browser.logout()
    assert "Nguyễn Văn An" not in resp.get_data(as_text=True)


def test_wrong_password_shows_an_error_and_does_not_log_in(browser):
    make_user("an@example.vn")
    resp = browser.post_form("/login", {"email": "an@example.vn", "password": "sai-mat-khau"})
    assert resp.status_code == 422
    assert browser.get("/account").status_code == 302


def test_disabled_account_cannot_log_in(browser):
    make_user("an@example.vn", active=False)
    resp = browser.post_form("/login", {"email": "an@example.vn", "password": PASSWORD})
    assert resp.status_code == 422


def test_login_is_rate_limited(browser):
    make_user("an@example.vn")
    page = browser.get("/login").get_data(as_text=True)
    token = csrf_from(page)
    codes = [browser.client.post("/login", data={"csrf_token": token, "email": "an@example.vn", "password": "sai"}).status_code
             for _ in range(12)]
    assert codes[:10] == [422] * 10
    assert codes[10:] == [429, 429]


def test_login_redirects_to_next_but_never_off_site(browser):
    make_user("an@example.vn")
    page = browser.get("/login?next=//evil.example/x")
    resp = browser.client.post("/login?next=//evil.example/x", data={
        "csrf_token": csrf_from(page.get_data(as_text=True)), "email": "an@example.vn", "password": PASSWORD})
    assert resp.status_code == 302
    assert "evil" not in resp.headers["Location"]


def test_organizer_lands_on_the_dashboard_of_the_current_edition(browser):
    edition = make_edition(slug="hp", status="live")
    make_user("org@example.vn", role="organizer", edition=edition)
    page = browser.get("/login")
    resp = browser.client.post("/login", data={"csrf_token": csrf_from(page.get_data(as_text=True)),
                                               "email": "org@example.vn", "password": PASSWORD})
    assert resp.headers["Location"].endswith("/editions/hp/manage")


def _reset_link(outbox):
    assert len(outbox) == 1
    body = outbox[0].get_content()
    return re.search(r"http://localhost(/password/reset/\S+)", body).group(1)


def test_password_reset_by_emailed_link_works_once(browser, outbox):
    make_user("an@example.vn")
    resp = browser.post_form("/password/forgot", {"email": "AN@example.vn"})
    assert resp.status_code == 200
    link = _reset_link(outbox)
    resp = browser.post_form(link, {"password": "mat-khau-moi-123", "password2": "mat-khau-moi-123"})
    assert resp.status_code == 200
    browser.login("an@example.vn", "mat-khau-moi-123")
    browser.logout()
    # the link is single-use: the password it was issued for no longer exists
    resp = browser.get(link)
    assert resp.status_code == 302 and "/password/forgot" in resp.headers["Location"]


def test_password_reset_for_unknown_address_answers_the_same_and_sends_nothing(browser, outbox):
    resp = browser.post_form("/password/forgot", {"email": "nobody@example.vn"})
    assert resp.status_code == 200
    assert outbox == []


def test_expired_or_forged_reset_link_is_refused(app, browser, outbox):
    user = make_user("an@example.vn")
    from techfest.accounts.services import make_reset_token, user_for_reset_token

    token = make_reset_token(user)
    assert user_for_reset_token(token + "x") is None
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    try:
        assert user_for_reset_token(token) is None
    finally:
        app.config["PASSWORD_RESET_MAX_AGE"] = 3600


def test_api_token_created_in_the_ui_is_shown_once_stored_hashed_and_revocable(browser, api):
    make_user("an@example.vn")
    browser.login("an@example.vn")
    html = browser.post_form("/account/tokens", {"name": "Điện thoại cổng 1"}).get_data(as_text=True)
    token = re.search(r'id="new-token">(tfp_[^<]+)<', html).group(1)
    row = db.session.scalar(db.select(ApiToken))
    assert token not in (row.token_hash, row.prefix)
    assert api.get("/api/v1/me", token=token).json["email"] == "an@example.vn"
    assert token not in browser.get("/account/tokens").get_data(as_text=True)
    browser.post_form("/account/tokens", {}, action=f"/account/tokens/{row.id}/revoke")
    assert api.get("/api/v1/me", token=token).status_code == 401


def test_user_cannot_revoke_someone_elses_token(browser, api):
    other = make_user("other@example.vn")
    from tests.factories import make_token

    token = make_token(other)
    row = db.session.scalar(db.select(ApiToken))
    make_user("an@example.vn")
    browser.login("an@example.vn")
    resp = browser.post_form("/account/tokens", {}, action=f"/account/tokens/{row.id}/revoke", follow_redirects=False)
    assert resp.status_code == 404
    assert api.get("/api/v1/me", token=token).status_code == 200


def test_member_edits_the_organisation_profile(browser):
    org = make_org("Trường Đại học Hàng hải Việt Nam", type="university")
    make_user("an@example.vn", org=org)
    browser.login("an@example.vn")
    page = browser.get("/account").get_data(as_text=True)
    resp = browser.client.post("/account", data={
        "org-csrf_token": csrf_from(page), "org-name": "Trường ĐH Hàng hải Việt Nam", "org-type": "university",
        "org-country": "VN", "org-website": "https://vimaru.edu.vn", "org-submit": "1"}, follow_redirects=True)
    assert resp.status_code == 200
    db.session.refresh(org)
    assert org.name == "Trường ĐH Hàng hải Việt Nam" and org.website == "https://vimaru.edu.vn"


def test_admin_disables_an_account(browser):
    make_user("admin@example.vn", is_admin=True)
    target = make_user("an@example.vn", name="Nguyễn Văn An")
    browser.login("admin@example.vn")
    browser.post_form("/admin/users", {"active": "0"}, action=f"/admin/users/{target.id}/active")
    db.session.refresh(target)
    assert target.active is False
