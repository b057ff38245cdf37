"""Writes of several rows that fail part-way leave nothing behind: not one table changes.

Each case makes the failure happen after some rows were already written in the transaction
(a later CSV row, a booth added by someone else meanwhile, the products' booth codes, the
images of a product, the speakers of a session, one criterion of a score sheet), then compares
every table of the database before and after (tests/core/test_form_robustness.fingerprint).
"""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from techfest.core.db import db
from tests.conftest import csrf_from
from tests.core.test_form_robustness import fingerprint
from tests.factories import make_edition, make_org, make_token, make_user


def english(browser):
    browser.post_form("/", {}, action="/lang/en")


def changed_tables(before: dict) -> list[str]:
    after = fingerprint()
    return sorted(t for t in before if before[t] != after[t])


# --- registration: a CSV import whose third row finds its day full -----------------------------

def test_registration_import_with_a_full_day_on_a_middle_row_stores_no_row_and_sends_no_mail(browser, outbox):
    from techfest.registration import services
    from tests.registration.factories import make_registration

    edition = make_edition(slug="hp", status="live", start_date=date(2026, 11, 25))
    day1, day2 = edition.start_date, edition.start_date + timedelta(days=1)
    settings = services.settings_for(edition)
    settings.day_capacity = {day2.isoformat(): 1}  # one visitor on the second day
    db.session.commit()
    make_registration(edition, name="Tên cũ", email="known@example.vn", days=[day1])
    make_registration(edition, name="Phạm Thị Lan", email="lan@example.vn", days=[day2])  # takes that place
    make_user("btc@example.vn", role="organizer", edition=edition)
    browser.login("btc@example.vn")
    english(browser)
    body = ("name,email,days\n"
            "Nguyễn Văn An,an@example.vn,1\n"          # new, fits: written in the transaction first
            "Tên mới,known@example.vn,2\n"             # moves to the full day: refused
            "Lê Văn Cường,cuong@example.vn,3\n")       # new, fits
    before = fingerprint()
    page = browser.get("/editions/hp/manage/registrations/import").get_data(as_text=True)
    resp = browser.client.post("/editions/hp/manage/registrations/import", content_type="multipart/form-data",
                               data={"csrf_token": csrf_from(page), "notify": "y",
                                     "file": (io.BytesIO(body.encode("utf-8-sig")), "khach.csv")})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "Nothing was imported" in html
    assert changed_tables(before) == []
    assert outbox == []


# --- booths: a CSV import that meets a booth added meanwhile -----------------------------------

def test_booth_import_meeting_a_booth_added_meanwhile_stores_none_of_the_file(app, browser, monkeypatch):
    from techfest.booths import geometry
    from techfest.booths.models import Booth, BoothChange
    from tests.booths.factories import make_booth, make_hall, make_organizer

    edition = make_edition(slug="hp")
    hall = make_hall(edition, width=40, depth=20)
    make_booth(hall, "Z-01", 30, 10)
    browser.login(make_organizer(edition).email)
    english(browser)
    real_adjacency = geometry.adjacency

    def someone_else_adds_a_02(*args, **kwargs):
        """Between the checks and the write, another organizer creates booth A-02."""
        from sqlalchemy.orm import Session

        monkeypatch.setattr(geometry, "adjacency", real_adjacency)
        with Session(db.engine) as other:
            other.add(Booth(edition_id=edition.id, hall_id=hall.id, code="A-02", x_m=20, y_m=15, w_m=3, h_m=3,
                            type="inline", size="standard", status="available"))
            other.commit()
        return real_adjacency(*args, **kwargs)

    monkeypatch.setattr(geometry, "adjacency", someone_else_adds_a_02)
    url = f"/editions/hp/manage/booths/halls/{hall.id}/import"
    token = csrf_from(browser.get(url).get_data(as_text=True))
    changes = db.session.scalar(select(db.func.count()).select_from(BoothChange))
    resp = browser.client.post(url, content_type="multipart/form-data", data={
        "csrf_token": token,
        "file": (io.BytesIO(b"code,x,y,w,h\nA-01,2,2,3,3\nA-02,5,2,3,3\nA-03,8,2,3,3\n"), "gian.csv")})
    assert resp.status_code == 409
    assert "Booths were added meanwhile. Import the file again." in resp.get_data(as_text=True)
    db.session.expire_all()
    assert sorted(db.session.scalars(select(Booth.code))) == ["A-02", "Z-01"]  # Z-01, and the other organizer's
    assert db.session.scalar(select(Booth.x_m).where(Booth.code == "A-02")) == 20
    assert db.session.scalar(select(db.func.count()).select_from(BoothChange)) == changes  # no "imported" entry


