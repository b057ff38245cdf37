"""Edition key pairs: generating them, loading the forms a caller may give (raw bytes, PEM,
base64url, key objects) and writing a public key for scanners (base64url) or tools (PEM)."""

from __future__ import annotations

from typing import Union

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from .encoding import _b64d_strict, _b64e

_RAW_KEY_LENGTH = 32

KeyInput = Union[bytes, str, Ed25519PublicKey]
PrivateKeyInput = Union[bytes, str, Ed25519PrivateKey]


class InvalidKeyError(ValueError):
    """A key given by the caller (configuration) cannot be used.  Deliberately
    *not* an :class:`InvalidToken`: a broken key is a server problem, not a
    bad badge."""


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
