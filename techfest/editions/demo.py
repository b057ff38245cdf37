"""Demo data of the editions domain: a logo for the demo edition, drawn with Pillow.

The image is made here rather than shipped, so the demo needs no binary file: a red
flamboyant flower (Hải Phòng is the "city of red flamboyants") beside the words "TECHFEST" and
"HẢI PHÒNG" in Noto Sans Bold (the badge font; only the flower when the font is missing). It
goes through the same upload path as an organizer's file (services.set_edition_logo).
"""
from __future__ import annotations

import io
import math

BLUE = (11, 79, 138, 255)
RED = (200, 32, 38, 255)
ORANGE = (242, 165, 65, 255)


def _font(size: int):
    from PIL import ImageFont

    from techfest.registration.fonts import font_files

    try:
        return ImageFont.truetype(str(font_files()["Techfest Sans"][700]), size)
    except OSError:
        return None


def demo_logo_png() -> bytes:
    """A 960 x 360 PNG with a transparent background."""
    from PIL import Image, ImageDraw

    scale = 2  # drawn at twice the size, then reduced: smooth edges
    w, h = 960 * scale, 360 * scale
    img = Image.new("RGBA", (w, h), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    cx, cy, r = 180 * scale, 180 * scale, 150 * scale
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=BLUE)
    for k in range(5):  # five petals around a golden heart
        a = math.radians(-90 + 72 * k)
        px, py = cx + math.cos(a) * r * 0.45, cy + math.sin(a) * r * 0.45
        pr = r * 0.36
        draw.ellipse((px - pr, py - pr, px + pr, py + pr), fill=RED, outline=(255, 255, 255, 255), width=4 * scale)
    hr = r * 0.2
    draw.ellipse((cx - hr, cy - hr, cx + hr, cy + hr), fill=ORANGE)
    big, small = _font(124 * scale), _font(92 * scale)
    if big is not None and small is not None:
        x = 365 * scale
        draw.text((x, 40 * scale), "TECHFEST", font=big, fill=BLUE)
        draw.text((x + 4 * scale, 200 * scale), "HẢI PHÒNG", font=small, fill=RED)
    else:
        img = img.crop((0, 0, 360 * scale, h))
    img = img.resize((img.width // scale, img.height // scale), Image.LANCZOS)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def load(editions: dict) -> None:
    """Give the current demo edition its logo (once: a logo already set is kept)."""
    from . import services

    current = editions["current"]
    if not current.logo_key:
        services.set_edition_logo(None, current, demo_logo_png())
