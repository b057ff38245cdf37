"""The edition report as a PDF (WeasyPrint), with the same SVG charts and fonts covering
Vietnamese (and Hangul)."""
from __future__ import annotations

from pathlib import Path

_FALLBACK_FONTS = """
@font-face { font-family: "Techfest Sans"; font-weight: 400; src: url("file:///usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"); }
@font-face { font-family: "Techfest Sans"; font-weight: 700; src: url("file:///usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"); }
"""

CSS_TEXT = """
@page { size: A4; margin: 16mm 14mm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; } }
body { font-family: "Techfest Sans", "Techfest CJK", sans-serif; font-size: 9.5pt; color: #212529; }
h1 { font-size: 17pt; margin: 0 0 2mm; } h2 { font-size: 12pt; margin: 6mm 0 2mm; color: #0b4f8a; }
.muted { color: #6c757d; }
table { border-collapse: collapse; width: 100%; margin-bottom: 3mm; }
th, td { border-bottom: 0.3pt solid #ced4da; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; }
section { page-break-inside: avoid; }
svg { max-width: 100%; height: auto; }
svg text { font-family: "Techfest Sans", "Techfest CJK", sans-serif; }
"""


def _font_css() -> str:
    try:
        from techfest.registration.fonts import font_face_css
    except ImportError:  # pragma: no cover
        return _FALLBACK_FONTS
    return font_face_css()


def render_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    css = CSS(string=_font_css() + "\n" + CSS_TEXT, font_config=fonts)
    return HTML(string=html, base_url=str(Path(__file__).parent)).write_pdf(stylesheets=[css], font_config=fonts)
