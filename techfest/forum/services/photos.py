"""Speaker photos: checked and cleaned by the shared image checks
(:mod:`techfest.submissions.images`, as the edition's and the organisations' logos), then stored
as JPEGs of at most 800×800 px under ``UPLOAD_DIR/forum``, named by their content."""
from __future__ import annotations

import hashlib
import io
import os
import re
import secrets
from pathlib import Path

from sqlalchemy import select

from techfest.core.db import db
from techfest.core.errors import ValidationFailed

from ..models import Speaker

PHOTO_MAX_SIDE = 800


def _upload_dir() -> Path:
    from flask import current_app

    path = Path(current_app.config["UPLOAD_DIR"]) / "forum"
    path.mkdir(parents=True, exist_ok=True)
    return path


def photo_path(filename: str) -> Path | None:
    """The stored photo file for ``filename`` (None for anything that is not one of ours)."""
    if not re.fullmatch(r"[0-9a-f]{32}\.jpg", filename or ""):
        return None
    path = _upload_dir() / filename
    return path if path.is_file() else None


def store_photo(data: bytes) -> str:
    """Check an uploaded photo and store a clean copy; returns the file name.

    The checks are the shared ones of :func:`techfest.submissions.images.process_image`: by
    content, a JPEG, PNG or WebP of at most 5 MB that Pillow can decode and is no decompression
    bomb, re-encoded without its metadata (EXIF, GPS positions...). A refusal is a
    ValidationFailed on ``photo`` whose message is the ``ImageRejected.reason`` (``empty``,
    ``too_large``, ``not_an_image``, ``unsupported_format``, ``too_many_pixels``); nothing is
    stored then. The clean image is shrunk to a JPEG of at most 800×800 px. File names are
    content hashes, so a frozen snapshot keeps pointing at the photo it showed.
    """
    from PIL import Image

    from techfest.submissions import images

    try:
        processed = images.process_image(data)
    except images.ImageRejected as exc:
        raise ValidationFailed("photo refused", {"photo": [exc.reason]}) from None
    with Image.open(io.BytesIO(processed.data)) as img:
        img = img.convert("RGB")
        img.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
        out = io.BytesIO()
        img.save(out, "JPEG", quality=85, optimize=True)
    payload = out.getvalue()
    name = hashlib.sha256(payload).hexdigest()[:32] + ".jpg"
    target = _upload_dir() / name
    if not target.exists():
        tmp = target.with_suffix(f".{secrets.token_hex(4)}.tmp")
        tmp.write_bytes(payload)
        os.replace(tmp, target)
    return name


def delete_unused_photos(names) -> int:
    """Delete the photo files among ``names`` that no speaker profile uses any more (after an
    erasure is committed: a file removed before a rollback would leave a profile without its
    photo). Returns how many files were deleted."""
    deleted = 0
    for name in {n for n in names if n}:
        if db.session.scalar(select(Speaker.id).where(Speaker.photo == name).limit(1)) is not None:
            continue
        path = photo_path(name)
        if path is not None:
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted
