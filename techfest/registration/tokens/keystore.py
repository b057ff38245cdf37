"""Private keys at rest: an edition's Ed25519 private key encrypted with AES-256-GCM under a key
derived from the app's secret, for storage in the database."""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .encoding import _b64d_strict, _b64e
from .keys import _RAW_KEY_LENGTH

_KEY_BLOB_PREFIX = "tfk1."
_KEY_WRAP_SALT = b"techfest.registration.tokens/key-wrap/v1"
_KEY_WRAP_INFO = b"techfest badge Ed25519 private key at rest; AES-256-GCM"
_NONCE_LENGTH = 12
_GCM_TAG_LENGTH = 16


class KeyDecryptionError(ValueError):
    """An encrypted private key cannot be decrypted: wrong secret, wrong
    context, or a corrupted/malformed blob."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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
