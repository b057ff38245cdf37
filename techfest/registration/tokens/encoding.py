"""Byte and text encodings of badge tokens and keys: canonical unpadded base64url, minimal
unsigned LEB128 varints and edition codes packed 6 bits a character. Every decoder is strict,
so that two different texts never decode to the same bytes."""

from __future__ import annotations

import base64
import binascii
import re

#: Alphabet of edition codes == the base64url alphabet (64 symbols, 6 bits).
_CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_CODE_INDEX = {c: i for i, c in enumerate(_CODE_ALPHABET)}

_B64URL_RE = re.compile(r"[A-Za-z0-9_-]+")


class _Malformed(Exception):
    """Internal: raised by the payload parser, turned into InvalidToken."""


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
