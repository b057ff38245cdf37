"""Tests for techfest.forum.frab: output validates against the c3voc schemas."""
from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from jsonschema import Draft6Validator, FormatChecker
from lxml import etree

from techfest.forum.frab import (
    ScheduleConference,
    ScheduleEvent,
    ScheduleRoom,
    event_slug,
    schedule_json,
    schedule_xml,
    slugify,
    stable_guid,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "frab"
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NS = "https://techfest.example.vn/hai-phong-2026"


@pytest.fixture(scope="module")
def xsd() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(DATA / "schedule.xml.xsd")))


@pytest.fixture(scope="module")
def json_validator() -> Draft6Validator:
    schema = json.loads((DATA / "schedule.schema.json").read_text(encoding="utf-8"))
    Draft6Validator.check_schema(schema)
    return Draft6Validator(schema, format_checker=FormatChecker())


def assert_xml_valid(xsd: etree.XMLSchema, data: bytes) -> etree._Element:
    doc = etree.fromstring(data)
    if not xsd.validate(doc):
        raise AssertionError("\n".join(str(e) for e in xsd.error_log))
    return doc


def assert_json_valid(validator: Draft6Validator, data: dict) -> dict:
    # validate what a client would receive: the serialised document
    wire = json.loads(json.dumps(data, ensure_ascii=False))
    errors = sorted(validator.iter_errors(wire), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
    return wire


CONF = ScheduleConference(
    acronym="techfest-2026-hp",
    title="Techfest Hải Phòng 2026 – Diễn đàn Đổi mới sáng tạo",
    start=date(2026, 11, 24),
    end=date(2026, 11, 25),
    days=2,
    timezone="Asia/Ho_Chi_Minh",
    url="https://techfest.example.vn/hai-phong-2026",
    base_url="https://techfest.example.vn/",
)

ROOMS = [
    ScheduleRoom(name="Hội trường A"),
    ScheduleRoom(name="Phòng 201"),
    ScheduleRoom(name="Phòng Hội thảo B", guid=stable_guid(NS, "room:b")),
    ScheduleRoom(name="Sân khấu chính"),
]

PEOPLE = {1: "Nguyễn Thị Hương", 2: "김민준", 3: "이서연", 4: "Trần Đức Anh"}


def ev(eid: int, day: int, hh: int, mm: int, minutes: int, room: str, title: str, **kw) -> ScheduleEvent:
    start = datetime.combine(date(2026, 11, 23 + day), time(hh, mm), tzinfo=HCM).astimezone(timezone.utc)
    persons = tuple((pid, PEOPLE[pid]) for pid in kw.pop("people", ()))
    return ScheduleEvent(id=eid, guid=stable_guid(NS, f"session:{eid}"), date=start,
                         duration=timedelta(minutes=minutes), room=room, title=title,
                         url=f"https://techfest.example.vn/hai-phong-2026/forum/{eid}",
                         persons=persons, **kw)


EVENTS = [
    ev(1, 1, 8, 30, 90, "Hội trường A", "Phiên 1: Khai thác thế mạnh đặc thù của Hải Phòng",
       subtitle="Khai mạc", track="Chính sách", type="Phiên toàn thể", language="vi",
       abstract="Thảo luận về cảng biển, logistics và công nghiệp chế tạo.",
       description="Điều phối: Nguyễn Thị Hương.\nKhách mời: 김민준, 이서연.", people=(1, 2, 3)),
    ev(2, 1, 10, 15, 60, "Phòng 201", "Tọa đàm", track="Khởi nghiệp", type="Tọa đàm", language="vi",
       abstract="Gặp gỡ nhà đầu tư.", people=(4,)),
    ev(3, 1, 10, 15, 45, "Phòng Hội thảo B", "한-베 스타트업 협력", track="Hợp tác quốc tế",
       type="workshop", language="ko", abstract="한국과 베트남 스타트업 생태계", people=(2, 3)),
    ev(4, 1, 14, 0, 120, "Sân khấu chính", "Pitching: 10 dự án xuất sắc", track="Khởi nghiệp",
       abstract="", people=(1,)),
    ev(5, 1, 23, 0, 120, "Sân khấu chính", "Đêm giao lưu (Networking night)", type="other",
       abstract="Kéo dài qua nửa đêm."),
    ev(6, 2, 9, 0, 60, "Hội trường A", "Phiên 2: Chuyển đổi số doanh nghiệp nhỏ và vừa…", track="Chính sách",
       language="vi", abstract="…", people=(4, 2)),
    ev(7, 2, 9, 0, 30, "Phòng 201", "Trí tuệ nhân tạo cho nông nghiệp", subtitle="Demo", language="vi",
       abstract="Ứng dụng AI.", slug="techfest_hp-ai-nong-nghiep"),
    ev(8, 2, 16, 45, 75, "Phòng Hội thảo B", "Bế mạc & trao giải", type="ceremony", abstract="Tổng kết.",
       people=(1, 3)),
]


# --------------------------------------------------------------------------
# Schema validation
# --------------------------------------------------------------------------


def test_realistic_xml_validates(xsd):
    data = schedule_xml(CONF, ROOMS, EVENTS, "2026-11-20 v3")
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    doc = assert_xml_valid(xsd, data)
    days = doc.findall("day")
    assert [d.get("index") for d in days] == ["1", "2"]
    assert [d.get("date") for d in days] == ["2026-11-24", "2026-11-25"]
    assert days[0].get("start") == "2026-11-24T04:00:00+07:00"
    assert days[0].get("end") == "2026-11-25T03:59:00+07:00"
    assert [r.get("name") for r in days[0].findall("room")] == [r.name for r in ROOMS]
    assert [e.get("id") for e in days[0].iter("event")] == ["1", "2", "3", "4", "5"]
    assert [e.get("id") for e in days[1].iter("event")] == ["6", "7", "8"]
    first = doc.find(".//event[@id='1']")
    assert first.findtext("date") == "2026-11-24T08:30:00+07:00"
    assert first.findtext("start") == "08:30"
    assert first.findtext("duration") == "01:30"
    assert first.findtext("slug") == "techfest_2026_hp-1-phien-1-khai-thac-the-manh-dac-thu-cua-hai-phong"
    assert doc.findtext("conference/time_zone_name") == "Asia/Ho_Chi_Minh"
    assert doc.findtext("version") == "2026-11-20 v3"


def test_realistic_json_validates(json_validator):
    data = assert_json_valid(json_validator, schedule_json(CONF, ROOMS, EVENTS, "2026-11-20 v3"))
    conference = data["schedule"]["conference"]
    assert data["schedule"]["version"] == "2026-11-20 v3"
    assert data["schedule"]["base_url"] == "https://techfest.example.vn/"
    assert conference["daysCount"] == 2 and conference["time_zone_name"] == "Asia/Ho_Chi_Minh"
    assert [r["name"] for r in conference["rooms"]] == [r.name for r in ROOMS]
    assert conference["rooms"][2]["guid"] == stable_guid(NS, "room:b")
    day1, day2 = conference["days"]
    assert (day1["index"], day1["date"], day1["day_start"], day1["day_end"]) == (
        1, "2026-11-24", "2026-11-24T04:00:00+07:00", "2026-11-25T03:59:00+07:00")
    assert day2["index"] == 2
    night = day1["rooms"]["Sân khấu chính"][1]
    assert (night["id"], night["start"], night["duration"], night["end"]) == (
        5, "23:00", "02:00", "2026-11-25T01:00:00+07:00")
    assert {t["name"] for t in conference["tracks"]} == {"Chính sách", "Khởi nghiệp", "Hợp tác quốc tế"}


def test_round_trip_of_vietnamese_and_korean_text(xsd):
    xml_bytes = schedule_xml(CONF, ROOMS, EVENTS, "1")
    json_text = json.dumps(schedule_json(CONF, ROOMS, EVENTS, "1"), ensure_ascii=False)
    # raw UTF-8 in the XML, not character references
    assert "Phiên 1: Khai thác thế mạnh đặc thù".encode() in xml_bytes
    assert "김민준".encode() in xml_bytes and b"&#" not in xml_bytes

    xml_doc = ET.fromstring(xml_bytes)
    xml_events = {int(e.get("id")): e for e in xml_doc.iter("event")}
    json_events = {e["id"]: e for day in json.loads(json_text)["schedule"]["conference"]["days"]
                   for events in day["rooms"].values() for e in events}
    assert set(xml_events) == set(json_events) == {e.id for e in EVENTS}
    for src in EVENTS:
        x, j = xml_events[src.id], json_events[src.id]
        for field in ("title", "room", "type"):
            assert x.findtext(field) == j[field] == getattr(src, field)
        assert x.findtext("abstract") == j["abstract"] == src.abstract
        assert x.findtext("description") == j["description"] == src.description
        assert x.findtext("subtitle") == (src.subtitle or "") and j["subtitle"] == src.subtitle
        assert x.findtext("track") == (src.track or "") and j["track"] == src.track
        people = [(int(p.get("id")), p.text) for p in x.find("persons")]
        assert people == [(p["id"], p["public_name"]) for p in j["persons"]] == list(src.persons)
        assert x.get("guid") == j["guid"] == src.guid
    assert xml_events[1].findtext("description") == "Điều phối: Nguyễn Thị Hương.\nKhách mời: 김민준, 이서연."
    assert xml_events[3].findtext("title") == "한-베 스타트업 협력"
    assert xml_doc.find("conference/title").text == CONF.title


def test_empty_programme_is_valid(xsd, json_validator):
    # The XSD requires at least one <day>; every conference day is always emitted.
    doc = assert_xml_valid(xsd, schedule_xml(CONF, ROOMS, [], "0"))
    assert len(doc.findall("day")) == 2 and not list(doc.iter("event"))
    data = assert_json_valid(json_validator, schedule_json(CONF, [], [], "0"))
    assert [d["rooms"] for d in data["schedule"]["conference"]["days"]] == [{}, {}]
    assert_xml_valid(xsd, schedule_xml(CONF, [], [], "0"))


def test_minimal_conference_and_single_day(xsd, json_validator):
    conf = ScheduleConference(acronym="tf26", title="T", start=date(2026, 1, 1), end=date(2026, 1, 1),
                              days=1, timezone="UTC")
    e = ScheduleEvent(id=1, guid=stable_guid(NS, "x"), date=datetime(2026, 1, 1, 9, tzinfo=timezone.utc),
                      duration=timedelta(minutes=5), room="R", title="김민준", url="http://x.example/1")
    assert_xml_valid(xsd, schedule_xml(conf, [ScheduleRoom(name="R")], [e], "1"))
    data = assert_json_valid(json_validator, schedule_json(conf, [ScheduleRoom(name="R")], [e], "1"))
    event = data["schedule"]["conference"]["days"][0]["rooms"]["R"][0]
    assert event["slug"] == "tf26-1-session"
    assert event["date"] == "2026-01-01T09:00:00+00:00"


def test_timezone_name_not_matching_json_pattern_is_omitted(xsd, json_validator):
    conf = replace(CONF, timezone="Etc/GMT-7")  # same offset as Vietnam, no valid JSON name
    data = assert_json_valid(json_validator, schedule_json(conf, ROOMS, EVENTS, "1"))
    assert "time_zone_name" not in data["schedule"]["conference"]
    doc = assert_xml_valid(xsd, schedule_xml(conf, ROOMS, EVENTS, "1"))
    assert doc.find(".//event[@id='1']").findtext("date") == "2026-11-24T08:30:00+07:00"


# --------------------------------------------------------------------------
# Days
# --------------------------------------------------------------------------


def test_day_change_at_four_keeps_after_midnight_events_on_previous_day(json_validator):
    late = ev(9, 2, 2, 30, 30, "Sân khấu chính", "After party")   # 25th 02:30 -> day 1
    early = ev(10, 2, 4, 0, 30, "Sân khấu chính", "Yoga")           # 25th 04:00 -> day 2
    days = schedule_json(CONF, ROOMS, [late, early], "1")["schedule"]["conference"]["days"]
    assert [e["id"] for e in days[0]["rooms"]["Sân khấu chính"]] == [9]
    assert [e["id"] for e in days[1]["rooms"]["Sân khấu chính"]] == [10]

    midnight = replace(CONF, day_change=time(0, 0))
    days = schedule_json(midnight, ROOMS, [late, early], "1")["schedule"]["conference"]["days"]
    assert [e["id"] for e in days[1]["rooms"]["Sân khấu chính"]] == [9, 10]
    assert (days[0]["day_start"], days[0]["day_end"]) == ("2026-11-24T00:00:00+07:00", "2026-11-24T23:59:00+07:00")


def test_event_outside_conference_days_rejected():
    before = ev(11, 1, 3, 59, 30, "Hội trường A", "Too early")  # before the 04:00 day change
    with pytest.raises(ValueError, match="outside the conference days"):
        schedule_xml(CONF, ROOMS, [before], "1")
    with pytest.raises(ValueError, match="outside the conference days"):
        schedule_json(CONF, ROOMS, [ev(12, 3, 9, 0, 30, "Hội trường A", "Day 3")], "1")


# --------------------------------------------------------------------------
# GUIDs and slugs
# --------------------------------------------------------------------------


def test_stable_guid():
    a = stable_guid(NS, "session:1")
    assert a == stable_guid(NS, "session:1") == stable_guid(NS, 'session:1')
    assert uuid.UUID(a).version == 5
    assert a != stable_guid(NS, "session:2")
    assert a != stable_guid("https://techfest.example.vn/da-nang-2026", "session:1")
    assert stable_guid(NS, 7) == stable_guid(NS, "7")
    # pinned value: changing the derivation would break calendar subscriptions
    assert a == str(uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_URL, NS), "session:1"))


