"""Changelog between two published programme snapshots (pure: stdlib only).

A *snapshot* is the JSON document frozen in each published schedule version
(``techfest.forum.services.build_snapshot`` writes it)::

    {
      "format": 1,
      "edition": {"slug", "name", "timezone", "start_date", "end_date"},
      "rooms":    [{"id", "name", "capacity", "floor", "hall", "equipment"}],
      "speakers": [{"id", "code", "name", "title", "organisation", "country",
                    "bio_vi", "bio_en", "photo"}],
      "sessions": [{"id", "code", "title_vi", "title_en", "description_vi",
                    "description_en", "type", "track", "room_id", "start", "end",
                    "expected_attendance", "languages": [...], "interpretation",
                    "participants": [{"speaker_id", "role"}], "sequence"}]
    }

``start``/``end`` are ISO 8601 UTC strings. Only public sessions and the
speakers taking part in them are frozen (no e-mail addresses, no accounts).

:func:`diff` compares the previous snapshot (or ``None`` for the first
version) with the new one and returns the changelog stored next to it::

    {"added": [...], "removed": [...], "moved": [...], "retitled": [...],
     "people_changed": [...], "details_changed": [...],
     "counts": {"added": 1, ...}, "first": bool}

Every entry names the session (``id``, ``code``, ``title``); ``moved`` gives
``from``/``to`` with ``start``, ``end`` and ``room`` (room name), ``retitled``
the old and new titles, ``people_changed`` the names ``added``/``removed``
and role changes. A session may appear under several kinds.

:func:`assign_sequences` sets each new session's iCalendar ``SEQUENCE``: the
previous value, plus one when anything a calendar shows changed.

``python -m techfest.forum.changelog old.json new.json`` prints the changelog.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["KINDS", "assign_sequences", "diff", "is_empty", "main"]

#: Changelog kinds, in display order.
KINDS = ("added", "removed", "moved", "retitled", "people_changed", "details_changed")

_DETAIL_FIELDS = ("description_vi", "description_en", "type", "track", "expected_attendance",
                  "languages", "interpretation")


def _index(snapshot: Mapping[str, Any] | None, key: str) -> dict[Any, Mapping[str, Any]]:
    if not snapshot:
        return {}
    return {item["id"]: item for item in snapshot.get(key, [])}


def _room_name(rooms: Mapping[Any, Mapping[str, Any]], room_id) -> str | None:
    room = rooms.get(room_id) if room_id is not None else None
    return room["name"] if room else None


def _people(session: Mapping[str, Any], speakers: Mapping[Any, Mapping[str, Any]]) -> list[tuple[Any, str, str]]:
    out = []
    for p in session.get("participants", []):
        speaker = speakers.get(p["speaker_id"])
        out.append((p["speaker_id"], speaker["name"] if speaker else str(p["speaker_id"]), p["role"]))
    return out


def _ref(session: Mapping[str, Any]) -> dict[str, Any]:
    return {"id": session["id"], "code": session.get("code"), "title": session["title_vi"],
            "title_en": session.get("title_en") or ""}


def _place(session: Mapping[str, Any], rooms) -> dict[str, Any]:
    return {"start": session["start"], "end": session["end"], "room": _room_name(rooms, session.get("room_id"))}


def _sort_key(session: Mapping[str, Any]):
    return (session["start"], str(session["id"]))


def diff(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> dict[str, Any]:
    """The changelog from ``old`` (None: nothing published yet) to ``new``."""
    old_sessions, new_sessions = _index(old, "sessions"), _index(new, "sessions")
    old_rooms, new_rooms = _index(old, "rooms"), _index(new, "rooms")
    old_speakers, new_speakers = _index(old, "speakers"), _index(new, "speakers")
    out: dict[str, Any] = {kind: [] for kind in KINDS}

    for s in sorted(new_sessions.values(), key=_sort_key):
        before = old_sessions.get(s["id"])
        if before is None:
            out["added"].append({**_ref(s), "to": _place(s, new_rooms)})
            continue
        was, now = _place(before, old_rooms), _place(s, new_rooms)
        if was != now:
            out["moved"].append({**_ref(s), "from": was, "to": now})
        if (before["title_vi"], before.get("title_en") or "") != (s["title_vi"], s.get("title_en") or ""):
            out["retitled"].append({**_ref(s), "from": before["title_vi"], "to": s["title_vi"],
                                    "from_en": before.get("title_en") or "", "to_en": s.get("title_en") or ""})
        people_before, people_now = _people(before, old_speakers), _people(s, new_speakers)
        if people_before != people_now:
            ids_before = {pid: (name, role) for pid, name, role in people_before}
            ids_now = {pid: (name, role) for pid, name, role in people_now}
            entry = {
                **_ref(s),
                "added": [{"name": name, "role": role} for pid, name, role in people_now if pid not in ids_before],
                "removed": [{"name": name, "role": role} for pid, name, role in people_before if pid not in ids_now],
                "roles": [{"name": ids_now[pid][0], "from": ids_before[pid][1], "to": ids_now[pid][1]}
                          for pid in ids_now if pid in ids_before and ids_before[pid][1] != ids_now[pid][1]],
            }
            entry["reordered"] = not (entry["added"] or entry["removed"] or entry["roles"])
            out["people_changed"].append(entry)
        changed = [f for f in _DETAIL_FIELDS if before.get(f) != s.get(f)]
        if changed:
            out["details_changed"].append({**_ref(s), "fields": changed})
    for s in sorted(old_sessions.values(), key=_sort_key):
        if s["id"] not in new_sessions:
            out["removed"].append({**_ref(s), "from": _place(s, old_rooms)})
    out["counts"] = {kind: len(out[kind]) for kind in KINDS}
    out["first"] = old is None
    return out


def is_empty(changelog: Mapping[str, Any]) -> bool:
    """True when nothing session-related changed."""
    return not any(changelog.get(kind) for kind in KINDS)


def _calendar_view(session: Mapping[str, Any], rooms, speakers) -> tuple:
    """What a calendar entry shows: a change here bumps the iCalendar SEQUENCE."""
    return (session["start"], session["end"], _room_name(rooms, session.get("room_id")), session["title_vi"],
            session.get("title_en") or "", session.get("description_vi") or "", session.get("description_en") or "",
            tuple(_people(session, speakers)), session.get("type"), session.get("track"))


def assign_sequences(old: Mapping[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    """Set ``sequence`` on every session of ``new`` (in place) and return it."""
    old_sessions = _index(old, "sessions")
    old_rooms, new_rooms = _index(old, "rooms"), _index(new, "rooms")
    old_speakers, new_speakers = _index(old, "speakers"), _index(new, "speakers")
    for s in new.get("sessions", []):
        before = old_sessions.get(s["id"])
        if before is None:
            s["sequence"] = 0
            continue
        seq = int(before.get("sequence", 0))
        if _calendar_view(before, old_rooms, old_speakers) != _calendar_view(s, new_rooms, new_speakers):
            seq += 1
        s["sequence"] = seq
    return new


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m techfest.forum.changelog OLD.json NEW.json`` (OLD may be ``-`` for none)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print("usage: python -m techfest.forum.changelog OLD.json|- NEW.json", file=sys.stderr)
        return 2
    try:
        old = None if args[0] == "-" else json.loads(open(args[0], encoding="utf-8").read())
        new = json.loads(open(args[1], encoding="utf-8").read())
        result = diff(old, new)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.buffer.write(json.dumps(result, ensure_ascii=False, indent=2).encode("utf-8") + b"\n")
    return 0


def erase_speaker(snapshot: Mapping[str, Any], speaker_id, placeholder: str) -> dict:
    """``snapshot`` with the person removed from speaker ``speaker_id``'s entry (a privacy
    erasure): name replaced by ``placeholder``, title, organisation, bios and photo emptied.
    The entry and the sessions' participants stay, so the programme keeps its shape."""
    out = json.loads(json.dumps(snapshot))
    for entry in out.get("speakers", []):
        if entry.get("id") == speaker_id:
            entry.update(name=placeholder, title="", organisation="", bio_vi="", bio_en="", photo=None)
    return out


def rename_person(changelog: Mapping[str, Any] | None, name: str, placeholder: str):
    """``changelog`` with every person entry named exactly ``name`` (``people_changed``'s
    added, removed and role changes) renamed ``placeholder``."""
    if not changelog:
        return changelog
    out = json.loads(json.dumps(changelog))
    for entry in out.get("people_changed", []):
        for kind in ("added", "removed", "roles"):
            for person in entry.get(kind, []) or []:
                if isinstance(person, dict) and person.get("name") == name:
                    person["name"] = placeholder
    return out


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
