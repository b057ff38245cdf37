"""Award certificates as PDF with WeasyPrint (no Flask: plain data in, PDF bytes out).

One A4 landscape page per winner, bilingual (Vietnamese first, English second). The fonts are
declared with ``@font-face`` pointing at files the project controls, so Vietnamese tone marks
and Korean names render the same on every machine and are embedded (subset) in the PDF:
:mod:`techfest.registration.fonts` when present (the ``make fonts`` target installs Debian's
``fonts-noto-core`` and ``fonts-noto-cjk``), else Noto Sans at its Debian path.

All text is real text (selectable, searchable, extractable), normalised to NFC.
"""
from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

TEMPLATE_DIR = Path(__file__).resolve().parent.parent.parent / "templates" / "judging" / "certificate"
_NOTO = Path("/usr/share/fonts/truetype/noto")
_NOTO_CJK = Path("/usr/share/fonts/opentype/noto")
FALLBACK_FAMILY = '"Techfest Sans", "Techfest CJK"'


@dataclass
class Certificate:
    """What one certificate prints. ``labels`` holds the fixed texts, already translated:
    ``labels["vi"]`` and ``labels["en"]`` (see ``results.certificate_data``)."""

    code: str
    kind: str                    # gold / silver / bronze / special (colour of the seal)
    award_vi: str
    award_en: str
    category_vi: str
    category_en: str
    product: str
    product_en: str
    organisation: str
    round_vi: str
    round_en: str
    edition: str
    place_date_vi: str
    place_date_en: str
    citation: str = ""
    verify_url: str = ""
    labels: dict = field(default_factory=dict)


def font_css() -> tuple[str, str]:
    """(``@font-face`` rules, font-family value) covering Vietnamese and Korean."""
    try:
        from techfest.registration.fonts import FAMILY, font_face_css

        return font_face_css(), FAMILY
    except ImportError:  # pragma: no cover - registration domain absent
        pass
    rules = []
    for weight, name in ((400, "NotoSans-Regular.ttf"), (700, "NotoSans-Bold.ttf")):
        rules.append(f'@font-face {{ font-family: "Techfest Sans"; font-weight: {weight}; '
                     f'src: url("{(_NOTO / name).as_uri()}"); }}')
    rules.append(f'@font-face {{ font-family: "Techfest Sans"; font-style: italic; '
                 f'src: url("{(_NOTO / "NotoSans-Italic.ttf").as_uri()}"); }}')
    for weight, name in ((400, "NotoSansCJK-Regular.ttc"), (700, "NotoSansCJK-Bold.ttc")):
        rules.append(f'@font-face {{ font-family: "Techfest CJK"; font-weight: {weight}; '
                     f'src: url("{(_NOTO_CJK / name).as_uri()}"); }}')
    return "\n".join(rules), FALLBACK_FAMILY


def _nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    return value


def render_html(certificates: list[Certificate]) -> str:
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)), autoescape=True)
    items = [_nfc(asdict(c)) for c in certificates]
    return env.get_template("certificate.html").render(certificates=items)


def render_pdf(certificates: list[Certificate], title: str = "Certificates") -> bytes:
    """One page per certificate, in order."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    faces, family = font_css()
    fonts = FontConfiguration()
    css_text = faces + "\n:root { --tf-family: " + family + "; }\n" + \
        (TEMPLATE_DIR / "certificate.css").read_text(encoding="utf-8").replace("var(--tf-family)", family)
    css = CSS(string=css_text, font_config=fonts)
    html = HTML(string=render_html(certificates), base_url=str(TEMPLATE_DIR))
    document = html.render(stylesheets=[css], font_config=fonts)
    document.metadata.title = unicodedata.normalize("NFC", title)
    return document.write_pdf()