def test_guids_are_stable_across_versions():
    v1 = schedule_json(CONF, ROOMS, EVENTS, "v1")
    moved = [replace(e, date=e.date + timedelta(minutes=30), title=e.title + " (cập nhật)") for e in EVENTS]
    v2 = schedule_json(CONF, ROOMS, moved, "v2")

    def guids(doc):
        conf = doc["schedule"]["conference"]
        events = {e["id"]: e["guid"] for d in conf["days"] for es in d["rooms"].values() for e in es}
        return events, [r["guid"] for r in conf["rooms"]]

    assert guids(v1) == guids(v2)
    xml1, xml2 = (ET.fromstring(schedule_xml(CONF, ROOMS, evs, "v")) for evs in (EVENTS, moved))
    assert [e.get("guid") for e in xml1.iter("event")] == [e.get("guid") for e in xml2.iter("event")]
    assert [r.get("guid") for r in xml1.iter("room")] == [r.get("guid") for r in xml2.iter("room")]


def test_slugify_vietnamese_and_korean():
    assert slugify("Tọa đàm") == "toa-dam"
    assert slugify("Phiên 1: Khai thác thế mạnh đặc thù…") == "phien-1-khai-thac-the-manh-dac-thu"
    assert slugify("ĐỔI MỚI SÁNG TẠO") == "doi-moi-sang-tao"
    assert slugify("김민준") == ""
    assert event_slug("techfest-2026-hp", 42, "이서연") == "techfest_2026_hp-42-session"
    assert len(slugify("a" * 200)) == 60


