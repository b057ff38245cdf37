"""Regressions found by the API fuzzer (tests/api/test_fuzz_schemathesis.py)."""
from __future__ import annotations


def test_batch_scan_without_nonce_answers_a_documented_error(api, client, world):
    resp = api.post("/api/v1/checkin/batch", {"scans": [{}]}, token=world.staff_token)
    assert resp.status_code == 200
    result = resp.json["results"][0]
    assert result["status"] == "error" and "nonce" in result["fields"]
    assert result["nonce"] is None
    # ...and the document allows that null, so clients generated from it accept the answer
    spec = client.get("/api/v1/openapi.json").json
    assert spec["components"]["schemas"]["ScanResult"]["properties"]["nonce"].get("nullable") is True


def test_registration_id_too_large_for_the_database_answers_422(api, world):
    resp = api.post("/api/v1/checkin", {"registration_id": 46481016622201190511062024192, "point": "GATE-A",
                                        "nonce": "huge-1"}, token=world.staff_token)
    assert resp.status_code == 422, resp.status_code
    assert "registration_id" in resp.json["fields"]


def test_batch_items_with_bad_registration_id_or_direction_answer_field_errors(api, world):
    scans = [{"registration_id": 46481016622201190511062024192, "point": "GATE-A", "nonce": "b1"},
             {"registration_id": "abc", "point": "GATE-A", "nonce": "b2"},
             {"token": world.token, "point": "GATE-A", "nonce": "b3", "direction": "sideways"},
             {"token": world.token, "point": "GATE-A", "nonce": "b4"}]
    resp = api.post("/api/v1/checkin/batch", {"scans": scans}, token=world.staff_token)
    assert resp.status_code == 200, resp.status_code
    results = resp.json["results"]
    assert [r["status"] for r in results] == ["error", "error", "error", "ok"]
    assert "registration_id" in results[0]["fields"] and "registration_id" in results[1]["fields"]
    assert "direction" in results[2]["fields"]
