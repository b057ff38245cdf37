"""Exports of the published programme: iCalendar, frab schedule.xml / schedule.json, CSV."""
import csv
import io
import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from jsonschema import Draft6Validator, FormatChecker
from lxml import etree

from techfest.forum import services
from tests.factories import make_edition, make_user
from tests.forum.factories import at, make_programme, make_room, make_session

DATA = Path(__file__).resolve().parents[1] / "data" / "frab"
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(scope="module")
def xsd():
    return etree.XMLSchema(etree.parse(str(DATA / "schedule.xml.xsd")))


@pytest.fixture(scope="module")
def json_validator():
    return Draft6Validator(json.loads((DATA / "schedule.schema.json").read_text(encoding="utf-8")),
                           format_checker=FormatChecker())


@pytest.fixture
def edition(app):
    return make_edition(slug="hai-phong-2026", name="Techfest Hải Phòng 2026", status="live",
                        start_date=date(2026, 11, 25))


@pytest.fixture
def organizer(edition):
    return make_user("org@example.vn", role="organizer", edition=edition)


@pytest.fixture
def programme(edition, organizer):
    prog = make_programme(edition, organizer, publish=False)
    stage = make_room(edition, "Sân khấu Khởi nghiệp", hall="Nhà B")
    make_session(edition, title="Pitching: 10 dự án xuất sắc", room=stage, day=1, start="14:00", end="16:00",
                 type="pitching", people=[(prog["panelist"], "panelist")])
    make_session(edition, title="Tham quan triển lãm", day=1, start="16:30", end="17:30", type="networking")
    make_session(edition, title="Họp ban tổ chức", day=1, start="07:00", end="07:30", is_public=False)
    services.publish_schedule(organizer, edition)
    return prog


def test_ics_parses_with_the_edition_time_zone_and_stable_uids(client, edition, organizer, programme):
    resp = client.get("/editions/hai-phong-2026/schedule.ics")
    assert resp.status_code == 200 and resp.headers["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(resp.data)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    events = cal.walk("VEVENT")
    assert len(events) == 3  # the organizers' private meeting is not published
    first = events[0]
    assert str(first["SUMMARY"]) == programme["session"].title_vi
    assert first.decoded("DTSTART") == datetime(2026, 11, 25, 9, 0, tzinfo=HCM)
    assert first["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert str(first["LOCATION"]) == "Hội trường A" and "Kim Min-jun (김민준)" in str(first["DESCRIPTION"])
    assert str(first["URL"]).endswith(f"/editions/hai-phong-2026/programme/sessions/{programme['session'].code}")
    uid, seq = str(first["UID"]), int(first["SEQUENCE"])
    # a new version moves the session: same UID, higher SEQUENCE
    services.move_session(organizer, edition, programme["session"], programme["room"].id, at(edition, 0, "10:00"))
    services.publish_schedule(organizer, edition)
    moved = Calendar.from_ical(client.get("/editions/hai-phong-2026/schedule.ics").data).walk("VEVENT")
    again = next(e for e in moved if str(e["UID"]) == uid)
    assert int(again["SEQUENCE"]) == seq + 1
    assert again.decoded("DTSTART") == datetime(2026, 11, 25, 10, 0, tzinfo=HCM)


def test_single_session_ics(client, programme):
    code = programme["session"].code
    cal = Calendar.from_ical(client.get(f"/editions/hai-phong-2026/programme/sessions/{code}.ics").data)
    (event,) = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == programme["session"].title_vi
    assert client.get("/editions/hai-phong-2026/programme/sessions/nope.ics").status_code == 404


def test_frab_xml_validates_against_the_schema(client, xsd, programme):
    resp = client.get("/editions/hai-phong-2026/schedule.xml")
    assert resp.status_code == 200 and resp.mimetype == "application/xml"
    doc = etree.fromstring(resp.data)
    assert xsd.validate(doc), "\n".join(str(e) for e in xsd.error_log)
    assert doc.findtext("conference/acronym") == "hai_phong_2026"
    assert doc.findtext("version") == "1"
    days = doc.findall("day")
    assert [d.get("date") for d in days] == ["2026-11-25", "2026-11-26", "2026-11-27"]
    titles = [e.findtext("title") for e in doc.iter("event")]
    assert programme["session"].title_vi in titles and "Họp ban tổ chức" not in titles
    persons = [p.text for p in doc.iter("person")]
    assert "Kim Min-jun (김민준)" in persons
    other = next(e for e in doc.iter("event") if e.findtext("title") == "Tham quan triển lãm")
    assert other.findtext("room")  # sessions without a room are listed under "other places"


def test_frab_json_validates_against_the_schema(client, json_validator, programme):
    resp = client.get("/editions/hai-phong-2026/schedule.json")
    assert resp.status_code == 200 and resp.mimetype == "application/json"
    data = json.loads(resp.data.decode("utf-8"))
    errors = sorted(json_validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
    conference = data["schedule"]["conference"]
    assert conference["time_zone_name"] == "Asia/Ho_Chi_Minh" and conference["daysCount"] == 3
    day1 = conference["days"][0]
    (event,) = day1["rooms"]["Hội trường A"]
    assert (event["start"], event["duration"], event["date"]) == ("09:00", "01:30", "2026-11-25T09:00:00+07:00")
    assert [p["public_name"] for p in event["persons"]] == ["Nguyễn Thị Hương", "Kim Min-jun (김민준)"]


def test_empty_exports_are_still_valid_before_publication(client, xsd, json_validator, edition):
    make_session(edition, title="Chưa công bố")
    assert xsd.validate(etree.fromstring(client.get("/editions/hai-phong-2026/schedule.xml").data))
    assert not list(json_validator.iter_errors(client.get("/editions/hai-phong-2026/schedule.json").json))
    assert Calendar.from_ical(client.get("/editions/hai-phong-2026/schedule.ics").data).walk("VEVENT") == []


def test_csv_is_utf8_with_a_bom_for_spreadsheets(client, programme):
    resp = client.get("/editions/hai-phong-2026/schedule.csv")
    assert resp.status_code == 200 and "attachment" in resp.headers["Content-Disposition"]
    assert resp.data.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.DictReader(io.StringIO(resp.data.decode("utf-8-sig"))))
    assert len(rows) == 3
    first = rows[0]
    assert (first["date"], first["start"], first["end"], first["room"]) == ("2026-11-25", "09:00", "10:30",
                                                                             "Hội trường A")
    assert first["moderators"] == "Nguyễn Thị Hương" and "Kim Min-jun (김민준)" in first["speakers"]
    assert first["interpretation"] == "vi↔ko"


def test_exports_answer_304_while_the_version_is_unchanged(client, programme):
    first = client.get("/editions/hai-phong-2026/schedule.json")
    again = client.get("/editions/hai-phong-2026/schedule.json", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_csv_keeps_formulas_typed_into_titles_as_text(client, edition, organizer):
    make_programme(edition, organizer, publish=False)
    make_session(edition, title='=HYPERLINK("http://evil.example","Mở")', day=1, start="14:00", end="15:00")
    services.publish_schedule(organizer, edition)
    rows = list(csv.DictReader(io.StringIO(client.get("/editions/hai-phong-2026/schedule.csv").data.decode("utf-8-sig"))))
    titles = [value for row in rows for key, value in row.items() if "HYPERLINK" in (value or "")]
    assert titles and all(t.startswith("'=") for t in titles)  # a spreadsheet shows it, never runs it
