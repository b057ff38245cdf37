"""Floor-plan geometry: adjacency from shared edges, overlaps, booth types, the grid generator."""
import itertools
import random

import pytest

from techfest.booths.geometry import (GridSpec, Rect, adjacency, classify, generate_grid, outside, overlapping_pairs,
                                      to_cm, to_m)


def brute_adjacency(rects):
    out = {r.id: set() for r in rects}
    for a, b in itertools.combinations(rects, 2):
        vertical = (a.x + a.w == b.x or b.x + b.w == a.x) and min(a.y + a.h, b.y + b.h) - max(a.y, b.y) > 0
        horizontal = (a.y + a.h == b.y or b.y + b.h == a.y) and min(a.x + a.w, b.x + b.w) - max(a.x, b.x) > 0
        if vertical or horizontal:
            out[a.id].add(b.id)
            out[b.id].add(a.id)
    return out


def brute_overlaps(rects):
    return sorted(tuple(sorted((a.id, b.id))) for a, b in itertools.combinations(rects, 2)
                  if a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h)


def random_layout(rng: random.Random, n_cells: int = 18):
    """Non-overlapping booths: a grid of 100-cm cells, merged into random rectangles, some removed
    (aisles), so edges touch partially, at corners, and not at all."""
    taken = set()
    rects = []
    for gy in range(n_cells):
        for gx in range(n_cells):
            if (gx, gy) in taken or rng.random() < 0.25:
                continue
            w = rng.choice([1, 1, 2, 3])
            h = rng.choice([1, 1, 2])
            cells = {(gx + i, gy + j) for i in range(w) for j in range(h)}
            if any(c in taken or c[0] >= n_cells or c[1] >= n_cells for c in cells):
                w, h, cells = 1, 1, {(gx, gy)}
            taken |= cells
            rects.append(Rect(f"R{len(rects)}", gx * 100, gy * 100, w * 100, h * 100))
    return rects


def test_booths_sharing_an_edge_are_neighbours_but_corners_and_aisles_are_not():
    a = Rect("A-01", 0, 0, 300, 300)
    b = Rect("A-02", 300, 0, 300, 300)        # right of A-01: shared edge
    c = Rect("A-03", 600, 300, 300, 300)      # touches A-02 only at a corner
    d = Rect("B-01", 0, 600, 300, 300)        # across a 3 m aisle below A-01
    e = Rect("A-04", 300, 300, 300, 300)      # below A-02, and left of A-03: two edges
    adj = adjacency([a, b, c, d, e])
    assert adj["A-01"] == {"A-02"}
    assert adj["A-02"] == {"A-01", "A-04"}
    assert adj["A-03"] == {"A-04"}
    assert adj["B-01"] == set()


def test_a_partial_edge_counts_but_touching_at_a_point_does_not():
    double = Rect("D", 0, 0, 600, 300)
    under_half = Rect("S1", 300, 300, 300, 300)   # shares 3 m of the double's bottom edge
    corner = Rect("S2", 600, 300, 300, 300)       # only the corner (600, 300)
    adj = adjacency([double, under_half, corner])
    assert adj["D"] == {"S1"}
    assert "S2" not in adj["D"]


@pytest.mark.parametrize("seed", range(25))
def test_adjacency_equals_brute_force_on_random_layouts(seed):
    rects = random_layout(random.Random(seed))
    assert len(rects) > 50
    assert adjacency(rects) == brute_adjacency(rects)


def test_adjacency_is_exact_on_a_2500_booth_hall():
    spec = GridSpec(rows=50, cols=50, aisle_every_rows=2, aisle_every_cols=10)
    booths = generate_grid(spec)
    rects = [Rect(b.code, b.x, b.y, b.w, b.h) for b in booths]
    adj = adjacency(rects)
    # Blocks of 2 rows × 10 columns: each row has 9 horizontal links, each column pair 1 vertical.
    blocks = 25 * 5
    assert sum(len(v) for v in adj.values()) // 2 == blocks * (2 * 9 + 10)
    sample = random.Random(1).sample(rects, 150)
    for r in sample:  # the same neighbours as a direct scan of the whole hall
        expected = {o.id for o in rects if o.id != r.id and brute_adjacency([r, o])[r.id]}
        assert adj[r.id] == expected


