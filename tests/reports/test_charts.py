"""The SVG charts (pure)."""
import xml.etree.ElementTree as ET

from techfest.reports.charts import bar_chart, column_chart

NS = "{http://www.w3.org/2000/svg}"


def _texts(svg):
    return [t.text for t in ET.fromstring(svg).iter(NS + "text")]


def test_bar_chart_draws_one_bar_per_row_with_labels_and_values():
    svg = bar_chart([("Cơ khí chế tạo", 12), ("Nông nghiệp", 6)], "Sản phẩm")
    root = ET.fromstring(svg)
    rects = list(root.iter(NS + "rect"))
    assert len(rects) == 2
    assert float(rects[0].get("width")) == 2 * float(rects[1].get("width"))  # proportional
    assert _texts(svg) == ["Cơ khí chế tạo", "12", "Nông nghiệp", "6"]
    assert root.find(NS + "title").text == "Sản phẩm"


def test_labels_are_escaped_and_numbers_use_vietnamese_separators():
    svg = bar_chart([("<script>alert(1)</script>", 20000), ("x", 1.5)], "a & b")
    assert "<script>" not in svg
    ET.fromstring(svg)  # still well-formed
    assert "20.000" in _texts(svg) and "1,5" in _texts(svg)


def test_column_chart_and_empty_data():
    svg = column_chart([("2018", 60), ("2023", 130)], "Sản phẩm trưng bày")
    assert _texts(svg) == ["60", "2018", "130", "2023"]
    heights = [float(r.get("height")) for r in ET.fromstring(svg).iter(NS + "rect")]
    assert heights[1] > heights[0] * 2
    for chart in (bar_chart, column_chart):
        empty = chart([], "Không có")
        assert list(ET.fromstring(empty).iter(NS + "rect")) == []


def test_zero_and_negative_values_do_not_break_the_scale():
    svg = bar_chart([("a", 0), ("b", -3)], "t")
    assert all(float(r.get("width")) == 0 for r in ET.fromstring(svg).iter(NS + "rect"))
