"""Uploaded images: checked by content, re-encoded, thumbnailed, stored under random names.

Pure of Flask and the database (Pillow and the file system only), so it is unit-tested on its
own and shared with the organisation logo on the account page.

* The size is checked before decoding (``MAX_BYTES``, 5 MB), then Pillow must recognise and
  ``verify()`` the data as JPEG, PNG or WebP: a renamed ``.exe`` or a PDF is refused whatever
  its file name or declared type.
* Decompression bombs (huge pixel counts in a small file) are refused.
* The image is decoded, turned upright (EXIF orientation), shrunk to at most ``MAX_SIDE``
  pixels and saved again in its own format with no metadata (no EXIF, GPS or comments).
* A thumbnail of at most ``THUMB_SIDE`` pixels is made beside it.
* Files are named by a random key (``secrets.token_urlsafe``); nothing the user sent (name,
  path) is used. Writes go to a temporary file first, then are renamed into place.

    python -m techfest.submissions.images photo.jpg     # prints what would be stored
"""
from __future__ import annotations

import io
import json
import os
import secrets
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 40 megapixels: beyond any camera photo a fair needs
MAX_SIDE = 2000
THUMB_SIDE = 480
FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}
MIME_BY_EXT = {ext: mime for ext, mime in FORMATS.values()}
REASONS = frozenset({"empty", "too_large", "not_an_image", "unsupported_format", "too_many_pixels"})


class ImageRejected(Exception):
    """``reason`` is one of REASONS."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class ProcessedImage:
    data: bytes
    thumb: bytes
    ext: str  # jpg, png or webp
    width: int
    height: int

    @property
    def mime(self) -> str:
        return MIME_BY_EXT[self.ext]


def read_limited(stream, limit: int = MAX_BYTES) -> bytes:
    """Read at most ``limit`` + 1 bytes (enough to tell that a file is too large)."""
    return stream.read(limit + 1)


def _encode(img: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        if img.mode not in ("RGB", "L"):
            img = img.convert("RGB")
        img.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    elif fmt == "PNG":
        if img.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            img = img.convert("RGBA")
        img.save(out, "PNG", optimize=True)
    else:
        if img.mode not in ("RGB", "RGBA"):
            img = img.convert("RGBA" if "A" in img.getbands() or img.mode == "P" else "RGB")
        img.save(out, "WEBP", quality=82, method=4)
    return out.getvalue()


def process_image(data: bytes, max_bytes: int = MAX_BYTES) -> ProcessedImage:
    """Check ``data`` and return the re-encoded image and its thumbnail, or raise ImageRejected."""
    if not data:
        raise ImageRejected("empty")
    if len(data) > max_bytes:
        raise ImageRejected("too_large", f"{len(data)} bytes")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                fmt = probe.format
                if fmt not in FORMATS:
                    raise ImageRejected("unsupported_format", str(fmt))
                if probe.width * probe.height > MAX_PIXELS:
                    raise ImageRejected("too_many_pixels", f"{probe.width}x{probe.height}")
                probe.verify()
            with Image.open(io.BytesIO(data)) as img:
                img.seek(0)  # animated PNG/WebP: the first frame
                img.load()
                upright = ImageOps.exif_transpose(img)
        except ImageRejected:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageRejected("too_many_pixels") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
            raise ImageRejected("not_an_image", type(exc).__name__) from None
    # Drop the source's metadata (EXIF, GPS, XMP, ICC, text chunks): nothing is carried over.
    clean = upright.copy()
    clean.info = {}
    clean.thumbnail((MAX_SIDE, MAX_SIDE))
    thumb = clean.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE))
    ext = FORMATS[fmt][0]
    return ProcessedImage(data=_encode(clean, fmt), thumb=_encode(thumb, fmt), ext=ext,
                          width=clean.width, height=clean.height)


def new_key() -> str:
    return secrets.token_urlsafe(16)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + f".{secrets.token_hex(4)}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def store(root: str | os.PathLike, folder: str, image: ProcessedImage, key: str | None = None) -> str:
    """Write the image and its thumbnail under ``root/folder``; returns the file key."""
    key = key or new_key()
    directory = Path(root) / folder
    directory.mkdir(parents=True, exist_ok=True)
    _write_atomic(directory / f"{key}.{image.ext}", image.data)
    _write_atomic(directory / f"{key}.thumb.{image.ext}", image.thumb)
    return key


def path_of(root: str | os.PathLike, folder: str, key: str, ext: str, thumb: bool = False) -> Path:
    if ext not in MIME_BY_EXT or not key.replace("-", "").replace("_", "").isalnum():
        raise ValueError("bad image key")
    return Path(root) / folder / (f"{key}.thumb.{ext}" if thumb else f"{key}.{ext}")


def delete(root: str | os.PathLike, folder: str, key: str, ext: str) -> None:
    for thumb in (False, True):
        try:
            path_of(root, folder, key, ext, thumb).unlink()
        except (FileNotFoundError, ValueError):
            pass


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - a manual tool
    argv = sys.argv[1:] if argv is None else argv
    data = Path(argv[0]).read_bytes() if argv else sys.stdin.buffer.read()
    try:
        img = process_image(data)
    except ImageRejected as exc:
        print(json.dumps({"accepted": False, "reason": exc.reason, "detail": exc.detail}))
        return 1
    print(json.dumps({"accepted": True, "ext": img.ext, "width": img.width, "height": img.height,
                      "bytes": len(img.data), "thumb_bytes": len(img.thumb)}))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