# --- booths: renaming an assigned booth also rewrites its exhibitor's products ------------------

def test_renaming_an_assigned_booth_and_its_products_codes_is_one_write(app, monkeypatch):
    """The booth's new code and the products' booth codes (catalogue, judges' walking order) are
    written together: when the second part fails, the booth keeps its old code too."""
    from techfest.booths import services
    from techfest.booths.models import Booth
    from techfest.submissions import services as submissions
    from techfest.submissions.models import Product
    from tests.booths.factories import make_exhibitor_org, make_hall, make_organizer, make_row

    edition = make_edition(slug="hp")
    hall = make_hall(edition)
    booth = make_row(hall, "A", 1, features=("power", "internet"))[0]
    organizer = make_organizer(edition)
    org = make_exhibitor_org(edition, "Công ty CP Điện tử Hải Phòng", needs=("power",))
    services.assign_booth(organizer, edition, booth.id, org.id)
    assert db.session.scalar(select(Product.booth_code).where(Product.organisation_id == org.id)) == "A-01"
    data = {"code": "A-1A", "x_m": "2", "y_m": "2", "w_m": "3", "h_m": "3", "size": "standard", "status": "assigned",
            "has_power": True, "has_internet": True}

    def connection_lost(*args, **kwargs):
        raise RuntimeError("connection to the database lost")

    before = fingerprint()
    monkeypatch.setattr(submissions, "record_booth_codes", connection_lost)
    with pytest.raises(RuntimeError):
        services.save_booth(organizer, edition, hall, db.session.get(Booth, booth.id), data)
    db.session.rollback()
    assert changed_tables(before) == []
    monkeypatch.undo()
    services.save_booth(organizer, edition, hall, db.session.get(Booth, booth.id), data)
    db.session.expire_all()
    assert db.session.get(Booth, booth.id).code == "A-1A"
    assert db.session.scalar(select(Product.booth_code).where(Product.organisation_id == org.id)) == "A-1A"


# --- submissions: a refused submit of an edited product with images ----------------------------

def test_a_refused_submit_that_drops_an_image_keeps_the_product_and_its_image(app, browser):
    """The edit drops the product's image and submits it incomplete: the image is detached, the
    text changed and the product flushed before the completeness check says no."""
    import os

    from techfest.submissions import services
    from techfest.submissions.models import Product
    from tests.submissions.factories import image_bytes, make_category, make_exhibitor

    edition = make_edition(slug="hp", status="open")
    make_category(edition)
    user = make_exhibitor(edition, "duc@dientu.example.vn")
    staged, _rejected = services.stage_images(user, [("may-loc.png", image_bytes())])
    product = services.save_product(user, edition, None, {"title": "Máy lọc nước nhiễm mặn"},
                                    image_keys=[staged[0].key])
    image = product.images[0]
    files = [os.path.join(app.config["UPLOAD_DIR"], "products", name)
             for name in os.listdir(os.path.join(app.config["UPLOAD_DIR"], "products")) if image.key in name]
    assert files
    browser.login("duc@dientu.example.vn")
    english(browser)
    url = f"/editions/hp/my-products/{product.id}/edit"
    before = fingerprint()
    resp = browser.post_form(url, {"title": "Tên đã sửa", "summary": "", "image_keys": image.key,
                                   "remove_images": image.key, "submit_product": "1"})
    assert resp.status_code == 422
    assert changed_tables(before) == []
    db.session.expire_all()
    kept = db.session.get(Product, product.id)
    assert kept.title == "Máy lọc nước nhiễm mặn" and kept.status == "draft"
    assert [i.key for i in kept.images] == [image.key]
    assert all(os.path.exists(f) for f in files)  # files are deleted only once the change is stored


# --- forum: a session change whose speaker list names someone unknown --------------------------

def test_a_session_change_naming_an_unknown_speaker_changes_nothing(api):
    from tests.forum.factories import at, make_room, make_session, make_speaker

    edition = make_edition(slug="hp", status="live", start_date=date(2026, 11, 25))
    token = make_token(make_user("org@example.vn", role="organizer", edition=edition))
    room, other_room = make_room(edition, "Hội trường A"), make_room(edition, "Hội trường B")
    huong, minjun = make_speaker(edition), make_speaker(edition, "Kim Min-jun (김민준)", country="KR")
    session = make_session(edition, room=room, people=[(huong, "moderator")])
    url = f"/api/v1/editions/hp/forum/draft/sessions/{session.code}"
    assert api.get(url, token=token).status_code == 200  # the token's "last used" is noted once a minute
    before = fingerprint()
    resp = api.patch(url, {
        "title_vi": "Tọa đàm đã đổi tên", "room_id": other_room.id,
        "start": at(edition, 1, "14:00").isoformat(), "end": at(edition, 1, "15:00").isoformat(),
        "participants": [{"speaker": minjun.code, "role": "panelist"}, {"speaker": "khong-co-ai", "role": "panelist"}],
    }, token=token)
    assert resp.status_code == 422 and "participants" in resp.json["fields"]
    assert changed_tables(before) == []


# --- judging: a score sheet with one criterion out of range ------------------------------------

@pytest.fixture
def scoring_sheet(app):
    """A round open for scoring, a judge assigned to one product with a draft already saved."""
    from techfest.judging import scoring, services
    from techfest.judging.models import Assignment
    from tests.judging.factories import make_accepted_product, make_judge
    from tests.submissions.factories import make_category

    edition = make_edition(slug="hp", status="live")
    organizer = make_user("btc@example.vn", role="organizer", edition=edition)
    category = make_category(edition)
    product = make_accepted_product(edition, make_org("Công ty CP Robot Duyên Hải"), category)
    judge = make_judge(edition)
    rnd = services.create_round(organizer, edition, {"name": "Sản phẩm tiêu biểu", "category_ids": [category.id]})
    db.session.add(Assignment(round_id=rnd.id, judge_id=judge.id, product_id=product.id))
    db.session.commit()
    services.transition_round(organizer, edition, rnd, "scoring")
    scoring.save_sheet(judge, edition, rnd, product.id, {"innovation": 6}, "Bản nháp")
    url = f"/api/v1/editions/hp/judging/my/rounds/{rnd.slug}/sheets/{product.id}"
    return url, make_token(judge), [c.key for c in rnd.criteria]


@pytest.mark.parametrize("bad", [11, 2**31, 2**63])
def test_a_sheet_with_one_value_out_of_range_stores_no_score_and_no_log(client, scoring_sheet, bad):
    url, token, keys = scoring_sheet
    assert keys == ["innovation", "feasibility", "impact", "presentation"]
    assert client.get(url, headers={"Authorization": f"Bearer {token}"}).json["scores"] == {"innovation": 6}
    before = fingerprint()
    resp = client.put(url, json={"scores": {"innovation": 9, "feasibility": 7, "impact": bad, "presentation": 8},
                                 "comment": "Đã chấm xong", "submit": True},
                      headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 422
    assert any(name.split(".")[:2] in (["impact"], ["scores", "impact"]) for name in resp.json["fields"]), resp.json
    assert changed_tables(before) == []
