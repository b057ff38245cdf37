"""Speaker photos go through the shared image checks (techfest.submissions.images), as the logos
do: by content, JPEG, PNG or WebP only, at most 5 MB, re-encoded. A refused photo is named on the
photo field of the organizers' form and of the speaker's invitation page, and in ``fields.photo``
of the API; nothing is stored then."""
from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from techfest.core.db import db
from techfest.core.errors import ValidationFailed
from techfest.forum import services
from techfest.forum.models import Speaker, SpeakerStatus
from tests.conftest import csrf_from
from tests.factories import make_edition, make_token, make_user
from tests.forum.factories import make_speaker
from tests.submissions.factories import image_bytes, oversized_jpeg

TEXT_AS_JPEG = "Ảnh chân dung của tôi\n".encode() * 20  # a text file renamed anh.jpg


def _gif() -> bytes:
    return image_bytes("GIF")


# (what the file is, its bytes, its name, the reason of the shared checks, the English message)
REFUSED = [
    ("gif", _gif, "anh.gif", "unsupported_format", "The photo must be a JPEG, PNG or WebP image."),
    ("text renamed .jpg", lambda: TEXT_AS_JPEG, "anh.jpg", "not_an_image", "This file is not an image we can read."),
    ("over 5 MB", oversized_jpeg, "anh.jpg", "too_large", "The photo must be at most 5 MB."),
]


@pytest.fixture
def edition(app):
    return make_edition(slug="hp", status="live", start_date=date(2026, 11, 25))


@pytest.fixture
def organizer(edition):
    return make_user("org@example.vn", name="Nguyễn Thị Thu Hà", role="organizer", edition=edition)


def _stored_files(app) -> set[str]:
    folder = Path(app.config["UPLOAD_DIR"]) / "forum"
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def _photo_error(html: str) -> str:
    start = html.find('id="photo-error"')
    assert start != -1, "no error on the photo field"
    return html[html.index(">", start) + 1:html.index("</div>", start)]


# --- the service -------------------------------------------------------------------------------

@pytest.mark.parametrize("what,data,filename,reason,message", REFUSED, ids=[r[0] for r in REFUSED])
def test_a_refused_photo_names_the_reason_on_photo_and_stores_nothing(app, edition, what, data, filename, reason,
                                                                      message):
    speaker = make_speaker(edition, photo=image_bytes("JPEG"))
    kept, before = speaker.photo, _stored_files(app)
    with pytest.raises(ValidationFailed) as err:
        services.update_speaker(None, edition, speaker, {"title": "Giám đốc"}, photo=data())
    assert err.value.fields == {"photo": [reason]}
    db.session.rollback()
    assert db.session.get(Speaker, speaker.id).photo == kept
    assert _stored_files(app) == before


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_png_jpeg_and_webp_photos_are_stored_as_clean_jpegs(app, edition, fmt):
    exif = Image.Exif()
    exif[0x010E] = "GPS 20.86N 106.68E"  # ImageDescription: must not reach the stored file
    extra = {"exif": exif.tobytes()} if fmt in ("JPEG", "WEBP") else {}
    speaker = make_speaker(edition, photo=image_bytes(fmt, size=(1200, 900), **extra))
    with Image.open(services.photo_path(speaker.photo)) as img:
        assert img.format == "JPEG" and img.size == (800, 600)
        assert not img.getexif()


# --- the organizers' form -----------------------------------------------------------------------

def _new_speaker(client, data: bytes, filename: str):
    page = client.get("/editions/hp/manage/forum/speakers/new").get_data(as_text=True)
    return client.post("/editions/hp/manage/forum/speakers/new", content_type="multipart/form-data", data={
        "csrf_token": csrf_from(page), "name": "Lee Seo-yeon (이서연)", "country": "KR",
        "photo": (io.BytesIO(data), filename)})


@pytest.fixture
def org_client(en_client, organizer):
    from tests.conftest import Browser

    Browser(en_client).login("org@example.vn")
    return en_client


