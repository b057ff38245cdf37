"""The badge token's payload: its format, value ranges, claims and the structural parse.

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
:data:`MAX_VERSION`, 16-character codes) are chosen so that every token
:func:`sign_token` can produce is at most 120 characters long: the worst case is
1 + 12 + 6 + 3 = 22 payload bytes + 64 signature bytes = 86 bytes
= 115 base64 characters + 4 prefix characters = 119.  Typical tokens
(small integer edition id) are about 95-100 characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

from .encoding import _CODE_INDEX, _Malformed, _b64d_strict, _pack_code, _read_varint, _unpack_code, _varint

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
_MIN_PAYLOAD_LENGTH = 4  # header + 1-byte edition + 1-byte id + 1-byte version
_OTHER_FORMAT_RE = re.compile(r"TF[0-9]+\.")

Edition = Union[int, str]


class InvalidToken(ValueError):
    """The text is not a valid badge token (malformed, truncated, wrong
    format, bad signature...).  ``reason`` is a short human readable text,
    safe to show to the person at the scanner."""

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
