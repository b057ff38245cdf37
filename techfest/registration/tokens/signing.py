"""Signing and checking badge tokens: ``sign_token``, ``verify_token``, ``peek_token`` (the
claimed edition, to pick its key), ``extract_token`` (the token in scanner output) and
``is_current`` (the badge version check)."""

from __future__ import annotations

import re

from cryptography.exceptions import InvalidSignature

from .encoding import _b64e
from .keys import KeyInput, PrivateKeyInput, _load_private_key, _load_public_key
from .payload import (
    MAX_REGISTRATION_ID,
    MAX_TOKEN_LENGTH,
    MAX_VERSION,
    PREFIX,
    SIGNING_DOMAIN,
    Edition,
    InvalidToken,
    TokenClaims,
    _check_edition,
    _check_int,
    _encode_payload,
    _parse,
)

#: A token at the very end of a text (URL, "badge: TF1...", ...).  It must be
#: preceded by the start of the text or a character that cannot be part of a
#: token, so "xTF1.abc" is not mistaken for a token.
_TRAILING_TOKEN_RE = re.compile(r"(?:^|[^A-Za-z0-9_.-])(" + re.escape(PREFIX) + r"[A-Za-z0-9_-]+)$")


def sign_token(
    private_key: PrivateKeyInput, edition: Edition, registration_id: int, version: int
) -> str:
    """Create the badge token for one registration.

    :param private_key: the edition's Ed25519 private key (32 raw bytes as
        returned by :func:`generate_keypair`, or a PEM / key object).
    :param edition: integer edition id (0..2**63-1) or a 1-16 character code
        of ``[A-Za-z0-9_-]``.
    :param registration_id: 0..:data:`MAX_REGISTRATION_ID`.
    :param version: 0..:data:`MAX_VERSION`; bump it to re-issue a badge and
        make older tokens stale.
    :raises TypeError, ValueError: arguments out of range;
        :class:`InvalidKeyError` for an unusable key.
    :returns: an ASCII token of at most :data:`MAX_TOKEN_LENGTH` characters.
    """
    edition = _check_edition(edition)
    _check_int("registration_id", registration_id, MAX_REGISTRATION_ID)
    _check_int("version", version, MAX_VERSION)
    key = _load_private_key(private_key)
    payload = _encode_payload(edition, registration_id, version)
    token = PREFIX + _b64e(payload + key.sign(SIGNING_DOMAIN + payload))
    # Guaranteed by the value ranges (see module docstring); keep it honest.
    assert len(token) <= MAX_TOKEN_LENGTH, len(token)
    return token


def verify_token(token: str, public_key: KeyInput) -> TokenClaims:
    """Check a token's structure and signature; return its claims.

    :param public_key: the edition's public key (32 raw bytes, base64url
        string, PEM or key object).  Use :func:`peek_token` first to learn
        which edition's key applies.
    :raises InvalidToken: for anything wrong with the token (never any other
        exception for bad token input).
    :raises InvalidKeyError: if ``public_key`` itself is unusable.

    Whether the version is still current is the caller's check
    (:func:`is_current`).
    """
    key = _load_public_key(public_key)
    claims, payload, signature = _parse(token)
    try:
        key.verify(signature, SIGNING_DOMAIN + payload)
    except InvalidSignature:
        raise InvalidToken("bad signature") from None
    return claims


def peek_token(token: str) -> TokenClaims:
    """Parse a token WITHOUT checking its signature.

    Only meant to find out which edition (and thus which public key) a token
    claims to belong to.  The result is untrusted: callers must then call
    :func:`verify_token` and use *its* result.

    :raises InvalidToken: if the token is structurally invalid.
    """
    return _parse(token)[0]


def extract_token(text: str) -> str:
    """Find the badge token in scanner output.

    Accepts a bare token or any text/URL that *ends* in one, e.g.
    ``"https://fair.example/b/TF1.xxxx"``, ``"https://h/b?t=TF1.xxxx"`` or
    ``" TF1.xxxx\\n"``.  Surrounding whitespace and trailing slashes are
    ignored.  The result is not validated beyond its shape: pass it to
    :func:`verify_token`.

    :raises InvalidToken: if no token can be found.
    """
    if not isinstance(text, str):
        raise InvalidToken("scanned data must be text")
    candidate = text.strip().rstrip("/")
    match = _TRAILING_TOKEN_RE.search(candidate)
    if match is None:
        raise InvalidToken("no badge token found")
    return match.group(1)


def is_current(claims: TokenClaims, current_version: int) -> bool:
    """True if the token's version is the registration's current badge version.

    Anything else -- an older version (re-issued badge) or, suspiciously, a
    newer one -- is not current.
    """
    return claims.version == current_version
