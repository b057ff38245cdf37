"""Fonts of the printed badges and programme (pure: no Flask).

Both documents declare their fonts with ``@font-face`` pointing at files the project controls,
so the output never depends on whatever fallback fonts a machine has, and WeasyPrint embeds
(subsets of) them in the PDF. The files come from Debian's font packages, installed by
``make fonts`` (a dependency of ``make run`` and ``make test``):

* ``fonts-noto-core``: Noto Sans (Latin with every Vietnamese letter and tone mark);
* ``fonts-noto-cjk``: Noto Sans CJK (Hangul for Korean names; also Chinese and Japanese).

Both are under the SIL Open Font License 1.1. ``TECHFEST_FONT_DIR`` may point at a folder
holding the same file names instead (for a machine without those packages).
"""
from __future__ import annotations

import os
from pathlib import Path

# family -> weight -> (Debian path, file name)
_DEBIAN = {
    "Techfest Sans": {
        400: "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        700: "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    },
    "Techfest Sans Italic": {
        400: "/usr/share/fonts/truetype/noto/NotoSans-Italic.ttf",
    },
    "Techfest CJK": {
        400: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        700: "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    },
}
DEBIAN_PACKAGES = ("fonts-noto-core", "fonts-noto-cjk")
# The font-family value every print stylesheet uses: Latin/Vietnamese first, then Hangul/CJK.
FAMILY = '"Techfest Sans", "Techfest CJK"'


class FontsMissing(RuntimeError):
    """The font files are not installed (run `make fonts`)."""


def font_files() -> dict[str, dict[int, Path]]:
    override = os.environ.get("TECHFEST_FONT_DIR")
    out: dict[str, dict[int, Path]] = {}
    for family, weights in _DEBIAN.items():
        out[family] = {}
        for weight, path in weights.items():
            p = Path(path)
            if override:
                p = Path(override) / p.name
            out[family][weight] = p
    return out


def missing_fonts() -> list[Path]:
    return [p for weights in font_files().values() for p in weights.values() if not p.is_file()]


def check_fonts() -> None:
    missing = missing_fonts()
    if missing:
        raise FontsMissing(
            "font files missing: " + ", ".join(str(p) for p in missing)
            + f" (run `make fonts` or apt-get install {' '.join(DEBIAN_PACKAGES)})")


def font_face_css() -> str:
    """The ``@font-face`` rules, with absolute ``file://`` URLs."""
    check_fonts()
    rules = []
    for family, weights in font_files().items():
        css_family = family.replace(" Italic", "")
        style = "italic" if family.endswith("Italic") else "normal"
        for weight, path in weights.items():
            rules.append(
                f'@font-face {{ font-family: "{css_family}"; font-style: {style}; font-weight: {weight}; '
                f'src: url("{path.resolve().as_uri()}"); }}')
    return "\n".join(rules)


def metrics_file(bold: bool = True) -> Path:
    """The Latin font file whose advance widths size the names on badges."""
    return font_files()["Techfest Sans"][700 if bold else 400]