@pytest.mark.parametrize("seed", range(10))
def test_overlaps_equal_brute_force(seed):
    rng = random.Random(seed)
    rects = [Rect(f"R{i}", rng.randrange(0, 3000, 50), rng.randrange(0, 3000, 50), rng.randrange(100, 600, 50),
                  rng.randrange(100, 600, 50)) for i in range(120)]
    assert overlapping_pairs(rects) == brute_overlaps(rects)


def test_touching_booths_do_not_overlap():
    assert overlapping_pairs([Rect("A", 0, 0, 300, 300), Rect("B", 300, 0, 300, 300)]) == []
    assert overlapping_pairs([Rect("A", 0, 0, 300, 300), Rect("B", 299, 0, 300, 300)]) == [("A", "B")]


def test_outside_the_hall():
    rects = [Rect("in", 0, 0, 300, 300), Rect("edge", 700, 0, 300, 300), Rect("out", 800, 0, 300, 300)]
    assert outside(rects, 1000, 1000) == ["out"]


def test_booth_types_come_from_open_sides():
    row = [Rect(f"A-0{i}", i * 300, 0, 300, 300) for i in range(3)]
    assert classify(row[0], [row[1]]) == "corner"         # open left, top, bottom
    assert classify(row[1], [row[0], row[2]]) == "inline"  # open top and bottom only
    assert classify(Rect("I", 0, 0, 600, 600), []) == "island"
    back_to_back = [Rect("A", 0, 0, 300, 300), Rect("B", 300, 0, 300, 300), Rect("C", 0, 300, 300, 300),
                    Rect("D", 300, 300, 300, 300), Rect("E", 600, 0, 300, 300), Rect("F", 600, 300, 300, 300)]
    adj = adjacency(back_to_back)
    by_id = {r.id: r for r in back_to_back}
    assert classify(by_id["B"], [by_id[n] for n in adj["B"]]) == "inline"  # faces the aisle only
    assert classify(by_id["A"], [by_id[n] for n in adj["A"]]) == "corner"


def test_grid_generator_numbers_row_by_row_with_aisles():
    booths = generate_grid(GridSpec(rows=4, cols=6, booth_w=300, booth_h=300, origin_x=200, origin_y=200,
                                    aisle_every_rows=2, aisle_every_cols=3, aisle_cm=300, prefix="B", start=1))
    assert len(booths) == 24
    assert [b.code for b in booths[:7]] == ["B-01", "B-02", "B-03", "B-04", "B-05", "B-06", "B-07"]
    by_code = {b.code: b for b in booths}
    assert (by_code["B-01"].x, by_code["B-01"].y) == (200, 200)
    assert by_code["B-04"].x == 200 + 3 * 300 + 300          # after the column aisle
    assert by_code["B-13"].y == 200 + 2 * 300 + 300          # third row, after the row aisle
    assert by_code["B-01"].type == "corner" and by_code["B-02"].type == "inline"
    assert overlapping_pairs([Rect(b.code, b.x, b.y, b.w, b.h) for b in booths]) == []


def test_grid_generator_pads_numbers_to_the_largest_and_single_booths_are_islands():
    booths = generate_grid(GridSpec(rows=10, cols=12, aisle_every_rows=2, prefix="A", start=1))
    assert booths[0].code == "A-001" and booths[-1].code == "A-120"
    islands = generate_grid(GridSpec(rows=2, cols=2, aisle_every_rows=1, aisle_every_cols=1, prefix=""))
    assert [b.code for b in islands] == ["01", "02", "03", "04"]
    assert {b.type for b in islands} == {"island"}


def test_grid_generator_refuses_nonsense():
    with pytest.raises(ValueError):
        generate_grid(GridSpec(rows=0, cols=3))
    with pytest.raises(ValueError):
        generate_grid(GridSpec(rows=100, cols=100))


def test_metres_convert_to_exact_centimetres():
    from decimal import Decimal

    assert to_cm(Decimal("3.00")) == 300
    assert to_cm("2.5") == 250
    assert to_cm(0.1 + 0.2) == 30
    assert to_m(1234) == Decimal("12.34")


def test_command_line_prints_booths_with_neighbours(capsys, monkeypatch):
    import io
    import json

    from techfest.booths.geometry import main

    monkeypatch.setattr("sys.stdin", io.StringIO('{"rows": 2, "cols": 2, "aisle_every_rows": 0}'))
    assert main(["-"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {d["code"]: d["neighbors"] for d in data}["A-01"] == ["A-02", "A-03"]
