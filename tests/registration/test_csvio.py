"""CSV import checks and CSV/XLSX export (pure module)."""
import io
from datetime import date

from techfest.registration.csvio import parse_days, parse_import, parse_type, write_csv, write_xlsx

DAYS = [date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27)]


def test_a_clean_file_with_vietnamese_headers_and_korean_names_parses():
    data = ("Họ và tên;Email;Điện thoại;Đơn vị;Loại;Ngày\n"
            "Nguyễn Thị Thu Hà;HA@example.vn;0912 345 678;Sở KH&CN;Khách tham quan;1;2\n").encode("utf-8-sig")
    # semicolon separated: the days column holds "1" only, "2" spills into an extra column
    result = parse_import(data, DAYS)
    assert result.ok, result.problems
    row = result.rows[0]
    assert (row.name, row.email, row.type, row.days) == ("Nguyễn Thị Thu Hà", "ha@example.vn", "visitor", [DAYS[0]])


def test_days_accept_numbers_dates_and_all():
    assert parse_days("1;3", DAYS) == ([DAYS[0], DAYS[2]], None)
    assert parse_days("2026-11-26, 25/11", DAYS) == ([DAYS[0], DAYS[1]], None)
    assert parse_days("", DAYS) == (DAYS, None)
    assert parse_days("Tất cả", DAYS) == (DAYS, None)
    assert parse_days("2026-12-01", DAYS) == ([], "2026-12-01")
    assert parse_days("7", DAYS) == ([], "7")


def test_types_accept_english_and_vietnamese_labels_without_accents():
    assert parse_type("Diễn giả") == "speaker"
    assert parse_type("bao chi") == "press"
    assert parse_type("VIP guest") == "vip"
    assert parse_type("exhibitor_staff") == "exhibitor_staff"
    assert parse_type("") is None
    assert parse_type("astronaut") == "?"


def test_every_bad_row_is_reported_with_its_line_number():
    data = ("name,email,phone,type,days\n"
            "Nguyễn Văn An,an@example.vn,,visitor,1\n"
            ",missing-name@example.vn,,,\n"
            "Lê Thị Bình,not-an-email,,,\n"
            "김민준,an@example.vn,abc,astronaut,9\n").encode()
    result = parse_import(data, DAYS)
    assert not result.ok
    found = {(p.row, p.field, p.code) for p in result.problems}
    assert found == {(3, "name", "required"), (4, "email", "bad_email"), (5, "email", "duplicate_email"),
                     (5, "phone", "bad_phone"), (5, "type", "unknown_type"), (5, "days", "bad_day")}


def test_files_that_are_not_csv_text_are_refused():
    assert parse_import(b"\x89PNG\r\n\x1a\n\x00\x00\x00", DAYS).problems[0].code == "not_text"
    assert parse_import(b"", DAYS).problems[0].code == "empty"
    assert parse_import("foo,bar\n1,2\n".encode(), DAYS).problems[0].code == "missing_column"


def _cp1258(text: str) -> bytes:
    """How Vietnamese Windows stores text: letters such as â ơ precomposed, tone marks combining."""
    import unicodedata

    out = []
    for ch in unicodedata.normalize("NFD", text):
        if out and ch in "\u0302\u0306\u031b" and len(unicodedata.normalize("NFC", out[-1] + ch)) == 1:
            out[-1] = unicodedata.normalize("NFC", out[-1] + ch)
        else:
            out.append(ch)
    return "".join(out).encode("cp1258")


def test_windows_1258_and_utf16_exports_are_read():
    text = "name,email\nTrần Văn Đức,duc@example.vn\n"
    for data in (_cp1258(text), text.encode("utf-16")):
        result = parse_import(data, DAYS)
        assert result.ok and result.rows[0].name == "Trần Văn Đức"


def test_exports_neutralise_formulas_and_keep_vietnamese():
    csv_bytes = write_csv(["Tên", "Điện thoại"], [["=HYPERLINK(\"x\")", "+84 912 345 678"], ["Đặng Thu Trang", ""]])
    text = csv_bytes.decode("utf-8")
    assert text.startswith("\ufeffTên,Điện thoại")
    assert "'=HYPERLINK" in text and "'+84 912 345 678" in text and "Đặng Thu Trang" in text
    # our own export imports back (the apostrophe is removed again)
    back = parse_import(write_csv(["name", "email", "phone"], [["Đặng Thu Trang", "t@example.vn", "+84 912"]]), DAYS)
    assert back.ok and back.rows[0].phone == "+84 912"


def test_xlsx_export_opens_with_the_rows():
    from openpyxl import load_workbook

    data = write_xlsx(["Tên", "E-mail"], [["Nguyễn Thị Thu Hà", "ha@example.vn"], ["김민준", "kim@example.kr"]], "Đăng ký")
    ws = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in ws[2]] == ["Nguyễn Thị Thu Hà", "ha@example.vn"]
    assert ws.cell(3, 1).value == "김민준"
