"""techfest.forum.changelog: what changed between two published snapshots."""
import copy
import json
import subprocess
import sys

from techfest.forum.changelog import assign_sequences, diff, is_empty

ROOMS = [{"id": 1, "name": "Hội trường A"}, {"id": 2, "name": "Phòng 201"}]
SPEAKERS = [{"id": 10, "code": "huong", "name": "Nguyễn Thị Hương"}, {"id": 11, "code": "minjun", "name": "김민준"},
            {"id": 12, "code": "seoyeon", "name": "이서연"}]


def session(sid, title, start="2026-11-24T02:00:00+00:00", end="2026-11-24T03:00:00+00:00", room=1, people=(),
            **kw):
    return {"id": sid, "code": f"s{sid}", "title_vi": title, "title_en": "", "description_vi": "", "type": "panel",
            "track": "", "room_id": room, "start": start, "end": end, "languages": ["vi"], "interpretation": "",
            "participants": [{"speaker_id": p, "role": r} for p, r in people], **kw}


def snapshot(*sessions):
    return {"format": 1, "rooms": ROOMS, "speakers": SPEAKERS, "sessions": list(sessions)}


OLD = snapshot(
    session(1, "Phiên 1", people=[(10, "moderator"), (11, "panelist")]),
    session(2, "Tọa đàm", start="2026-11-24T04:00:00+00:00", end="2026-11-24T05:00:00+00:00", room=2),
    session(3, "Workshop bị hủy", start="2026-11-24T06:00:00+00:00", end="2026-11-24T07:00:00+00:00"),
)


def test_first_version_lists_every_session_as_added():
    log = diff(None, OLD)
    assert log["first"] is True
    assert [e["title"] for e in log["added"]] == ["Phiên 1", "Tọa đàm", "Workshop bị hủy"]
    assert log["added"][1]["to"] == {"start": "2026-11-24T04:00:00+00:00", "end": "2026-11-24T05:00:00+00:00",
                                     "room": "Phòng 201"}
    assert log["counts"] == {"added": 3, "removed": 0, "moved": 0, "retitled": 0, "people_changed": 0,
                             "details_changed": 0}


def test_identical_snapshots_have_an_empty_changelog():
    log = diff(OLD, copy.deepcopy(OLD))
    assert is_empty(log) and log["first"] is False


def test_added_removed_moved_retitled_and_people_changed():
    new = snapshot(
        session(1, "Phiên 1: Khai thác thế mạnh", people=[(10, "moderator"), (12, "panelist")]),
        session(2, "Tọa đàm", start="2026-11-24T04:30:00+00:00", end="2026-11-24T05:30:00+00:00", room=1),
        session(4, "Pitching", start="2026-11-25T02:00:00+00:00", end="2026-11-25T03:00:00+00:00"),
    )
    log = diff(OLD, new)
    assert [e["title"] for e in log["added"]] == ["Pitching"]
    assert [e["title"] for e in log["removed"]] == ["Workshop bị hủy"]
    (moved,) = log["moved"]
    assert moved["code"] == "s2"
    assert moved["from"] == {"start": "2026-11-24T04:00:00+00:00", "end": "2026-11-24T05:00:00+00:00", "room": "Phòng 201"}
    assert moved["to"]["room"] == "Hội trường A" and moved["to"]["start"] == "2026-11-24T04:30:00+00:00"
    (retitled,) = log["retitled"]
    assert (retitled["from"], retitled["to"]) == ("Phiên 1", "Phiên 1: Khai thác thế mạnh")
    (people,) = log["people_changed"]
    assert people["added"] == [{"name": "이서연", "role": "panelist"}]
    assert people["removed"] == [{"name": "김민준", "role": "panelist"}]
    assert people["reordered"] is False


def test_role_change_and_reordering_are_people_changes():
    swapped = snapshot(session(1, "Phiên 1", people=[(11, "panelist"), (10, "moderator")]), *OLD["sessions"][1:])
    (entry,) = diff(OLD, swapped)["people_changed"]
    assert entry["reordered"] is True and not entry["added"] and not entry["roles"]
    promoted = snapshot(session(1, "Phiên 1", people=[(10, "moderator"), (11, "moderator")]), *OLD["sessions"][1:])
    (entry,) = diff(OLD, promoted)["people_changed"]
    assert entry["roles"] == [{"name": "김민준", "from": "panelist", "to": "moderator"}]


def test_a_renamed_room_moves_its_sessions_for_the_public():
    renamed = copy.deepcopy(OLD)
    renamed["rooms"] = [{"id": 1, "name": "Hội trường chính"}, ROOMS[1]]
    log = diff(OLD, renamed)
    assert {e["code"] for e in log["moved"]} == {"s1", "s3"}


def test_other_details_are_listed_by_field():
    changed = copy.deepcopy(OLD)
    changed["sessions"][0]["interpretation"] = "vi↔ko"
    changed["sessions"][0]["track"] = "Hợp tác quốc tế"
    (entry,) = diff(OLD, changed)["details_changed"]
    assert entry["fields"] == ["track", "interpretation"]


def test_sequences_grow_only_for_sessions_whose_calendar_entry_changed():
    first = assign_sequences(None, copy.deepcopy(OLD))
    assert [s["sequence"] for s in first["sessions"]] == [0, 0, 0]
    second = copy.deepcopy(first)
    second["sessions"][1]["start"] = "2026-11-24T04:15:00+00:00"
    second["sessions"][2]["expected_attendance"] = 80  # not shown in calendars
    assign_sequences(first, second)
    assert [s["sequence"] for s in second["sessions"]] == [0, 1, 0]
    third = copy.deepcopy(second)
    third["sessions"][1]["title_vi"] = "Tọa đàm (đổi tên)"
    assign_sequences(second, third)
    assert [s["sequence"] for s in third["sessions"]] == [0, 2, 0]


def test_command_line_prints_the_changelog(tmp_path):
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(OLD, ensure_ascii=False), encoding="utf-8")
    new.write_text(json.dumps(snapshot(*OLD["sessions"][:2]), ensure_ascii=False), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "techfest.forum.changelog", str(old), str(new)], capture_output=True,
                         check=True)
    result = json.loads(out.stdout.decode("utf-8"))
    assert [e["title"] for e in result["removed"]] == ["Workshop bị hủy"]
    bad = subprocess.run([sys.executable, "-m", "techfest.forum.changelog", str(old)], capture_output=True)
    assert bad.returncode == 2
