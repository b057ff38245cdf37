"""Booth CSV format: reading (row-level errors), writing (Excel-safe)."""
from decimal import Decimal

from techfest.booths import csvio


def codes(errors):
    return [(e.line, e.column, e.code) for e in errors]


def test_reads_a_good_file_with_vietnamese_zone_names():
    data = ("code,zone,x,y,w,h,type,size,features,accessible,price_tier,status\n"
            "a-01,Khu công nghiệp điện tử,2,2,3,3,corner,standard,power;internet,có,A,available\n"
            "A-02,Khu công nghiệp điện tử,5,2,3,3,,double,,no,,held\n").encode()
    rows, errors = csvio.parse(data)
    assert errors == []
    assert rows[0].code == "A-01" and rows[0].zone == "Khu công nghiệp điện tử"
    assert rows[0].features == frozenset({"power", "internet"}) and rows[0].accessible is True
    assert (rows[1].type, rows[1].size, rows[1].status, rows[1].x) == (None, "double", "held", Decimal("5"))


def test_excel_variants_semicolons_decimal_commas_bom_and_aliases():
    data = "\ufeffBooth;Width;Depth;X;Y\nB-01;3,5;3;0;10,25\n".encode("utf-8")
    rows, errors = csvio.parse(data)
    assert errors == []
    assert (rows[0].code, rows[0].w, rows[0].h, rows[0].y) == ("B-01", Decimal("3.5"), Decimal("3"), Decimal("10.25"))


def test_every_bad_row_is_reported_with_its_line_and_column():
    data = ("code,x,y,w,h,size,features,accessible,status\n"
            "A-01,2,2,3,3,standard,power,yes,available\n"
            ",2,2,3,3,,,,\n"                      # line 3: no code
            "A-03,two,2,0,3,huge,gas,maybe,sold\n"  # line 4: five problems
            "A-01,8,2,3,3,,,,\n"                  # line 5: duplicate of line 2
            "A 04!,11,2,3,3,,,,\n").encode()      # line 6: bad code
    rows, errors = csvio.parse(data)
    assert [r.code for r in rows] == ["A-01"]
    assert codes(errors) == [
        (3, "code", "required"),
        (4, "x", "not_a_number"), (4, "w", "not_positive"), (4, "size", "bad_choice"), (4, "features", "bad_choice"),
        (4, "accessible", "bad_boolean"), (4, "status", "bad_choice"),
        (5, "code", "duplicate_in_file"),
        (6, "code", "bad_code"),
    ]
    assert errors[-2].params == {"code": "A-01", "other": 2}


def test_file_level_problems():
    assert codes(csvio.parse(b"\xff\xfe\x00c\x00o")[1]) == [(0, "", "not_utf8")]
    assert codes(csvio.parse(b"")[1]) == [(0, "", "empty")]
    assert codes(csvio.parse(b"code,zone\nA-01,x\n")[1]) == [(1, "x", "missing_column"), (1, "y", "missing_column"),
                                                              (1, "w", "missing_column"), (1, "h", "missing_column")]
    assert codes(csvio.parse(b"code,x,y,w,h\n")[1]) == [(0, "", "empty")]
    assert codes(csvio.parse(b"x" * (csvio.MAX_BYTES + 1))[1]) == [(0, "", "too_large")]


def test_too_many_rows_are_refused():
    body = "code,x,y,w,h\n" + "".join(f"A-{i},{i * 3},0,3,3\n" for i in range(csvio.MAX_ROWS + 1))
    _rows, errors = csvio.parse(body.encode())
    assert errors[-1].code == "too_many_rows"


def test_written_csv_has_a_bom_and_neutralises_formulas():
    data = csvio.write([["A-01", "=HYPERLINK(\"http://x\")", Decimal("-1.5"), True, None]], ["code", "zone", "x", "accessible", "h"])
    text = data.decode("utf-8")
    assert text.startswith("\ufeffcode,zone,x,accessible,h\r\n")
    assert "'=HYPERLINK" in text and ",-1.5," in text and ",yes," in text


def test_export_columns_import_back():
    row = ["A-01", "Khu A", Decimal("2.00"), Decimal("2.00"), Decimal("3.00"), Decimal("3.00"), "corner", "standard",
           "power;water", True, "A", "available", "Nhà A", "Công ty X", "Sản phẩm", False]
    rows, errors = csvio.parse(csvio.write([row]))
    assert errors == [] and rows[0].features == frozenset({"power", "water"}) and rows[0].zone == "Khu A"
