"""Shared helpers for registration tests: PDF text, rasterising, QR decoding."""
from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


@pytest.fixture
def client(app):
    """These tests read the English interface (messages are asserted in English); the
    Vietnamese catalog itself is checked by tests/core/test_i18n.py."""
    from tests.conftest import IsolatedClient

    app.test_client_class = IsolatedClient
    client = app.test_client()
    with client.session_transaction() as session:
        session["lang"] = "en"
    return client


@pytest.fixture
def live_edition(app):
    from tests.factories import make_edition

    return make_edition(slug="hp", status="live", name="Techfest Hải Phòng 2026")


def pdf_text_pages(data: bytes) -> list[str]:
    import unicodedata

    from pypdf import PdfReader

    return [unicodedata.normalize("NFC", page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages]


def rasterise(data: bytes, dpi: int = 150) -> list:
    """The PDF's pages as PIL images, rendered by poppler's pdftoppm."""
    from PIL import Image

    assert shutil.which("pdftoppm"), "pdftoppm missing: `make test` installs poppler-utils"
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(src), str(Path(tmp) / "page")], check=True)
        return [Image.open(p).copy() for p in sorted(Path(tmp).glob("page*.png"))]


def decode_qr_codes(image) -> list[str]:
    import zxingcpp

    return [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]


def word_boxes(data: bytes) -> list[tuple[str, float, float, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax, page width, page height) of every word, from pdftotext -bbox."""
    import html
    import re

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(data)
        out = subprocess.run(["pdftotext", "-bbox", str(src), "-"], check=True, capture_output=True, text=True).stdout
    boxes = []
    width = height = 0.0
    for line in out.splitlines():
        page = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', line)
        if page:
            width, height = float(page.group(1)), float(page.group(2))
        word = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if word:
            x0, y0, x1, y1 = map(float, word.groups()[:4])
            boxes.append((html.unescape(word.group(5)), x0, y0, x1, y1, width, height))
    return boxes


def embedded_fonts(data: bytes) -> list[tuple[str, bool]]:
    """(base font name, embedded?) for every font of every page."""
    from pypdf import PdfReader

    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptors = [font.get("/FontDescriptor")]
            for desc in font.get("/DescendantFonts", []):
                descriptors.append(desc.get_object().get("/FontDescriptor"))
            embedded = any(d is not None and any(k in d.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                           for d in descriptors)
            out.append((str(font.get("/BaseFont")), embedded))
    return out
