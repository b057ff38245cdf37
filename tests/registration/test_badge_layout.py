"""Name fitting and the QR code (pure module)."""
import secrets

import pytest
import qrcode

from techfest.registration import badge_layout, tokens
from techfest.registration.fonts import metrics_file

METRICS = badge_layout.metrics_for(str(metrics_file()))


def test_short_names_get_the_largest_size_on_one_line():
    fit = badge_layout.fit_text("Trần Văn Đức", metrics=METRICS, single_line_min=22)
    assert fit == badge_layout.Fit(30, 1, False)


def test_longer_names_shrink_before_wrapping_and_always_fit_the_box():
    sizes = []
    for name in ["Nguyễn Thị Thu Hà", "Tôn Nữ Thị Phương Thảo", "Tôn Nữ Thị Phương Thảo Nguyễn Hoàng Bảo Ngọc Trâm Anh"]:
        fit = badge_layout.fit_text(name, metrics=METRICS, single_line_min=22)
        width, height = badge_layout.NAME_BOX
        assert fit.lines * fit.size * badge_layout.LINE_HEIGHT <= height
        sizes.append(fit.size)
    assert sizes[-1] < min(sizes[:-1])  # the very long name had to shrink


def test_hangul_is_measured_one_em_per_syllable():
    assert METRICS.text_width("김민준", 10) == pytest.approx(30)


def test_an_unbreakable_name_breaks_inside_the_word_at_a_size_that_fits():
    fit = badge_layout.fit_text("X" * 120, metrics=METRICS)
    assert fit.break_words
    assert fit.lines * fit.size * badge_layout.LINE_HEIGHT <= badge_layout.NAME_BOX[1]


def test_qr_matrix_is_the_same_symbol_qrcode_draws():
    private, _ = tokens.generate_keypair()
    samples = [tokens.sign_token(private, secrets.randbelow(10**6), secrets.randbelow(2**40), secrets.randbelow(99))
               for _ in range(40)] + ["x" * 300]  # the last one needs a version >= 7 symbol
    for data in samples:
        reference = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
        reference.add_data(data.encode())
        reference.make(fit=True)
        assert badge_layout.qr_matrix(data) == reference.get_matrix()


def test_mask_penalties_follow_the_iso_rules_on_tiny_symbols():
    import numpy as np

    # 12 x 12 all light: N1 runs of 12 in 24 lines: 24 * (12 - 2); N2 11*11 blocks * 3; N4 50 %+ away: 100
    light = np.zeros((1, 12, 12), dtype=bool)
    assert badge_layout.mask_penalties(light) == [24 * 10 + 121 * 3 + 100]
    # a checkerboard has no run, no block, no finder pattern and 50 % dark
    board = (np.indices((12, 12)).sum(axis=0) % 2 == 0)[None]
    assert badge_layout.mask_penalties(board) == [0]


def test_qr_png_has_a_quiet_zone_and_one_pixel_per_module():
    from io import BytesIO

    from PIL import Image

    data = "TF1.example"
    img = Image.open(BytesIO(badge_layout.qr_png(data)))
    n = len(badge_layout.qr_matrix(data))
    assert img.size == (n + 8, n + 8)
    assert img.getpixel((0, 0)) == 255 and img.getpixel((4, 4)) == 0  # light margin, dark finder corner
