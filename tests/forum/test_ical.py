"""Tests for techfest.forum.ical (RFC 5545 export)."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from techfest.forum.frab import stable_guid
from techfest.forum.ical import PRODID, CalendarEvent, calendar_for, from_schedule_event
from tests.forum.test_frab import EVENTS, NS

HCM = "Asia/Ho_Chi_Minh"
STAMP = datetime(2026, 11, 20, 3, 0, tzinfo=timezone.utc)
CALNAME = "Techfest Hải Phòng 2026 – Diễn đàn"

LONG_VI = ("Phiên 1: Khai thác thế mạnh đặc thù… Tọa đàm về cảng biển, logistics, công nghiệp "
           "chế tạo và chuyển đổi số – với sự tham gia của 김민준 và 이서연. " * 3)


def make_events(sequence: int = 0, shift: timedelta = timedelta(0)) -> list[CalendarEvent]:
    return [
        CalendarEvent(
            guid=stable_guid(NS, "session:1"),
            start=datetime(2026, 11, 24, 1, 30, tzinfo=timezone.utc) + shift,  # 08:30 local
            end=datetime(2026, 11, 24, 3, 0, tzinfo=timezone.utc) + shift,
            summary="Phiên 1: Khai thác thế mạnh đặc thù…",
            description=LONG_VI,
            location="Hội trường A",
            url="https://techfest.example.vn/hai-phong-2026/forum/1",
            sequence=sequence,
        ),
        CalendarEvent(
            guid=stable_guid(NS, "session:2"),
            # given in Korean time: 12:15 KST == 10:15 in Hồ Chí Minh City
            start=datetime(2026, 11, 24, 12, 15, tzinfo=ZoneInfo("Asia/Seoul")) + shift,
            end=datetime(2026, 11, 24, 13, 15, tzinfo=ZoneInfo("Asia/Seoul")) + shift,
            summary="Tọa đàm",
            location="Phòng 201",
            sequence=sequence,
        ),
    ]


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def test_events_times_and_properties():
    data = calendar_for(make_events(sequence=3), CALNAME, HCM, dtstamp=STAMP)
    cal = parse(data)
    assert str(cal["prodid"]) == PRODID and str(cal["version"]) == "2.0"
    assert str(cal["x-wr-calname"]) == CALNAME
    first, second = cal.walk("VEVENT")
    hcm = ZoneInfo(HCM)
    assert first.decoded("dtstart") == datetime(2026, 11, 24, 8, 30, tzinfo=hcm)
    assert first.decoded("dtend") == datetime(2026, 11, 24, 10, 0, tzinfo=hcm)
    assert first.decoded("dtstart").utcoffset() == timedelta(hours=7)
    assert second.decoded("dtstart") == datetime(2026, 11, 24, 3, 15, tzinfo=timezone.utc)
    assert first["dtstart"].params["TZID"] == HCM and first["dtend"].params["TZID"] == HCM
    assert b"DTSTART;TZID=Asia/Ho_Chi_Minh:20261124T083000\r\n" in data
    assert b"DTSTART;TZID=Asia/Ho_Chi_Minh:20261124T101500\r\n" in data
    assert first.decoded("dtstamp") == STAMP
    assert b"DTSTAMP:20261120T030000Z\r\n" in data
    assert first["sequence"] == 3
    assert str(first["uid"]) == f"{stable_guid(NS, 'session:1')}@techfest"
    assert str(first["url"]) == "https://techfest.example.vn/hai-phong-2026/forum/1"
    assert str(second["location"]) == "Phòng 201"
    assert "description" not in second and "url" not in second


def test_vtimezone_for_ho_chi_minh_has_no_dst():
    cal = parse(calendar_for(make_events(), CALNAME, HCM, dtstamp=STAMP))
    (vtz,) = cal.walk("VTIMEZONE")
    assert str(vtz["tzid"]) == HCM
    assert not vtz.walk("DAYLIGHT")
    observances = vtz.walk("STANDARD")
    assert observances
    for obs in observances:
        assert obs["tzoffsetto"].td == timedelta(hours=7)
        assert obs["tzoffsetfrom"].td == timedelta(hours=7)
    # the VTIMEZONE alone (not the zoneinfo database) resolves the offset
    tz = vtz.to_tz()
    assert datetime(2026, 11, 24, 8, 30, tzinfo=tz).utcoffset() == timedelta(hours=7)
    assert datetime(2026, 6, 1, 12, tzinfo=tz).utcoffset() == timedelta(hours=7)


def test_vtimezone_with_dst_zone_has_both_observances():
    cal = parse(calendar_for(make_events(), "x", "Europe/Berlin", dtstamp=STAMP))
    (vtz,) = cal.walk("VTIMEZONE")
    assert vtz.walk("DAYLIGHT") and vtz.walk("STANDARD")
    first = cal.walk("VEVENT")[0]
    assert first.decoded("dtstart") == datetime(2026, 11, 24, 1, 30, tzinfo=timezone.utc)
    assert first["dtstart"].params["TZID"] == "Europe/Berlin"


def test_utc_calendar_uses_utc_times_without_vtimezone():
    data = calendar_for(make_events(), "x", "UTC", dtstamp=STAMP)
    assert b"DTSTART:20261124T013000Z\r\n" in data
    assert not parse(data).walk("VTIMEZONE")


def test_uids_stable_across_versions():
    v1 = parse(calendar_for(make_events(sequence=0), CALNAME, HCM, dtstamp=STAMP))
    v2 = parse(calendar_for(make_events(sequence=1, shift=timedelta(minutes=30)), CALNAME, HCM,
                            dtstamp=STAMP + timedelta(days=1)))
    uids1 = [str(e["uid"]) for e in v1.walk("VEVENT")]
    uids2 = [str(e["uid"]) for e in v2.walk("VEVENT")]
    assert uids1 == uids2 and len(set(uids1)) == 2
    assert [e["sequence"] for e in v2.walk("VEVENT")] == [1, 1]
    # frab events convert with the same guid -> same UID as the schedule exports
    converted = [from_schedule_event(e, sequence=5) for e in EVENTS]
    cal = parse(calendar_for(converted, CALNAME, HCM, dtstamp=STAMP))
    assert {str(e["uid"]) for e in cal.walk("VEVENT")} == {f"{e.guid}@techfest" for e in EVENTS}
    assert str(cal.walk("VEVENT")[0]["uid"]) == f"{stable_guid(NS, 'session:1')}@techfest"


def test_identical_input_gives_identical_bytes():
    events = make_events()
    assert calendar_for(events, CALNAME, HCM, dtstamp=STAMP) == calendar_for(
        list(reversed(events)), CALNAME, HCM, dtstamp=STAMP)


def test_vietnamese_and_korean_text_intact():
    data = calendar_for(make_events(), CALNAME, HCM, dtstamp=STAMP)
    cal = parse(data)
    first, second = cal.walk("VEVENT")
    assert str(first["summary"]) == "Phiên 1: Khai thác thế mạnh đặc thù…"
    assert str(first["description"]) == LONG_VI
    assert str(first["location"]) == "Hội trường A"
    assert str(second["summary"]) == "Tọa đàm"
    assert str(cal["name"]) == CALNAME
    data.decode("utf-8")  # whole document is valid UTF-8


def test_line_folding():
    data = calendar_for(make_events(), CALNAME, HCM, dtstamp=STAMP)
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines) and b"\r" not in b"".join(lines)
    folded = [line for line in lines if line.startswith(b" ")]
    assert len(folded) >= 3, "the long Vietnamese description must have been folded"
    for line in lines:
        assert len(line) <= 75, line
        line.decode("utf-8")  # folding never splits a multi-octet character
    # unfolding (RFC 5545 3.1) restores the original content line
    unfolded = data.replace(b"\r\n ", b"").decode("utf-8")
    assert "DESCRIPTION:" + LONG_VI.replace(",", "\\,") in unfolded


def test_from_schedule_event():
    src = EVENTS[0]
    ce = from_schedule_event(src, sequence=2)
    assert ce.guid == src.guid and ce.start == src.date and ce.end == src.date + src.duration
    assert ce.summary == "Phiên 1: Khai thác thế mạnh đặc thù của Hải Phòng – Khai mạc"
    assert ce.description == f"{src.abstract}\n\n{src.description}"
    assert ce.location == "Hội trường A" and ce.url == src.url and ce.sequence == 2


def test_empty_calendar_still_parses():
    cal = parse(calendar_for([], CALNAME, HCM, dtstamp=STAMP))
    assert not cal.walk("VEVENT")
    assert cal.walk("VTIMEZONE")  # RFC 5545 needs at least one component


@pytest.mark.parametrize("change, match", [
    ({"start": datetime(2026, 11, 24, 9)}, "timezone-aware"),
    ({"end": datetime(2026, 11, 24, 1, 30, tzinfo=timezone.utc)}, "after start"),
    ({"sequence": -1}, "sequence"),
])
def test_invalid_events_rejected(change, match):
    bad = replace(make_events()[0], **change)
    with pytest.raises(ValueError, match=match):
        calendar_for([bad], CALNAME, HCM, dtstamp=STAMP)


def test_default_dtstamp_is_now_utc():
    before = datetime.now(timezone.utc).replace(microsecond=0)
    stamp = parse(calendar_for(make_events(), CALNAME, HCM)).walk("VEVENT")[0].decoded("dtstamp")
    assert before <= stamp <= datetime.now(timezone.utc)
    assert stamp.tzinfo is not None and stamp.utcoffset() == timedelta(0)
