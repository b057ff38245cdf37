"""Signed badge tokens for QR codes.

A badge token is the *only* thing a badge QR code holds.  It is a short ASCII
string (at most :data:`MAX_TOKEN_LENGTH` = 120 characters) that names an
edition, a registration and the badge version, signed with the edition's
Ed25519 key.  Any scanner that knows the edition's public key can check a
badge offline.

This package is pure: it depends only on the standard library and
``cryptography`` (no Flask, no SQLAlchemy), so it can be reused by offline
scanner tools and by its command line interface
(``python -m techfest.registration.tokens``).

Its modules, by responsibility (callers import the names below from this package):

- ``payload``: the token layout (format 1, described there), value ranges,
  :class:`TokenClaims`, :class:`InvalidToken` and the structural parse;
- ``encoding``: canonical base64url, varints and packed edition codes;
- ``signing``: :func:`sign_token`, :func:`verify_token`, :func:`peek_token`,
  :func:`extract_token`, :func:`is_current`;
- ``keys``: key pairs, the key forms callers may give, public key formats;
- ``keystore``: private keys at rest (encrypted for the database);
- ``cli``: the command line.

Revocation is the caller's business: the registration row stores its current
badge version, and :func:`is_current` compares it with the token's.

Typical use in a scan view::

    token = extract_token(scanned_text)
    edition = peek_token(token).edition          # NOT trusted yet
    claims = verify_token(token, public_key_of(edition))
    if not is_current(claims, registration.badge_version): ...
"""

from __future__ import annotations

from .cli import main
from .keys import (
    InvalidKeyError,
    generate_keypair,
    public_key_b64,
    public_key_from_private,
    public_key_pem,
)
from .keystore import KeyDecryptionError, decrypt_private_key, encrypt_private_key
from .payload import (
    MAX_EDITION_CODE_LENGTH,
    MAX_EDITION_ID,
    MAX_REGISTRATION_ID,
    MAX_TOKEN_LENGTH,
    MAX_VERSION,
    PREFIX,
    SIGNING_DOMAIN,
    Edition,
    InvalidToken,
    TokenClaims,
)
from .signing import extract_token, is_current, peek_token, sign_token, verify_token

# SIGNING_DOMAIN is importable from here too (not in __all__, as before the split).

__all__ = [
    "PREFIX",
    "MAX_TOKEN_LENGTH",
    "MAX_EDITION_ID",
    "MAX_EDITION_CODE_LENGTH",
    "MAX_REGISTRATION_ID",
    "MAX_VERSION",
    "Edition",
    "TokenClaims",
    "InvalidToken",
    "InvalidKeyError",
    "KeyDecryptionError",
    "generate_keypair",
    "public_key_from_private",
    "sign_token",
    "verify_token",
    "peek_token",
    "extract_token",
    "is_current",
    "encrypt_private_key",
    "decrypt_private_key",
    "public_key_b64",
    "public_key_pem",
    "main",
]