@pytest.mark.parametrize("what,data,filename,reason,message", REFUSED, ids=[r[0] for r in REFUSED])
def test_the_speaker_form_shows_a_refused_photo_on_its_field(app, org_client, what, data, filename, reason, message):
    before = _stored_files(app)
    resp = _new_speaker(org_client, data(), filename)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and 'value="Lee Seo-yeon (이서연)"' in html
    assert _photo_error(html) == message
    assert db.session.scalar(db.select(db.func.count()).select_from(Speaker)) == 0
    assert _stored_files(app) == before


@pytest.mark.parametrize("fmt,filename", [("PNG", "anh.png"), ("JPEG", "anh.jpg")])
def test_the_speaker_form_accepts_a_png_or_jpeg_photo(org_client, fmt, filename):
    resp = _new_speaker(org_client, image_bytes(fmt), filename)
    assert resp.status_code == 302
    speaker = db.session.scalars(db.select(Speaker)).one()
    photo = org_client.get(f"/editions/hp/programme/photos/{speaker.photo}")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"


# --- the speaker's invitation page ---------------------------------------------------------------

def test_the_invitation_page_refuses_a_gif_on_the_photo_field_and_keeps_the_answer_unsaid(app, en_client, edition):
    speaker = make_speaker(edition, email="huong@example.vn")
    token = services.invite_speaker(None, edition, speaker)
    url = f"/speakers/invitation/{token}"
    page = en_client.get(url).get_data(as_text=True)
    before = _stored_files(app)
    resp = en_client.post(url, content_type="multipart/form-data", data={
        "csrf_token": csrf_from(page), "name": "Nguyễn Thị Hương", "country": "VN", "confirm": "y",
        "photo": (io.BytesIO(_gif()), "anh.gif")})
    assert resp.status_code == 422
    assert _photo_error(resp.get_data(as_text=True)) == "The photo must be a JPEG, PNG or WebP image."
    db.session.expire_all()
    speaker = db.session.get(Speaker, speaker.id)
    assert speaker.status == SpeakerStatus.INVITED and speaker.photo is None
    assert _stored_files(app) == before


# --- the API ------------------------------------------------------------------------------------

@pytest.mark.parametrize("what,data,filename,reason,message", REFUSED, ids=[r[0] for r in REFUSED])
def test_the_api_refuses_a_bad_photo_with_422_naming_the_field(app, client, edition, organizer, what, data,
                                                               filename, reason, message):
    speaker = make_speaker(edition)
    before = _stored_files(app)
    resp = client.put(f"/api/v1/editions/hp/forum/draft/speakers/{speaker.code}/photo",
                      headers={"Authorization": f"Bearer {make_token(organizer)}"},
                      content_type="multipart/form-data", data={"photo": (io.BytesIO(data()), filename)})
    assert resp.status_code == 422 and resp.json["fields"] == {"photo": [reason]}
    db.session.refresh(speaker)
    assert speaker.photo is None and _stored_files(app) == before


def test_the_api_sets_and_removes_a_photo(client, edition, organizer):
    speaker = make_speaker(edition)
    url = f"/api/v1/editions/hp/forum/draft/speakers/{speaker.code}/photo"
    headers = {"Authorization": f"Bearer {make_token(organizer)}"}
    resp = client.put(url, headers=headers, content_type="multipart/form-data",
                      data={"photo": (io.BytesIO(image_bytes("PNG")), "anh.png")})
    db.session.refresh(speaker)
    assert resp.status_code == 200 and resp.json["photo_url"].endswith(f"/{speaker.photo}")
    assert services.photo_path(speaker.photo) is not None
    assert client.delete(url, headers=headers).status_code == 204
    db.session.refresh(speaker)
    assert speaker.photo is None
    assert client.put(url, content_type="multipart/form-data",
                      data={"photo": (io.BytesIO(image_bytes("PNG")), "anh.png")}).status_code == 401
