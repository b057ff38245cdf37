"""The edition's logo: organizers upload, replace and remove it on the edition form; it shows on
the edition page, on every badge and on the programme cover (the Techfest mark otherwise)."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from techfest.core.db import db
from techfest.editions import services
from tests.conftest import csrf_from
from tests.factories import make_edition, make_user
from tests.submissions.factories import exe_bytes, image_bytes, oversized_jpeg

LOGO_SIZE = (400, 150)  # under the 480 px thumbnail: the size printed is the size uploaded


@pytest.fixture
def client(app):
    """English interface (messages are asserted in English)."""
    from tests.conftest import IsolatedClient

    app.test_client_class = IsolatedClient
    client = app.test_client()
    with client.session_transaction() as session:
        session["lang"] = "en"
    return client


@pytest.fixture
def edition(app):
    return make_edition(slug="hp", status="live", name="Techfest Hải Phòng 2026")


def _form(edition, **over) -> dict:
    data = {"name": edition.name, "slug": edition.slug, "year": str(edition.year), "city": edition.city,
            "venue": edition.venue, "start_date": edition.start_date.isoformat(),
            "end_date": edition.end_date.isoformat(), "timezone": edition.timezone, "submission_deadline": "",
            "description": edition.description}
    data.update(over)
    return data


def _png(size=LOGO_SIZE) -> bytes:
    return image_bytes("PNG", size=size, color=(200, 32, 38))


def _upload(browser, edition, data: bytes, filename="logo.png", **over):
    form = _form(edition, **over)
    form["logo"] = (io.BytesIO(data), filename)
    return browser.post_form(f"/editions/{edition.slug}/manage/edit", form, follow_redirects=False)


def _as_organizer(browser, edition, email="thuha@example.vn"):
    make_user(email, name="Nguyễn Thị Thu Hà", role="organizer", edition=edition)
    browser.login(email)


def _stored_files(app) -> set[str]:
    """Logo files on disk (the upload folder is shared by the whole test session)."""
    folder = Path(app.config["UPLOAD_DIR"]) / services.LOGO_FOLDER
    return {p.name for p in folder.glob("*")} if folder.is_dir() else set()


def _image_sizes(pdf: bytes, page: int = 0) -> list[tuple[int, int]]:
    """Sizes of the raster images drawn on a page (image XObjects)."""
    return [img.image.size for img in PdfReader(io.BytesIO(pdf)).pages[page].images]


def test_organizer_uploads_a_logo_and_it_shows_on_the_edition_page(app, browser, client, edition):
    _as_organizer(browser, edition)
    resp = _upload(browser, edition, _png())
    assert resp.status_code == 302
    page = browser.get(resp.headers["Location"]).get_data(as_text=True)
    assert "The edition has been saved." in page
    db.session.refresh(edition)
    assert edition.logo_key and edition.logo_ext == "png"
    # the public page shows it, served as a PNG to anyone
    html = client.get("/editions/hp").get_data(as_text=True)
    src = f"/editions/hp/logo/{edition.logo_key}/small"
    assert f'src="{src}"' in html and 'alt="Logo of Techfest Hải Phòng 2026"' in html
    for url in (src, f"/editions/hp/logo/{edition.logo_key}"):
        logo = client.get(url)
        assert logo.status_code == 200 and logo.headers["Content-Type"] == "image/png"
        from PIL import Image

        assert Image.open(io.BytesIO(logo.data)).size == LOGO_SIZE
    # the edit form shows the current logo and offers to remove it
    form_html = browser.get("/editions/hp/manage/edit").get_data(as_text=True)
    assert src in form_html and "Remove the logo?" in form_html


def test_the_logo_is_printed_on_badges_and_on_the_programme_cover(app, browser, client, edition):
    from tests.registration.factories import make_registration

    reg = make_registration(edition, name="Nguyễn Văn Khách", email="khach@example.vn")
    before = client.get(f"/badge/{reg.access_code}/badge.pdf").data
    assert LOGO_SIZE not in _image_sizes(before)  # the built-in Techfest mark is vector art
    cover_before = client.get("/editions/hp/programme.pdf").data
    assert LOGO_SIZE not in _image_sizes(cover_before)

    _as_organizer(browser, edition)
    assert _upload(browser, edition, _png()).status_code == 302
    badge = client.get(f"/badge/{reg.access_code}/badge.pdf").data
    assert LOGO_SIZE in _image_sizes(badge)
    cover = client.get("/editions/hp/programme.pdf").data
    assert LOGO_SIZE in _image_sizes(cover, page=0)  # a new cached programme, with the logo on its cover


def test_a_bulk_print_embeds_the_logo_once_for_all_badges(app, edition, tmp_path):
    from techfest.registration import printing
    from tests.registration.factories import make_registration

    services.set_edition_logo(None, edition, _png())
    for i in range(6):
        make_registration(edition, name=f"Khách số {i}", email=f"k{i}@example.vn")
    out = tmp_path / "badges.pdf"
    assert printing.render_edition_badges(edition, {}, out, layout="sheet") == 6
    reader = PdfReader(str(out))
    assert len(reader.pages) == 2
    logos = set()
    for page in reader.pages:
        xobjects = page["/Resources"]["/XObject"]
        for name in xobjects:
            ref = xobjects.raw_get(name)
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image" and (obj["/Width"], obj["/Height"]) == LOGO_SIZE:
                logos.add(ref.idnum)
    assert len(logos) == 1  # one image object per document, drawn on every badge


@pytest.mark.parametrize("data", [
    exe_bytes(),
    b"%PDF-1.7\n1 0 obj<<>>endobj\n",
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',  # SVG is refused, not embedded
], ids=["exe", "pdf", "svg"])
def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_stored(app, browser, edition, data):
    message = "The logo must be a JPEG, PNG or WebP image."
    _as_organizer(browser, edition)
    files = _stored_files(app)
    resp = _upload(browser, edition, data, filename="logo.png", name="Techfest đổi tên")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert message in html and 'value="Techfest đổi tên"' in html  # the typed name is kept
    db.session.refresh(edition)
    assert edition.logo_key == "" and edition.name == "Techfest Hải Phòng 2026"  # nothing saved
    assert _stored_files(app) == files


def test_an_oversized_logo_is_refused(app, browser, edition):
    _as_organizer(browser, edition)
    files = _stored_files(app)
    resp = _upload(browser, edition, oversized_jpeg(), filename="logo.jpg")
    assert resp.status_code == 422
    assert "The logo is larger than 5 MB." in resp.get_data(as_text=True)
    db.session.refresh(edition)
    assert edition.logo_key == "" and _stored_files(app) == files


def test_a_refused_field_and_a_refused_logo_are_both_reported(app, browser, edition):
    other = make_edition(slug="hp-2025", status="archived")
    _as_organizer(browser, edition)
    files = _stored_files(app)
    resp = _upload(browser, edition, exe_bytes(), slug=other.slug)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "The logo must be a JPEG, PNG or WebP image." in html
    assert "Another edition already uses this short name." in html
    assert _stored_files(app) == files


@pytest.mark.parametrize("who", ["exhibitor", "other_organizer"])
def test_people_who_do_not_organize_the_edition_cannot_upload(app, browser, edition, who):
    if who == "exhibitor":
        make_user("duc@example.vn", role="exhibitor", edition=edition)
    else:
        make_user("duc@example.vn", role="organizer", edition=make_edition(slug="khac", status="open"))
    browser.login("duc@example.vn")
    files = _stored_files(app)
    page = browser.get("/editions/hp")  # any page with a CSRF token
    token = csrf_from(page.get_data(as_text=True))
    resp = browser.client.post("/editions/hp/manage/edit",
                               data={**_form(edition), "csrf_token": token, "logo": (io.BytesIO(_png()), "logo.png")})
    assert resp.status_code == 403
    db.session.refresh(edition)
    assert edition.logo_key == "" and _stored_files(app) == files


def test_anonymous_visitors_are_sent_to_login(app, client, edition):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    resp = client.post("/editions/hp/manage/edit",
                       data={**_form(edition), "csrf_token": token, "logo": (io.BytesIO(_png()), "logo.png")})
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]
    db.session.refresh(edition)
    assert edition.logo_key == ""
    services.set_edition_logo(None, edition, _png())
    resp = client.post("/editions/hp/manage/logo/remove", data={"csrf_token": token})
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]
    db.session.refresh(edition)
    assert edition.logo_key


def test_replacing_the_logo_removes_the_old_file(app, browser, client, edition):
    _as_organizer(browser, edition)
    _upload(browser, edition, _png())
    db.session.refresh(edition)
    old = edition.logo_key
    assert _upload(browser, edition, image_bytes("JPEG", size=(300, 300)), filename="moi.jpg").status_code == 302
    db.session.refresh(edition)
    assert edition.logo_key != old and edition.logo_ext == "jpg"
    assert client.get(f"/editions/hp/logo/{old}").status_code == 404
    assert client.get(f"/editions/hp/logo/{edition.logo_key}").headers["Content-Type"] == "image/jpeg"
    files = _stored_files(app)
    assert {f"{edition.logo_key}.jpg", f"{edition.logo_key}.thumb.jpg"} <= files
    assert not {f"{old}.png", f"{old}.thumb.png"} & files


def test_removing_the_logo_asks_for_confirmation_and_brings_back_the_techfest_mark(app, browser, client, edition):
    from tests.registration.factories import make_registration

    _as_organizer(browser, edition)
    _upload(browser, edition, _png())
    db.session.refresh(edition)
    key = edition.logo_key
    # without the confirmation form's token nothing happens
    assert browser.client.post("/editions/hp/manage/logo/remove").status_code in (302, 400)
    db.session.refresh(edition)
    assert edition.logo_key == key
    resp = browser.post_form("/editions/hp/manage/edit", {}, action="/editions/hp/manage/logo/remove")
    assert "The logo has been removed." in resp.get_data(as_text=True)
    db.session.refresh(edition)
    assert edition.logo_key == "" and not {f"{key}.png", f"{key}.thumb.png"} & _stored_files(app)
    assert client.get(f"/editions/hp/logo/{key}").status_code == 404
    assert "/editions/hp/logo/" not in client.get("/editions/hp").get_data(as_text=True)
    reg = make_registration(edition, email="khach@example.vn")
    assert LOGO_SIZE not in _image_sizes(client.get(f"/badge/{reg.access_code}/badge.pdf").data)


def test_the_logo_of_a_draft_edition_is_not_public(app, client, browser):
    draft = make_edition(slug="nhap", status="draft")
    services.set_edition_logo(None, draft, _png())
    assert client.get(f"/editions/nhap/logo/{draft.logo_key}").status_code == 404
    _as_organizer(browser, draft)
    assert browser.get(f"/editions/nhap/logo/{draft.logo_key}").status_code == 200


def test_a_wrong_key_is_not_found(client, edition):
    services.set_edition_logo(None, edition, _png())
    assert client.get("/editions/hp/logo/not-the-key").status_code == 404
    assert client.get("/editions/hp/logo/..%2F..%2Fsecret").status_code == 404


def test_the_demo_edition_gets_a_logo_once(app, edition):
    from techfest.editions import demo

    demo.load({"current": edition})
    key = edition.logo_key
    assert key and services.logo_path(edition) is not None
    demo.load({"current": edition})
    assert edition.logo_key == key


def test_the_api_gives_the_logo_address_and_null_without_one(app, api, edition):
    assert api.get("/api/v1/editions/hp").json["logo_url"] is None
    services.set_edition_logo(None, edition, _png())
    url = api.get("/api/v1/editions/hp").json["logo_url"]
    assert url.startswith("http") and f"/editions/hp/logo/{edition.logo_key}" in url
    from urllib.parse import urlsplit

    image = api.get(urlsplit(url).path)
    assert image.status_code == 200 and image.mimetype == "image/png"


def _new_edition_form(**over) -> dict:
    data = {"name": "Techfest Hải Phòng 2027", "slug": "hai-phong-2027", "year": "2027", "city": "Hải Phòng",
            "venue": "Nhà Triển lãm", "start_date": "2027-11-20", "end_date": "2027-11-22",
            "timezone": "Asia/Ho_Chi_Minh", "submission_deadline": "", "description": ""}
    data.update(over)
    return data


def test_a_new_edition_can_be_created_with_its_logo(app, browser, edition):
    from techfest.editions.models import Edition

    _as_organizer(browser, edition)
    assert 'name="logo"' in browser.get("/manage/editions/new").get_data(as_text=True)
    resp = browser.post_form("/manage/editions/new", {**_new_edition_form(), "logo": (io.BytesIO(_png()), "logo.png")},
                             follow_redirects=False)
    assert resp.status_code == 302
    new = db.session.scalar(db.select(Edition).where(Edition.slug == "hai-phong-2027"))
    assert new.logo_key and new.logo_ext == "png" and services.logo_path(new) is not None


def test_a_new_edition_with_a_refused_logo_is_not_created_and_keeps_what_was_typed(app, browser, edition):
    from techfest.editions.models import Edition

    _as_organizer(browser, edition)
    files = _stored_files(app)
    resp = browser.post_form("/manage/editions/new", {**_new_edition_form(slug=edition.slug),
                                                      "logo": (io.BytesIO(exe_bytes()), "logo.png")},
                             follow_redirects=False)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "The logo must be a JPEG, PNG or WebP image." in html  # named together with the used short name
    assert "Another edition already uses this short name." in html
    assert 'value="Techfest Hải Phòng 2027"' in html
    assert db.session.scalar(db.select(db.func.count()).select_from(Edition)) == 1
    assert _stored_files(app) == files


def _put_logo(api, token, data: bytes, slug="hp", filename="logo.png"):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return api.client.put(f"/api/v1/editions/{slug}/logo", data={"logo": (io.BytesIO(data), filename)},
                          headers=headers, content_type="multipart/form-data")


@pytest.fixture
def api_client(app, client):
    class Api:
        pass

    api = Api()
    api.client = client
    return api


def test_an_organizer_uploads_and_removes_the_logo_through_the_api(app, api_client, edition):
    from tests.factories import make_token

    token = make_token(make_user("thuha@example.vn", role="organizer", edition=edition))
    resp = _put_logo(api_client, token, _png())
    assert resp.status_code == 200
    db.session.refresh(edition)
    assert edition.logo_key and resp.json["logo_url"].endswith(f"/editions/hp/logo/{edition.logo_key}"), resp.json
    key = edition.logo_key
    assert {f"{key}.png", f"{key}.thumb.png"} <= _stored_files(app)
    resp = api_client.client.delete("/api/v1/editions/hp/logo", headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 204
    db.session.refresh(edition)
    assert edition.logo_key == "" and not any(name.startswith(key) for name in _stored_files(app))  # files gone too
    assert api_client.client.get("/api/v1/editions/hp").json["logo_url"] is None


@pytest.mark.parametrize("data", [exe_bytes(), b"GIF89a" + b"\0" * 64], ids=["exe", "fake-gif"])
def test_the_api_refuses_a_file_that_is_not_an_image_naming_the_field(app, api_client, edition, data):
    from tests.factories import make_token

    token = make_token(make_user("thuha@example.vn", role="organizer", edition=edition))
    files = _stored_files(app)
    resp = _put_logo(api_client, token, data)
    assert resp.status_code == 422 and "logo" in resp.json["fields"]
    db.session.refresh(edition)
    assert edition.logo_key == "" and _stored_files(app) == files


def test_the_api_refuses_an_oversized_logo_and_a_missing_file(app, api_client, edition):
    from tests.factories import make_token

    token = make_token(make_user("thuha@example.vn", role="organizer", edition=edition))
    resp = _put_logo(api_client, token, oversized_jpeg(), filename="logo.jpg")
    assert resp.status_code in (413, 422) and "logo" in resp.json.get("fields", {"logo": 1})
    resp = api_client.client.put("/api/v1/editions/hp/logo", data={}, headers={"Authorization": f"Bearer {token}"},
                                 content_type="multipart/form-data")
    assert resp.status_code == 422 and "logo" in resp.json["fields"]
    db.session.refresh(edition)
    assert edition.logo_key == ""


def test_only_the_editions_organizers_may_change_its_logo_through_the_api(app, api_client, edition):
    from tests.factories import make_token

    other = make_token(make_user("khac@example.vn", role="organizer", edition=make_edition(slug="khac", status="open")))
    exhibitor = make_token(make_user("duc@example.vn", role="exhibitor", edition=edition))
    assert _put_logo(api_client, None, _png()).status_code == 401
    assert _put_logo(api_client, other, _png()).status_code == 403
    assert _put_logo(api_client, exhibitor, _png()).status_code == 403
    assert api_client.client.delete("/api/v1/editions/hp/logo", headers={"Authorization": f"Bearer {other}"}).status_code == 403
    db.session.refresh(edition)
    assert edition.logo_key == ""
