"""The organisation profile on the account page: contact, address, descriptions and logo."""
import io

from techfest.accounts.models import Organisation
from techfest.core.db import db
from tests.conftest import csrf_from
from tests.factories import make_org, make_user
from tests.submissions.factories import exe_bytes, image_bytes

BASE = {"org-name": "Trường Đại học Hàng hải Việt Nam", "org-type": "university", "org-country": "VN",
        "org-website": "https://vimaru.edu.vn", "org-contact_name": "TS. Phạm Thị Hồng Nhung",
        "org-phone": "+84 225 3829 109", "org-address": "484 Lạch Tray, quận Lê Chân, Hải Phòng",
        "org-description": "Trường đại học hàng đầu về hàng hải.", "org-description_en": "Leading maritime university.",
        "org-submit": "1"}


def _post(browser, data):
    token = csrf_from(browser.get("/account").get_data(as_text=True))
    return browser.client.post("/account", data={"org-csrf_token": token, **data}, follow_redirects=True)


def test_member_fills_in_the_profile_and_uploads_a_logo(browser, client):
    org = make_org("Trường Đại học Hàng hải Việt Nam", type="university")
    make_user("nhung@vimaru.example.vn", org=org)
    browser.login("nhung@vimaru.example.vn")
    resp = _post(browser, {**BASE, "org-logo": (io.BytesIO(image_bytes("PNG", size=(300, 120))), "logo.png")})
    assert resp.status_code == 200
    db.session.refresh(org)
    assert org.contact_name == "TS. Phạm Thị Hồng Nhung" and org.phone == "+84 225 3829 109"
    assert org.address.startswith("484 Lạch Tray") and org.description_en == "Leading maritime university."
    assert org.logo_key and org.logo_ext == "png"
    logo = client.get(f"/media/logos/{org.logo_key}")
    assert logo.status_code == 200 and logo.headers["Content-Type"] == "image/png"
    html = browser.get("/account").get_data(as_text=True)
    assert f"/media/logos/{org.logo_key}" in html and 'value="TS. Phạm Thị Hồng Nhung"' in html
    # replacing the logo removes the old file; removing it clears it
    old = org.logo_key
    _post(browser, {**BASE, "org-logo": (io.BytesIO(image_bytes("WEBP")), "moi.webp")})
    db.session.refresh(org)
    assert org.logo_key != old and org.logo_ext == "webp"
    assert client.get(f"/media/logos/{old}").status_code == 404
    _post(browser, {**BASE, "org-remove_logo": "y"})
    db.session.refresh(org)
    assert org.logo_key == ""


def test_a_logo_that_is_not_an_image_is_refused_and_the_typed_values_are_kept(browser):
    org = make_org("Trường Đại học Hàng hải Việt Nam", type="university")
    make_user("nhung@vimaru.example.vn", org=org)
    browser.login("nhung@vimaru.example.vn")
    token = csrf_from(browser.get("/account").get_data(as_text=True))
    resp = browser.client.post("/account?lang=en", data={
        "org-csrf_token": token, **BASE, "org-logo": (io.BytesIO(exe_bytes()), "logo.png")})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "The logo must be a JPEG, PNG or WebP image." in html
    assert 'value="TS. Phạm Thị Hồng Nhung"' in html
    db.session.refresh(org)
    assert org.contact_name == "" and org.logo_key == ""


def test_a_bad_phone_number_is_refused(browser):
    org = make_org("Công ty A")
    make_user("a@example.vn", org=org)
    browser.login("a@example.vn")
    token = csrf_from(browser.get("/account").get_data(as_text=True))
    resp = browser.client.post("/account", data={"org-csrf_token": token, **BASE, "org-name": "Công ty A",
                                                 "org-phone": "gọi tôi"})
    assert resp.status_code == 422
    assert db.session.get(Organisation, org.id).phone == ""
