"""Markdown is sanitised; CSV and XLSX keep Vietnamese text and defuse formulas."""
import csv
import io
from datetime import datetime

from techfest.submissions.exports import to_csv, to_xlsx
from techfest.submissions.rendering import plain_text, render_markdown


def test_markdown_keeps_formatting_and_drops_scripts_and_unsafe_links():
    html = render_markdown("# Máy đo\n\n**Mới** <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n"
                           "[xấu](javascript:alert(1)) [tốt](https://example.vn)\n\n- một\n- hai")
    assert "<h3>Máy đo</h3>" in html            # no <h1> inside the page
    assert "<strong>Mới</strong>" in html
    assert "<script" not in html and "<img" not in html  # raw HTML is shown as text, never as tags
    assert "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert '<a href="https://example.vn" rel="noopener noreferrer nofollow">tốt</a>' in html
    assert "<li>một</li>" in html


def test_raw_html_attributes_cannot_sneak_in():
    html = render_markdown('<a href="x" onclick="steal()">x</a> <iframe src="https://evil"></iframe>')
    assert "<a " not in html and "<iframe" not in html
    assert "&lt;iframe" in html


def test_plain_text_for_exports():
    assert plain_text("**Cảm biến** [web](https://x.vn) & *nhỏ*") == "Cảm biến web & nhỏ"
    assert plain_text("a " * 100, limit=10).endswith("…")


def test_csv_has_a_bom_crlf_and_intact_vietnamese():
    data = to_csv(["Tên", "Đơn vị"], [["Máy cắt plasma", "Công ty Cơ khí Duyên Hải"], ["김민준", None]])
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["Tên", "Đơn vị"], ["Máy cắt plasma", "Công ty Cơ khí Duyên Hải"], ["김민준", ""]]


def test_csv_and_xlsx_defuse_formulas():
    rows = [["=HYPERLINK(\"http://evil\")", "+1", "-2", "@SUM(A1)", "bình thường"]]
    text = to_csv(["a", "b", "c", "d", "e"], rows).decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(text.splitlines()[1]))) == [
        "'=HYPERLINK(\"http://evil\")", "'+1", "'-2", "'@SUM(A1)", "bình thường"]
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(to_xlsx(["a", "b", "c", "d", "e"], rows))).active
    assert [c.value for c in ws[2]] == ["'=HYPERLINK(\"http://evil\")", "'+1", "'-2", "'@SUM(A1)", "bình thường"]


def test_xlsx_keeps_text_numbers_booleans_and_dates():
    from openpyxl import load_workbook

    data = to_xlsx(["ID", "Tên", "Điện", "Ngày"], [[7, "Nhà màng trồng dưa lưới", True, datetime(2026, 10, 9, 9, 0)]],
                   sheet_title="Sản phẩm")
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    assert ws.title == "Sản phẩm"
    assert [c.value for c in ws[1]] == ["ID", "Tên", "Điện", "Ngày"]
    assert [c.value for c in ws[2]] == [7, "Nhà màng trồng dưa lưới", "x", datetime(2026, 10, 9, 9, 0)]
    assert ws.freeze_panes == "A2"
