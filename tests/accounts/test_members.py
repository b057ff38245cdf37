"""An organisation's data is shared by its members only: strangers cannot join by typing its name."""
import re

from techfest.accounts.models import User
from techfest.core.db import db
from tests.factories import make_edition, make_org, make_user

SIGNUP = {"name": "Kẻ Lạ", "email": "stranger@example.vn", "password": "mat-khau-dai", "password2": "mat-khau-dai",
          "org_type": "company", "country": "VN", "website": ""}


def test_signing_up_with_an_existing_organisation_name_is_refused(browser):
    make_org("Công ty CP Điện tử Hải Phòng")
    resp = browser.post_form("/signup", {**SIGNUP, "org_name": "CONG TY CP DIEN TU HAI PHONG"})
    assert resp.status_code == 422
    assert "Ask one of its members to add you" in resp.get_data(as_text=True) or \
        "Hãy đề nghị một thành viên" in resp.get_data(as_text=True)
    assert db.session.scalar(db.select(User).where(User.email == "stranger@example.vn")) is None


def test_a_member_adds_a_colleague_who_sets_a_password_by_mail(browser, outbox):
    make_edition(slug="hp", status="open")
    org = make_org("Công ty CP Điện tử Hải Phòng")
    make_user("an@example.vn", org=org)
    browser.login("an@example.vn")
    resp = browser.post_form("/account", {"member-name": "Trần Thị Bình", "member-email": "binh@example.vn"},
                             action="/account/members")
    assert "Trần Thị Bình" in resp.get_data(as_text=True)
    colleague = db.session.scalar(db.select(User).where(User.email == "binh@example.vn"))
    assert colleague.organisation_id == org.id
    link = re.search(r"http://localhost(/password/reset/\S+)", outbox[-1].get_content()).group(1)
    browser.logout()
    browser.post_form(link, {"password": "mat-khau-binh", "password2": "mat-khau-binh"})
    browser.login("binh@example.vn", "mat-khau-binh")


def test_a_member_cannot_pull_in_someone_from_another_organisation(browser):
    mine, theirs = make_org("Tổ chức A"), make_org("Tổ chức B")
    make_user("an@example.vn", org=mine)
    other = make_user("b@example.vn", org=theirs)
    browser.login("an@example.vn")
    browser.post_form("/account", {"member-name": "B", "member-email": "b@example.vn"}, action="/account/members")
    db.session.refresh(other)
    assert other.organisation_id == theirs.id
