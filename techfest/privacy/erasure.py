"""What an erased person's data is replaced with (pure): the placeholder name and e-mail domain,
and the scrubbing of copies of personal data kept in JSON (check-in scan answers).

Each domain anonymises its own rows in its services (registration, check-in, forum, accounts) with
these values, so an erased person looks the same everywhere; privacy.services orchestrates them.

    echo '{"name": "Lê Minh Đức", "type": "visitor"}' | python -m techfest.privacy.erasure "Lê Minh Đức"
    # -> {"name": "Đã xoá", "type": "visitor"}
"""
from __future__ import annotations

import json
import sys

ERASED_NAME = "Đã xoá"
ERASED_DOMAIN = "invalid.example"   # reserved (RFC 2606): no mail is ever delivered there


def erased_email(local_part: str) -> str:
    """The e-mail address that replaces a person's, e.g. ``erased-12@invalid.example``."""
    return f"{local_part}@{ERASED_DOMAIN}"


def is_erased_email(email: str | None) -> bool:
    return bool(email) and email.endswith("@" + ERASED_DOMAIN)


def personal_values(*values: str | None) -> set[str]:
    """The values worth searching for in copies (three characters or more: "" or "An" would
    match far too much)."""
    return {v for v in values if v and len(v) >= 3}


def scrub(value, secrets_: set[str]):
    """``value`` (JSON) with every string containing one of ``secrets_`` replaced."""
    if isinstance(value, dict):
        return {k: scrub(v, secrets_) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v, secrets_) for v in value]
    if isinstance(value, str) and any(s in value for s in secrets_):
        return ERASED_NAME
    return value


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(scrub(json.load(sys.stdin), personal_values(*sys.argv[1:])), ensure_ascii=False))