# --------------------------------------------------------------------------
# Invalid input
# --------------------------------------------------------------------------


@pytest.mark.parametrize("change, match", [
    ({"acronym": "TF"}, "acronym"),
    ({"acronym": "techfest-2026"}, "acronym"),  # not accepted by the JSON schema pattern
    ({"days": 3}, "does not match"),
    ({"url": "techfest.example.vn"}, "http"),
])
def test_invalid_conference_rejected(change, match):
    with pytest.raises(ValueError, match=match):
        schedule_json(replace(CONF, **change), ROOMS, EVENTS, "1")


@pytest.mark.parametrize("change, match", [
    ({"room": "Phòng 999"}, "unknown room"),
    ({"guid": EVENTS[1].guid}, "duplicate guid"),
    ({"id": 2}, "duplicate id"),
    ({"id": 0}, "positive"),
    ({"slug": "Bad Slug"}, "slug"),
    ({"duration": timedelta(seconds=90)}, "whole minutes"),
    ({"duration": timedelta(0)}, "whole minutes"),
    ({"url": "/forum/1"}, "http"),
    ({"date": datetime(2026, 11, 24, 9)}, "timezone-aware"),
    ({"guid": "not-a-uuid"}, "hexadecimal"),
])
def test_invalid_event_rejected(change, match):
    bad = replace(EVENTS[0], **change)
    with pytest.raises(ValueError, match=match):
        schedule_xml(CONF, ROOMS, [bad, *EVENTS[1:]], "1")


def test_xml_invalid_control_characters_are_stripped(xsd):
    e = replace(EVENTS[0], abstract="bell\x07 and\ttab")
    doc = assert_xml_valid(xsd, schedule_xml(CONF, ROOMS, [e], "1"))
    assert doc.find(".//event").findtext("abstract") == "bell and\ttab"
