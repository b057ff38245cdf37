"""Signed badge tokens for QR codes.

A badge token is the *only* thing a badge QR code holds.  It is a short ASCII
string (at most :data:`MAX_TOKEN_LENGTH` = 120 characters) that names an
edition, a registration and the badge version, signed with the edition's
Ed25519 key.  Any scanner that knows the edition's public key can check a
badge offline.

This module is pure: it depends only on the standard library and
``cryptography`` (no Flask, no SQLAlchemy), so it can be reused by offline
scanner tools and by the command line interface at the bottom of the file.

Token layout (format 1)
-----------------------
::

    "TF1." + base64url_nopad(payload || signature)

``payload`` (binary, 4..27 bytes):

====================  ========================================================
header (1 byte)       bits 7-5: payload format (``001``);
                      bit 4: edition kind (0 = integer id, 1 = short code);
                      bits 3-0: code length - 1 (must be 0 for integer ids)
edition               integer id: unsigned LEB128 varint;
                      code: 1-16 chars of ``[A-Za-z0-9_-]`` packed 6 bits each
registration id       unsigned LEB128 varint (minimal encoding)
version               unsigned LEB128 varint (minimal encoding)
====================  ========================================================

``signature`` is the 64-byte Ed25519 signature of ``SIGNING_DOMAIN + payload``
(the domain label makes a badge signature useless as a signature over
anything else made with the same key).

Decoding is strict and canonical -- the prefix must match, the base64 must be
the canonical unpadded encoding, varints must be minimal, and the payload
must be consumed exactly -- so *every* changed character of a valid token is
rejected, not only those covered by the signature.

Size: the value ranges below (:data:`MAX_REGISTRATION_ID`,
:data:`MAX_VERSION`, 16-character codes) are chosen so that every token this
module can produce is at most 120 characters long: the worst case is
1 + 12 + 6 + 3 = 22 payload bytes + 64 signature bytes = 86 bytes
= 115 base64 characters + 4 prefix characters = 119.  Typical tokens
(small integer edition id) are about 95-100 characters.

Revocation is the caller's business: the registration row stores its current
badge version, and :func:`is_current` compares it with the token's.

Typical use in a scan view::

    token = extract_token(scanned_text)
    edition = peek_token(token).edition          # NOT trusted yet
    claims = verify_token(token, public_key_of(edition))
    if not is_current(claims, registration.badge_version): ...
"""

from __future__ import annotations

import argparse
import base64
import binascii
import json
import os
import re
import sys
from dataclasses import asdict, dataclass
from typing import Sequence, Union

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

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

# --------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------

#: Fixed prefix of every format-1 token; lets scanners recognise badges.
PREFIX = "TF1."
#: Hard upper bound of a token's length (characters).  Longer input is
#: rejected before any decoding work is done.
MAX_TOKEN_LENGTH = 120
#: Bytes signed in addition to the payload (domain separation).
SIGNING_DOMAIN = b"TF1.techfest-badge\x00"

#: Largest integer edition id (fits a PostgreSQL BIGINT).
MAX_EDITION_ID = 2**63 - 1
#: Longest edition code (characters of ``[A-Za-z0-9_-]``).
MAX_EDITION_CODE_LENGTH = 16
#: Largest registration id: 2**42 - 1 (about 4.4e12); keeps tokens <= 120 chars.
MAX_REGISTRATION_ID = 2**42 - 1
#: Largest badge version: 2**21 - 1 (about 2 million re-issues).
MAX_VERSION = 2**21 - 1

_FORMAT = 1
_KIND_ID = 0
_KIND_CODE = 1
_SIGNATURE_LENGTH = 64
_RAW_KEY_LENGTH = 32
_MIN_PAYLOAD_LENGTH = 4  # header + 1-byte edition + 1-byte id + 1-byte version

#: Alphabet of edition codes == the base64url alphabet (64 symbols, 6 bits).
_CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_CODE_INDEX = {c: i for i, c in enumerate(_CODE_ALPHABET)}

