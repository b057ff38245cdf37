"""Badge verification for check-in: forged, tampered, re-issued and cancelled badges are refused."""
from __future__ import annotations

from techfest.registration import services, tokens
from techfest.registration.models import EditionKey
from tests.factories import make_edition
from tests.registration.factories import make_registration


def _flip(token: str, index: int) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    ch = token[index]
    return token[:index] + alphabet[(alphabet.index(ch) + 1) % 64] + token[index + 1:]


def test_a_current_badge_is_ok_also_inside_a_scanned_url(live_edition):
    reg = make_registration(live_edition)
    token = services.badge_token(reg)
    assert services.verify_badge(token, live_edition) == (reg, "ok", tokens.peek_token(token), "")
    reg2, status, *_ = services.verify_badge(f"https://techfest.example/b/{token}", live_edition)
    assert (reg2, status) == (reg, "ok")


def test_tampered_truncated_and_garbage_tokens_are_invalid(live_edition):
    token = services.badge_token(make_registration(live_edition))
    for bad in (_flip(token, 10), _flip(token, len(token) - 3), token[:-5], token + "A", "hello", "", "TF1."):
        assert services.verify_badge(bad, live_edition).status == "invalid", bad


def test_a_badge_forged_with_another_key_is_invalid(live_edition):
    reg = make_registration(live_edition)
    forger_key, _ = tokens.generate_keypair()
    forged = tokens.sign_token(forger_key, live_edition.id, reg.id, reg.badge_version)
    assert services.verify_badge(forged, live_edition).status == "invalid"


def test_a_genuine_badge_of_another_edition_is_wrong_edition(live_edition):
    other = make_edition(slug="hp-2025", status="archived", year=2025)
    reg = make_registration(other)
    # archived: registration goes through the organizer path
    token = services.badge_token(reg)
    check = services.verify_badge(token, live_edition)
    assert check.status == "wrong_edition" and check.registration == reg
    assert services.verify_badge(token, other).status == "ok"


def test_reissued_and_cancelled_badges_are_revoked(live_edition):
    reg = make_registration(live_edition)
    old = services.badge_token(reg)
    services.reissue_badge(None, reg, notify_attendee=False)
    new = services.badge_token(reg)
    assert new != old
    assert services.verify_badge(old, live_edition).status == "revoked"
    assert services.verify_badge(new, live_edition).status == "ok"
    services.cancel_registration(None, reg, notify_attendee=False)
    assert services.verify_badge(new, live_edition).status == "revoked"
    assert services.badge_token(reg) is None


def test_the_public_key_endpoint_lets_a_scanner_verify_offline_and_never_shows_the_private_key(client, live_edition):
    reg = make_registration(live_edition)
    token = services.badge_token(reg)
    info = client.get("/editions/hp/badge-key").json
    assert info["algorithm"] == "Ed25519" and info["edition_id"] == live_edition.id
    claims = tokens.verify_token(token, info["public_key"])
    assert (claims.edition, claims.registration_id, claims.version) == (live_edition.id, reg.id, reg.badge_version)
    from sqlalchemy import select

    from techfest.core.db import db

    row = db.session.scalar(select(EditionKey).where(EditionKey.edition_id == live_edition.id))
    assert row.private_key_encrypted.startswith("tfk1.")
    assert row.private_key_encrypted not in client.get("/editions/hp/badge-key").get_data(as_text=True)
    raw = tokens.decrypt_private_key(row.private_key_encrypted, "testing-secret-not-for-production",
                                     context=f"edition:{live_edition.id}")
    assert tokens.public_key_b64(tokens.public_key_from_private(raw)) == info["public_key"]
    import pytest

    with pytest.raises(tokens.KeyDecryptionError):
        tokens.decrypt_private_key(row.private_key_encrypted, "another-secret", context=f"edition:{live_edition.id}")


def test_draft_editions_keep_their_key_private(client):
    make_edition(slug="draft", status="draft")
    assert client.get("/editions/draft/badge-key").status_code == 404
