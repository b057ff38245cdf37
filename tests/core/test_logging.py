"""Structured logs: LOG_FORMAT=json writes one parseable JSON object per line."""
import json
import logging


def test_json_log_formatter_writes_one_object_per_line():
    from techfest import JsonLogFormatter

    record = logging.LogRecord("techfest.checkin", logging.INFO, __file__, 1, "scan %s at %s", ("42", "Cổng 1"), None)
    entry = json.loads(JsonLogFormatter().format(record))
    assert entry["message"] == "scan 42 at Cổng 1" and entry["level"] == "INFO" and entry["logger"] == "techfest.checkin"
    assert "\n" not in JsonLogFormatter().format(record)
