"""Tests for techfest.registration.tokens (pure module, no app fixtures)."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from techfest.registration import tokens
from techfest.registration.tokens import (
    MAX_REGISTRATION_ID,
    MAX_TOKEN_LENGTH,
    MAX_VERSION,
    PREFIX,
    InvalidKeyError,
    InvalidToken,
    KeyDecryptionError,
    TokenClaims,
    decrypt_private_key,
    encrypt_private_key,
    extract_token,
    generate_keypair,
    is_current,
    peek_token,
    public_key_b64,
    public_key_from_private,
    public_key_pem,
    sign_token,
    verify_token,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

# One key pair for the whole module: key generation is cheap, but fixed keys
# keep hypothesis examples reproducible within a run.
PRIVATE, PUBLIC = generate_keypair()
OTHER_PRIVATE, OTHER_PUBLIC = generate_keypair()


def _b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _raw(token: str) -> bytes:
    body = token[len(PREFIX) :]
    return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))


@pytest.fixture(scope="module")
def token() -> str:
    return sign_token(PRIVATE, 7, 12345, 2)


# --------------------------------------------------------------------------
# Round trip and claims
# --------------------------------------------------------------------------


def test_generate_keypair_returns_raw_32_byte_keys() -> None:
    private, public = generate_keypair()
    assert isinstance(private, bytes) and len(private) == 32
    assert isinstance(public, bytes) and len(public) == 32
    assert public_key_from_private(private) == public
    assert generate_keypair()[0] != private


@pytest.mark.parametrize(
    "edition, registration_id, version",
    [
        (1, 1, 1),
        (0, 0, 0),
        (42, 987654, 3),
        ("HN2025", 1, 1),
        ("a", 5, 0),
        ("x-_Y9", 2**31, 17),
        (2**63 - 1, MAX_REGISTRATION_ID, MAX_VERSION),
        ("Z" * 16, MAX_REGISTRATION_ID, MAX_VERSION),
    ],
)
def test_round_trip(edition: int | str, registration_id: int, version: int) -> None:
    tok = sign_token(PRIVATE, edition, registration_id, version)
    expected = TokenClaims(edition=edition, registration_id=registration_id, version=version)
    assert verify_token(tok, PUBLIC) == expected
    assert peek_token(tok) == expected


def test_token_is_short_ascii_with_prefix(token: str) -> None:
    assert token.startswith("TF1.")
    assert token.isascii()
    assert set(token[len(PREFIX) :]) <= set(B64_ALPHABET)
    assert "=" not in token
    assert len(token) <= MAX_TOKEN_LENGTH


def test_integer_and_code_editions_are_distinct() -> None:
    assert verify_token(sign_token(PRIVATE, 5, 1, 1), PUBLIC).edition == 5
    assert verify_token(sign_token(PRIVATE, "5", 1, 1), PUBLIC).edition == "5"
    assert sign_token(PRIVATE, 5, 1, 1) != sign_token(PRIVATE, "5", 1, 1)


@pytest.mark.parametrize(
    "edition",
    [1, 2**63 - 1, "A", "Z" * 16, "_-_-_-_-_-_-_-_-"],
)
@pytest.mark.parametrize(
    "registration_id, version",
    [(2**31, 1), (2**31, 255), (2**32 + 7, 1000), (MAX_REGISTRATION_ID, MAX_VERSION)],
)
def test_token_length_at_most_120_for_large_values(
    edition: int | str, registration_id: int, version: int
) -> None:
    tok = sign_token(PRIVATE, edition, registration_id, version)
    assert len(tok) <= 120, (len(tok), tok)


def test_typical_token_is_about_100_chars() -> None:
    assert len(sign_token(PRIVATE, 3, 4021, 1)) <= 100


@pytest.mark.parametrize(
    "kwargs, exc",
    [
        ({"edition": -1}, ValueError),
        ({"edition": 2**63}, ValueError),
        ({"edition": ""}, ValueError),
        ({"edition": "A" * 17}, ValueError),
        ({"edition": "HN 2025"}, ValueError),
        ({"edition": "Hà"}, ValueError),
        ({"edition": 1.5}, TypeError),
        ({"edition": True}, TypeError),
        ({"registration_id": -1}, ValueError),
        ({"registration_id": MAX_REGISTRATION_ID + 1}, ValueError),
        ({"registration_id": "12"}, TypeError),
        ({"version": -1}, ValueError),
        ({"version": MAX_VERSION + 1}, ValueError),
        ({"version": None}, TypeError),
    ],
)
def test_sign_rejects_out_of_range_arguments(kwargs: dict, exc: type[Exception]) -> None:
    args = {"edition": 1, "registration_id": 1, "version": 1, **kwargs}
    with pytest.raises(exc):
        sign_token(PRIVATE, **args)


def test_sign_accepts_pem_private_key() -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    pem = Ed25519PrivateKey.from_private_bytes(PRIVATE).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    assert verify_token(sign_token(pem, 1, 2, 3), PUBLIC).registration_id == 2


def test_sign_rejects_unusable_private_key() -> None:
    with pytest.raises(InvalidKeyError):
        sign_token(b"short", 1, 1, 1)


# --------------------------------------------------------------------------
# Public key forms
# --------------------------------------------------------------------------


def test_public_key_b64_and_pem_forms_verify(token: str) -> None:
    b64 = public_key_b64(PUBLIC)
    assert len(b64) == 43 and "=" not in b64
    pem = public_key_pem(PUBLIC)
    assert pem.startswith("-----BEGIN PUBLIC KEY-----")
    for form in (PUBLIC, b64, pem, pem.encode("ascii"), b64 + "="):
        assert verify_token(token, form).registration_id == 12345


@pytest.mark.parametrize("bad", [b"", b"x" * 31, "not a key!", "A" * 43 + "$", 12345, None])
def test_unusable_public_key_raises_invalid_key(token: str, bad: object) -> None:
    with pytest.raises(InvalidKeyError):
        verify_token(token, bad)  # type: ignore[arg-type]


# --------------------------------------------------------------------------
# Tampering
# --------------------------------------------------------------------------


def test_every_changed_character_fails(token: str) -> None:
    """Exhaustive: each position, each other base64url (or prefix) character."""
    checked = 0
    for i, original in enumerate(token):
        for replacement in B64_ALPHABET + ".":
            if replacement == original:
                continue
            tampered = token[:i] + replacement + token[i + 1 :]
            with pytest.raises(InvalidToken):
                verify_token(tampered, PUBLIC)
            checked += 1
    assert checked >= len(token) * 63


def test_every_changed_character_fails_for_code_edition() -> None:
    # A code edition exercises the packed-code padding bits as well.
    tok = sign_token(PRIVATE, "Abc", 2**31, 300)
    for i, original in enumerate(tok):
        for replacement in B64_ALPHABET:
            if replacement != original:
                with pytest.raises(InvalidToken):
                    verify_token(tok[:i] + replacement + tok[i + 1 :], PUBLIC)


def test_every_flipped_byte_fails(token: str) -> None:
    raw = _raw(token)
    for i in range(len(raw)):
        for mask in (0x01, 0x80, 0xFF):
            changed = bytearray(raw)
            changed[i] ^= mask
            with pytest.raises(InvalidToken):
                verify_token(PREFIX + _b64e(bytes(changed)), PUBLIC)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    edition=st.one_of(
        st.integers(min_value=0, max_value=2**63 - 1),
        st.text(alphabet=B64_ALPHABET, min_size=1, max_size=16),
    ),
    registration_id=st.integers(min_value=0, max_value=MAX_REGISTRATION_ID),
    version=st.integers(min_value=0, max_value=MAX_VERSION),
    data=st.data(),
)
def test_property_any_changed_byte_fails(
    edition: int | str, registration_id: int, version: int, data: st.DataObject
) -> None:
    tok = sign_token(PRIVATE, edition, registration_id, version)
    assert len(tok) <= MAX_TOKEN_LENGTH
    assert verify_token(tok, PUBLIC) == TokenClaims(edition, registration_id, version)
    raw = bytearray(_raw(tok))
    position = data.draw(st.integers(min_value=0, max_value=len(raw) - 1), label="position")
    mask = data.draw(st.integers(min_value=1, max_value=255), label="xor mask")
    raw[position] ^= mask
    with pytest.raises(InvalidToken):
        verify_token(PREFIX + _b64e(bytes(raw)), PUBLIC)


@settings(max_examples=300)
@given(text=st.text(max_size=200))
def test_property_arbitrary_text_never_raises_other_exceptions(text: str) -> None:
    for func in (lambda t: verify_token(t, PUBLIC), peek_token):
        try:
            func(text)
        except InvalidToken:
            pass
        else:  # pragma: no cover - a forgery would be a real bug
            pytest.fail(f"accepted arbitrary text {text!r}")


@settings(max_examples=200)
@given(body=st.binary(min_size=0, max_size=90))
def test_property_random_binary_bodies_fail_cleanly(body: bytes) -> None:
    with pytest.raises(InvalidToken):
        verify_token(PREFIX + _b64e(body), PUBLIC)


def test_token_signed_with_another_editions_key_fails() -> None:
    tok = sign_token(OTHER_PRIVATE, 7, 12345, 2)
    assert verify_token(tok, OTHER_PUBLIC).registration_id == 12345
    with pytest.raises(InvalidToken) as info:
        verify_token(tok, PUBLIC)
    assert info.value.reason == "bad signature"


def test_swapped_signature_fails() -> None:
    a = _raw(sign_token(PRIVATE, 1, 100, 1))
    b = _raw(sign_token(PRIVATE, 1, 101, 1))
    frankentoken = PREFIX + _b64e(a[:-64] + b[-64:])
    with pytest.raises(InvalidToken):
        verify_token(frankentoken, PUBLIC)


def test_truncated_tokens_fail(token: str) -> None:
    for length in range(len(token)):
        with pytest.raises(InvalidToken):
            verify_token(token[:length], PUBLIC)
        with pytest.raises(InvalidToken):
            peek_token(token[:length])


def test_extended_token_fails(token: str) -> None:
    for suffix in ("A", "AA", "AAA", "AAAA", "=", " ", "\n"):
        with pytest.raises(InvalidToken):
            verify_token(token + suffix, PUBLIC)


def test_appended_payload_bytes_fail() -> None:
    raw = _raw(sign_token(PRIVATE, 1, 1, 1))
    with pytest.raises(InvalidToken):
        peek_token(PREFIX + _b64e(raw[:-64] + b"\x00" + raw[-64:]))


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        " ",
        "TF1.",
        "TF1",
        "tf1." + "A" * 100,
        "TF2." + "A" * 100,
        "TF1." + "A" * 200,
        "TF1." + "!" * 100,
        "TF1.ÀÁÂÃ",
        "TF1.Ａ" * 10,
        "TF1.\u0000\u0000",
        "TF1.AAAA====",
        "TF1.A",
        "héllo wörld",
        "🙂🙂🙂",
        "https://example.com/",
        "\udcff",  # lone surrogate
        "TF1." + "A" * 116,  # right length, wrong everything
    ],
)
def test_garbage_input_raises_invalid_token_only(garbage: str) -> None:
    with pytest.raises(InvalidToken):
        verify_token(garbage, PUBLIC)
    with pytest.raises(InvalidToken):
        peek_token(garbage)


@pytest.mark.parametrize("not_text", [None, b"TF1.AAAA", 123, ["TF1."]])
def test_non_string_input_raises_invalid_token(not_text: object) -> None:
    with pytest.raises(InvalidToken):
        verify_token(not_text, PUBLIC)  # type: ignore[arg-type]
    with pytest.raises(InvalidToken):
        peek_token(not_text)  # type: ignore[arg-type]
    with pytest.raises(InvalidToken):
        extract_token(not_text)  # type: ignore[arg-type]


def test_wrong_payload_format_is_reported() -> None:
    # A correctly signed payload whose header announces format 2.
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    payload = bytes([2 << 5, 1, 1, 1])
    sig = Ed25519PrivateKey.from_private_bytes(PRIVATE).sign(tokens.SIGNING_DOMAIN + payload)
    with pytest.raises(InvalidToken, match="format"):
        verify_token(PREFIX + _b64e(payload + sig), PUBLIC)


def test_non_minimal_varint_rejected_even_if_signed() -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    payload = bytes([1 << 5, 0x81, 0x00, 1, 1])  # edition 1 encoded in two bytes
    sig = Ed25519PrivateKey.from_private_bytes(PRIVATE).sign(tokens.SIGNING_DOMAIN + payload)
    with pytest.raises(InvalidToken, match="non-minimal"):
        verify_token(PREFIX + _b64e(payload + sig), PUBLIC)


def test_invalid_token_is_a_value_error_with_reason() -> None:
    with pytest.raises(ValueError) as info:
        verify_token("nope", PUBLIC)
    assert isinstance(info.value, InvalidToken)
    assert info.value.reason == "not a badge token"


# --------------------------------------------------------------------------
# peek / is_current / extract
# --------------------------------------------------------------------------


def test_peek_does_not_verify_but_verify_does() -> None:
    tok = sign_token(OTHER_PRIVATE, "EDX", 9, 4)
    assert peek_token(tok) == TokenClaims("EDX", 9, 4)
    with pytest.raises(InvalidToken):
        verify_token(tok, PUBLIC)


def test_is_current_detects_old_versions() -> None:
    old = verify_token(sign_token(PRIVATE, 1, 55, 1), PUBLIC)
    new = verify_token(sign_token(PRIVATE, 1, 55, 2), PUBLIC)
    assert not is_current(old, 2)
    assert is_current(new, 2)
    assert not is_current(new, 1)  # token newer than the record: not current either


@pytest.mark.parametrize(
    "template",
    [
        "{t}",
        "  {t}  ",
        "\t{t}\r\n",
        "https://techfest.example/b/{t}",
        "https://techfest.example/b/{t}/",
        "http://localhost:5000/checkin/scan/{t}\n",
        "https://techfest.example/b?t={t}",
        "techfest://badge/{t}",
        "Badge: {t}",
    ],
)
def test_extract_token(token: str, template: str) -> None:
    found = extract_token(template.format(t=token))
    assert found == token
    assert verify_token(found, PUBLIC).registration_id == 12345


@pytest.mark.parametrize(
    "text",
    ["", "   ", "https://techfest.example/b/", "hello", "https://x/b/xTF1.abc", "TF1.", "TF1.ab cd"],
)
def test_extract_token_without_token_raises(text: str) -> None:
    with pytest.raises(InvalidToken):
        extract_token(text)


# --------------------------------------------------------------------------
# Private keys at rest
# --------------------------------------------------------------------------


def test_encrypt_decrypt_round_trip() -> None:
    blob = encrypt_private_key(PRIVATE, "app-secret-key")
    assert isinstance(blob, str) and blob.isascii()
    assert blob.startswith("tfk1.")
    assert decrypt_private_key(blob, "app-secret-key") == PRIVATE
    # Fresh nonce each time.
    assert encrypt_private_key(PRIVATE, "app-secret-key") != blob
    # The decrypted key still signs verifiable tokens.
    key = decrypt_private_key(blob, "app-secret-key")
    assert verify_token(sign_token(key, 1, 2, 3), PUBLIC).version == 3


def test_encrypt_accepts_bytes_secret() -> None:
    blob = encrypt_private_key(PRIVATE, b"\x00\xffbinary")
    assert decrypt_private_key(blob, b"\x00\xffbinary") == PRIVATE


def test_decrypt_with_wrong_secret_fails() -> None:
    blob = encrypt_private_key(PRIVATE, "app-secret-key")
    with pytest.raises(KeyDecryptionError):
        decrypt_private_key(blob, "app-secret-kez")


def test_decrypt_with_wrong_context_fails() -> None:
    blob = encrypt_private_key(PRIVATE, "s", context="edition:1")
    assert decrypt_private_key(blob, "s", context="edition:1") == PRIVATE
    with pytest.raises(KeyDecryptionError):
        decrypt_private_key(blob, "s", context="edition:2")
    with pytest.raises(KeyDecryptionError):
        decrypt_private_key(blob, "s")


def test_decrypt_corrupted_blob_fails() -> None:
    blob = encrypt_private_key(PRIVATE, "s")
    body = blob[len("tfk1.") :]
    for i in range(len(body)):
        replacement = "A" if body[i] != "A" else "B"
        with pytest.raises(KeyDecryptionError):
            decrypt_private_key("tfk1." + body[:i] + replacement + body[i + 1 :], "s")
    for bad in ("", "tfk1.", blob[:-1], "tfk2." + body, blob + "AA", None, "tfk1.!!!!"):
        with pytest.raises(KeyDecryptionError):
            decrypt_private_key(bad, "s")  # type: ignore[arg-type]


@pytest.mark.parametrize("bad_raw", [b"", b"x" * 31, b"x" * 33, "x" * 32])
def test_encrypt_rejects_non_raw_keys(bad_raw: object) -> None:
    with pytest.raises(ValueError):
        encrypt_private_key(bad_raw, "s")  # type: ignore[arg-type]


def test_encrypt_rejects_empty_secret() -> None:
    with pytest.raises(ValueError):
        encrypt_private_key(PRIVATE, "")


def test_key_decryption_error_is_not_invalid_token() -> None:
    # A scan endpoint catching InvalidToken must not swallow key problems.
    assert not issubclass(KeyDecryptionError, InvalidToken)
    assert not issubclass(InvalidKeyError, InvalidToken)


# --------------------------------------------------------------------------
# Purity and CLI
# --------------------------------------------------------------------------


def test_package_does_not_import_flask_or_sqlalchemy() -> None:
    # Load the package directly under another name (not via the techfest package, whose
    # __init__ may legitimately import Flask), import each of its modules and check what
    # they pulled in.
    path = REPO_ROOT / "techfest" / "registration" / "tokens"
    code = (
        "import importlib, importlib.util, pkgutil, sys\n"
        f"spec = importlib.util.spec_from_file_location('tf_tokens_probe', {str(path / '__init__.py')!r},\n"
        f"    submodule_search_locations=[{str(path)!r}])\n"
        "mod = importlib.util.module_from_spec(spec)\n"
        "sys.modules['tf_tokens_probe'] = mod\n"
        "spec.loader.exec_module(mod)\n"
        "names = [m.name for m in pkgutil.iter_modules(mod.__path__)]\n"
        "for name in names:\n"
        "    importlib.import_module('tf_tokens_probe.' + name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('flask', 'sqlalchemy', 'flask_sqlalchemy', 'werkzeug', 'techfest'))\n"
        "print(','.join(sorted(names)))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, check=True
    )
    loaded, bad = result.stdout.split("\n")[:2]
    assert {"cli", "keys", "keystore", "payload", "signing"} <= set(loaded.split(","))
    assert bad == ""


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "techfest.registration.tokens", *args],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
    )


def test_cli_keygen_sign_verify() -> None:
    keygen = _cli("keygen")
    assert keygen.returncode == 0, keygen.stderr
    keys = json.loads(keygen.stdout)
    assert set(keys) == {"private_key", "public_key", "public_key_pem"}

    signed = _cli(
        "sign", f"--private-key={keys['private_key']}", "--edition-code", "HN25",
        "--registration-id", str(2**31), "--version", "3",
    )
    assert signed.returncode == 0, signed.stderr
    tok = json.loads(signed.stdout)["token"]

    verified = _cli("verify", f"https://h.example/b/{tok}", f"--public-key={keys['public_key']}")
    assert verified.returncode == 0, verified.stderr
    assert json.loads(verified.stdout) == {
        "edition": "HN25",
        "registration_id": 2**31,
        "version": 3,
    }


def test_cli_verify_in_process(token: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert tokens.main(["verify", token, f"--public-key={public_key_b64(PUBLIC)}"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "edition": 7,
        "registration_id": 12345,
        "version": 2,
    }
    assert tokens.main(["peek", token]) == 0
    assert json.loads(capsys.readouterr().out)["verified"] is False


def test_cli_verify_bad_token_exits_2(token: str) -> None:
    result = _cli("verify", token[:-1] + ("A" if token[-1] != "A" else "B"),
                  f"--public-key={public_key_b64(PUBLIC)}")
    assert result.returncode == 2
    assert result.stderr.startswith("error: ")
    assert result.stdout == ""


def test_cli_verify_wrong_key_exits_2(token: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert tokens.main(["verify", token, f"--public-key={public_key_b64(OTHER_PUBLIC)}"]) == 2
    assert capsys.readouterr().err.strip() == "error: bad signature"
    assert tokens.main(["verify", token, "--public-key", "garbage"]) == 2
    assert capsys.readouterr().err.startswith("error: ")
