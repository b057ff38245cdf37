"""The SVG floor plan: structure, escaping, and readability at 1,000 booths."""
import xml.etree.ElementTree as ET

from techfest.booths import plan
from techfest.booths.geometry import GridSpec, generate_grid

NS = {"s": "http://www.w3.org/2000/svg"}


def thousand_booths():
    booths = []
    for z, prefix in enumerate("ABCD"):
        grid = generate_grid(GridSpec(rows=10, cols=25, origin_x=200 + (z % 2) * 9200, origin_y=200 + (z // 2) * 4600,
                                      aisle_every_rows=2, aisle_every_cols=5, prefix=prefix))
        booths += [plan.PlanBooth(b.code, b.x / 100, b.y / 100, b.w / 100, b.h / 100, fill=plan.palette(z),
                                  title=f"Gian {b.code}\nKhu {prefix}", href=f"/booths/{b.code}",
                                  label="Công ty CP Điện tử Hải Phòng" if b.code.endswith("7") else None,
                                  occupied=b.code.endswith("7"))
                   for b in grid]
    return booths


def test_a_1000_booth_plan_has_a_viewbox_a_group_per_booth_and_a_legend():
    booths = thousand_booths()
    assert len(booths) == 1000
    legend = [plan.LegendItem(plan.palette(i), f"Khu {p}") for i, p in enumerate("ABCD")]
    svg = plan.render_svg(booths, 185, 95, title="Nhà triển lãm A", legend=legend, legend_title="Chú giải",
                          standalone=True)
    root = ET.fromstring(svg.split("\n", 1)[1])
    x, y, w, h = (float(v) for v in root.get("viewBox").split())
    assert (x, y) == (-1, -1) and w == 187 and h > 97
    groups = root.findall(".//s:g[@class='tf-booth']", NS)
    assert len(groups) == 1000
    for g in groups:
        code = g.get("data-code")
        assert g.find("s:title", NS).text.startswith(f"Gian {code}")
        assert g.find("s:text", NS).text == code
        assert g.find("s:rect", NS) is not None
    links = root.findall(".//s:a", NS)
    assert len(links) == 1000 and links[0].get("href").startswith("/booths/")
    legend_texts = [t.text for t in root.findall(".//s:g[@class='tf-legend']/s:text", NS)]
    assert legend_texts == ["Chú giải", "Khu A", "Khu B", "Khu C", "Khu D"]


def test_codes_stay_at_least_10_pixels_high_at_1000_booths():
    booths = thousand_booths()
    svg = plan.render_svg(booths, 185, 95)
    root = ET.fromstring(svg)
    px_per_m = float(root.get("width")) / float(root.get("viewBox").split()[2])
    smallest = min(float(t.get("font-size")) for t in root.findall(".//s:g[@class='tf-booth']/s:text", NS)
                   if t.get("class") != "tf-label")
    assert smallest * px_per_m >= plan.MIN_FONT_PX
    # and each code fits its booth's width (estimated advance of a bold digit)
    for g in root.findall(".//s:g[@class='tf-booth']", NS):
        rect, text = g.find("s:rect", NS), g.find("s:text", NS)
        assert len(text.text) * plan.CHAR_WIDTH * float(text.get("font-size")) <= float(rect.get("width"))


def test_hostile_text_is_escaped():
    booth = plan.PlanBooth("A-01", 0, 0, 3, 3, title='<script>alert(1)</script> & "x"', href='/p?a=1&b="2"',
                           label="<b>Công ty</b>\x00", data={"exhibitor": '"><img src=x onerror=alert(1)>'})
    svg = plan.render_svg([booth], 10, 10)
    assert "<script>" not in svg and "<img" not in svg and "<b>" not in svg and "\x00" not in svg
    root = ET.fromstring(svg)  # still well-formed
    g = root.find(".//s:g[@class='tf-booth']", NS)
    assert g.find("s:title", NS).text == '<script>alert(1)</script> & "x"'
    assert g.get("data-exhibitor") == '"><img src=x onerror=alert(1)>'
    assert root.find(".//s:a", NS).get("href") == '/p?a=1&b="2"'


def test_highlighted_booth_is_drawn_last_and_marked():
    booths = [plan.PlanBooth("A-01", 0, 0, 3, 3, highlight=True), plan.PlanBooth("A-02", 3, 0, 3, 3, dim=True)]
    root = ET.fromstring(plan.render_svg(booths, 10, 10))
    groups = root.findall(".//s:g", NS)
    assert [g.get("data-code") for g in groups if g.get("data-code")] == ["A-02", "A-01"]
    assert "tf-you" in groups[-1].get("class")


def test_text_colour_contrasts_with_the_fill():
    assert plan.text_colour("#ffffff") == "#000"
    assert plan.text_colour("#0b4f8a") == "#fff"
    assert plan.text_colour("not a colour") == "#000"
