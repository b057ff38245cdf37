"""``python -m techfest.registration.tokens``: verify, peek, sign a token, or make a key pair."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import Sequence

from .encoding import _b64d_strict, _b64e
from .keys import InvalidKeyError, generate_keypair, public_key_b64, public_key_pem
from .payload import Edition, InvalidToken
from .signing import extract_token, peek_token, sign_token, verify_token


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