_B64URL_RE = re.compile(r"[A-Za-z0-9_-]+")
_OTHER_FORMAT_RE = re.compile(r"TF[0-9]+\.")
#: A token at the very end of a text (URL, "badge: TF1...", ...).  It must be
#: preceded by the start of the text or a character that cannot be part of a
#: token, so "xTF1.abc" is not mistaken for a token.
_TRAILING_TOKEN_RE = re.compile(r"(?:^|[^A-Za-z0-9_.-])(" + re.escape(PREFIX) + r"[A-Za-z0-9_-]+)$")

# Private keys at rest.
_KEY_BLOB_PREFIX = "tfk1."
_KEY_WRAP_SALT = b"techfest.registration.tokens/key-wrap/v1"
_KEY_WRAP_INFO = b"techfest badge Ed25519 private key at rest; AES-256-GCM"
_NONCE_LENGTH = 12
_GCM_TAG_LENGTH = 16

Edition = Union[int, str]
KeyInput = Union[bytes, str, Ed25519PublicKey]
PrivateKeyInput = Union[bytes, str, Ed25519PrivateKey]


# --------------------------------------------------------------------------
# Errors and claims
# --------------------------------------------------------------------------


class InvalidToken(ValueError):
    """The text is not a valid badge token (malformed, truncated, wrong
    format, bad signature...).  ``reason`` is a short human readable text,
    safe to show to the person at the scanner."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class InvalidKeyError(ValueError):
    """A key given by the caller (configuration) cannot be used.  Deliberately
    *not* an :class:`InvalidToken`: a broken key is a server problem, not a
    bad badge."""


class KeyDecryptionError(ValueError):
    """An encrypted private key cannot be decrypted: wrong secret, wrong
    context, or a corrupted/malformed blob."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class TokenClaims:
    """What a badge token says.

    ``edition`` keeps its type: ``5`` (an integer id) and ``"5"`` (a code)
    are different editions.
    """

    edition: Edition
    registration_id: int
    version: int


class _Malformed(Exception):
    """Internal: raised by the payload parser, turned into InvalidToken."""


# --------------------------------------------------------------------------
# Small encoding helpers
# --------------------------------------------------------------------------


def _b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64d_strict(text: str) -> bytes:
    """Decode canonical unpadded base64url; raise ValueError otherwise."""
    if not _B64URL_RE.fullmatch(text) or len(text) % 4 == 1:
        raise ValueError("not base64url")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:  # pragma: no cover - guarded above
        raise ValueError("not base64url") from exc
    # Unused low bits of the last character must be zero, otherwise two
    # different strings would decode to the same bytes.
    if _b64e(raw) != text:
        raise ValueError("non-canonical base64url")
    return raw


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _read_varint(data: bytes, pos: int, maximum: int) -> tuple[int, int]:
    """Read a minimal unsigned LEB128 varint at ``pos``; return (value, new pos)."""
    value = 0
    shift = 0
    start = pos
    while True:
        if pos >= len(data):
            raise _Malformed("truncated payload")
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if value > maximum:
            raise _Malformed("value out of range")
        if not byte & 0x80:
            if byte == 0 and pos - start > 1:
                raise _Malformed("non-minimal number encoding")
            return value, pos
        shift += 7


def _pack_code(code: str) -> bytes:
    bits = 0
    for ch in code:
        bits = (bits << 6) | _CODE_INDEX[ch]
    nbits = 6 * len(code)
    nbytes = (nbits + 7) // 8
    return (bits << (8 * nbytes - nbits)).to_bytes(nbytes, "big")


def _unpack_code(data: bytes, length: int) -> str:
    nbits = 6 * length
    pad = 8 * len(data) - nbits
    bits = int.from_bytes(data, "big")
    if bits & ((1 << pad) - 1):
        raise _Malformed("non-canonical edition code")
    bits >>= pad
    chars = [_CODE_ALPHABET[(bits >> (6 * i)) & 0x3F] for i in range(length - 1, -1, -1)]
    return "".join(chars)


def _check_int(name: str, value: object, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if not 0 <= value <= maximum:
        raise ValueError(f"{name} must be between 0 and {maximum}, got {value}")
    return value


def _check_edition(edition: object) -> Edition:
    if isinstance(edition, str):
        if not 1 <= len(edition) <= MAX_EDITION_CODE_LENGTH or any(
            c not in _CODE_INDEX for c in edition
        ):
            raise ValueError(
                "edition code must be 1-16 characters of A-Z a-z 0-9 '-' '_', "
                f"got {edition!r}"
            )
        return edition
    return _check_int("edition", edition, MAX_EDITION_ID)


# --------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------


def generate_keypair() -> tuple[bytes, bytes]:
    """Create a new Ed25519 key pair for an edition.

    Returns ``(private_raw, public_raw)``, both 32 raw bytes.  Store the
    private half only encrypted (:func:`encrypt_private_key`); publish the
    public half (:func:`public_key_b64` / :func:`public_key_pem`).
    """
    private = Ed25519PrivateKey.generate()
    private_raw = private.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return private_raw, _public_raw(private.public_key())


def _public_raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _load_private_key(key: PrivateKeyInput) -> Ed25519PrivateKey:
    """Accept a key object, 32 raw bytes, or an unencrypted PEM (bytes/str)."""
    if isinstance(key, Ed25519PrivateKey):
        return key
    if isinstance(key, str):
        key = key.encode("ascii", "replace")
    if not isinstance(key, (bytes, bytearray, memoryview)):
        raise InvalidKeyError(f"private key must be bytes, not {type(key).__name__}")
    key = bytes(key)
    try:
        if len(key) == _RAW_KEY_LENGTH:
            return Ed25519PrivateKey.from_private_bytes(key)
        if key.lstrip().startswith(b"-----BEGIN"):
            loaded = serialization.load_pem_private_key(key, password=None)
            if isinstance(loaded, Ed25519PrivateKey):
                return loaded
            raise InvalidKeyError("PEM private key is not an Ed25519 key")
    except InvalidKeyError:
        raise
    except (ValueError, TypeError) as exc:
        raise InvalidKeyError(f"unusable private key: {exc}") from exc
    raise InvalidKeyError("private key must be 32 raw bytes or an Ed25519 PEM")


def _load_public_key(key: KeyInput) -> Ed25519PublicKey:
    """Accept a key object, 32 raw bytes, a PEM (bytes/str) or base64url of
    the 32 raw bytes (str, as printed by :func:`public_key_b64`)."""
    if isinstance(key, Ed25519PublicKey):
        return key
    try:
        if isinstance(key, str):
            text = key.strip()
            if text.startswith("-----BEGIN"):
                key = text.encode("ascii")
            else:
                try:
                    key = _b64d_strict(text.rstrip("="))
                except ValueError as exc:
                    raise InvalidKeyError("public key is not base64url or PEM") from exc
        if not isinstance(key, (bytes, bytearray, memoryview)):
            raise InvalidKeyError(f"public key must be bytes or str, not {type(key).__name__}")
        key = bytes(key)
        if len(key) == _RAW_KEY_LENGTH:
            return Ed25519PublicKey.from_public_bytes(key)
        if key.lstrip().startswith(b"-----BEGIN"):
            loaded = serialization.load_pem_public_key(key)
            if isinstance(loaded, Ed25519PublicKey):
                return loaded
            raise InvalidKeyError("PEM public key is not an Ed25519 key")
    except InvalidKeyError:
        raise
    except (ValueError, TypeError, UnicodeError) as exc:
        raise InvalidKeyError(f"unusable public key: {exc}") from exc
    raise InvalidKeyError("public key must be 32 raw bytes, base64url or an Ed25519 PEM")


def public_key_from_private(private_key: PrivateKeyInput) -> bytes:
    """Raw 32-byte public key belonging to ``private_key``."""
    return _public_raw(_load_private_key(private_key).public_key())


def public_key_b64(public_key: KeyInput) -> str:
    """The public key as unpadded base64url of its 32 raw bytes (43 chars);
    the compact form for scanner apps and the CLI ``--public-key``."""
    return _b64e(_public_raw(_load_public_key(public_key)))


def public_key_pem(public_key: KeyInput) -> str:
    """The public key as a SubjectPublicKeyInfo PEM (for generic tooling)."""
    return (
        _load_public_key(public_key)
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


# --------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------


def _encode_payload(edition: Edition, registration_id: int, version: int) -> bytes:
    if isinstance(edition, str):
        head = bytes([(_FORMAT << 5) | (_KIND_CODE << 4) | (len(edition) - 1)])
        body = _pack_code(edition)
    else:
        head = bytes([(_FORMAT << 5) | (_KIND_ID << 4)])
        body = _varint(edition)
    return head + body + _varint(registration_id) + _varint(version)


def _decode_payload(payload: bytes) -> TokenClaims:
    header = payload[0]
    if header >> 5 != _FORMAT:
        raise InvalidToken("unsupported payload format")
    kind = (header >> 4) & 1
    low = header & 0x0F
    pos = 1
    edition: Edition
    if kind == _KIND_ID:
        if low:
            raise InvalidToken("malformed header")
        edition, pos = _read_varint(payload, pos, MAX_EDITION_ID)
    else:
        length = low + 1
        nbytes = (6 * length + 7) // 8
        if pos + nbytes > len(payload):
            raise _Malformed("truncated payload")
        edition = _unpack_code(payload[pos : pos + nbytes], length)
        pos += nbytes
    registration_id, pos = _read_varint(payload, pos, MAX_REGISTRATION_ID)
    version, pos = _read_varint(payload, pos, MAX_VERSION)
    if pos != len(payload):
        raise InvalidToken("unexpected trailing data")
    return TokenClaims(edition=edition, registration_id=registration_id, version=version)


def _parse(token: object) -> tuple[TokenClaims, bytes, bytes]:
    """Structural checks shared by peek and verify: (claims, payload, signature)."""
    if not isinstance(token, str):
        raise InvalidToken("token must be text")
    if not token:
        raise InvalidToken("empty token")
    if len(token) > MAX_TOKEN_LENGTH:
        raise InvalidToken("token too long")
    if not token.startswith(PREFIX):
        if _OTHER_FORMAT_RE.match(token):
            raise InvalidToken("unsupported token format")
        raise InvalidToken("not a badge token")
    try:
        raw = _b64d_strict(token[len(PREFIX) :])
    except ValueError:
        raise InvalidToken("malformed token encoding") from None
    if len(raw) < _MIN_PAYLOAD_LENGTH + _SIGNATURE_LENGTH:
        raise InvalidToken("truncated token")
    payload, signature = raw[:-_SIGNATURE_LENGTH], raw[-_SIGNATURE_LENGTH:]
    try:
        claims = _decode_payload(payload)
    except _Malformed as exc:
        raise InvalidToken(f"malformed token: {exc}") from None
    return claims, payload, signature


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


# --------------------------------------------------------------------------
# Private keys at rest
# --------------------------------------------------------------------------


def _wrapping_key(secret: str | bytes) -> bytes:
    if isinstance(secret, str):
        secret = secret.encode("utf-8")
    if not isinstance(secret, bytes) or not secret:
        raise ValueError("secret must be a non-empty str or bytes")
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=_KEY_WRAP_SALT, info=_KEY_WRAP_INFO
    ).derive(secret)


def _aad(context: str) -> bytes:
    return _KEY_BLOB_PREFIX.encode("ascii") + context.encode("utf-8")


def encrypt_private_key(raw: bytes, secret: str | bytes, *, context: str = "") -> str:
    """Encrypt a 32-byte Ed25519 private key for storage in the database.

    The AES-256-GCM key is derived from ``secret`` (the app's SECRET_KEY)
    with HKDF-SHA256 and a fixed salt/info label.  HKDF is not a password
    hash: ``secret`` must be a high-entropy machine secret, not a human
    password.  ``context`` (e.g. ``"edition:42"``) is authenticated but not
    stored; decrypting with a different context fails, so encrypted keys
    cannot be swapped between editions.  Rotating SECRET_KEY requires
    re-encrypting the stored keys.

    :returns: ``"tfk1." + base64url(nonce || ciphertext || tag)`` (ASCII).
    """
    if not isinstance(raw, (bytes, bytearray)) or len(raw) != _RAW_KEY_LENGTH:
        raise ValueError("raw private key must be 32 bytes")
    Ed25519PrivateKey.from_private_bytes(bytes(raw))  # validate
    nonce = os.urandom(_NONCE_LENGTH)
    sealed = AESGCM(_wrapping_key(secret)).encrypt(nonce, bytes(raw), _aad(context))
    return _KEY_BLOB_PREFIX + _b64e(nonce + sealed)


def decrypt_private_key(blob: str, secret: str | bytes, *, context: str = "") -> bytes:
    """Inverse of :func:`encrypt_private_key`; returns the 32 raw key bytes.

    :raises KeyDecryptionError: wrong secret/context or a corrupted blob.
    """
    if not isinstance(blob, str) or not blob.startswith(_KEY_BLOB_PREFIX):
        raise KeyDecryptionError("not an encrypted private key")
    try:
        data = _b64d_strict(blob[len(_KEY_BLOB_PREFIX) :])
    except ValueError:
        raise KeyDecryptionError("malformed encrypted private key") from None
    if len(data) != _NONCE_LENGTH + _RAW_KEY_LENGTH + _GCM_TAG_LENGTH:
        raise KeyDecryptionError("malformed encrypted private key")
    nonce, sealed = data[:_NONCE_LENGTH], data[_NONCE_LENGTH:]
    try:
        return AESGCM(_wrapping_key(secret)).decrypt(nonce, sealed, _aad(context))
    except InvalidTag:
        raise KeyDecryptionError("wrong secret or corrupted encrypted private key") from None


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m techfest.registration.tokens",
        description="Techfest badge tokens (Ed25519-signed QR payloads).",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    verify = sub.add_parser("verify", help="verify a token (or a URL ending in one)")
    verify.add_argument("token")
    verify.add_argument("--public-key", required=True, help="base64url (or PEM) public key")

    peek = sub.add_parser("peek", help="show a token's claims WITHOUT verifying")
    peek.add_argument("token")

    sub.add_parser("keygen", help="print a new key pair as JSON (development use)")

    sign = sub.add_parser("sign", help="sign a token (development use)")
    sign.add_argument("--private-key", required=True, help="base64url raw private key")
    group = sign.add_mutually_exclusive_group(required=True)
    group.add_argument("--edition-id", type=int)
    group.add_argument("--edition-code")
    sign.add_argument("--registration-id", type=int, required=True)
    sign.add_argument("--version", type=int, default=1)
    return parser


def _fail(reason: str) -> int:
    print(f"error: {reason}", file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """CLI entry point; returns the exit status (0 ok, 2 invalid input).

    ``verify TOKEN --public-key B64`` prints the claims as JSON on stdout, or
    ``error: <reason>`` on stderr with exit status 2.  ``keygen`` prints
    ``{"private_key", "public_key", "public_key_pem"}`` as JSON.
    """
    args = _build_parser().parse_args(argv)
    try:
        if args.command == "keygen":
            private_raw, public_raw = generate_keypair()
            out: dict[str, object] = {
                "private_key": _b64e(private_raw),
                "public_key": public_key_b64(public_raw),
                "public_key_pem": public_key_pem(public_raw),
            }
        elif args.command == "verify":
            out = asdict(verify_token(extract_token(args.token), args.public_key))
        elif args.command == "peek":
            out = asdict(peek_token(extract_token(args.token)))
            out["verified"] = False
        else:  # sign
            try:
                private_raw = _b64d_strict(args.private_key.strip().rstrip("="))
            except ValueError:
                return _fail("private key is not base64url")
            edition: Edition = (
                args.edition_id if args.edition_id is not None else args.edition_code
            )
            out = {
                "token": sign_token(private_raw, edition, args.registration_id, args.version)
            }
    except (InvalidToken, InvalidKeyError) as exc:
        return _fail(getattr(exc, "reason", None) or str(exc))
    except (TypeError, ValueError) as exc:
        return _fail(str(exc))
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
