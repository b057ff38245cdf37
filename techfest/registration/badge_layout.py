"""Badge layout helpers (pure: no Flask): fit a name in its box, draw the QR code.

Names are fitted with the real advance widths of the badge font (read with fontTools), not a
guess per character: the largest size at which the name wraps into the box without any word
running past the edge wins; a name too long even at the smallest size may break inside words
(CSS ``overflow-wrap: anywhere``) and the box clips as a last resort, so text never spills over
the badge. Characters the Latin font lacks (Hangul, Han) are one em wide, as in Noto Sans CJK.

The QR code holds only the badge token. It is drawn at one pixel per module in a 1-bit PNG and
scaled up by the PDF viewer without smoothing (``image-rendering: pixelated``): a few hundred
bytes per badge and sharp at any zoom.

``python -m techfest.registration.badge_layout "Nguyễn Thị Thu Hà"`` prints the fitted size.
"""
from __future__ import annotations

import io
import json
import math
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

MM = 72 / 25.4  # points per millimetre

# The name box of an A6 badge (see templates/registration/badges/badge.css).
NAME_BOX = (89 * MM, 30 * MM)
NAME_SINGLE_LINE_MIN = 22
NAME_SIZES = (30, 28, 26, 24, 22, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10)
ORG_BOX = (89 * MM, 13 * MM)
ORG_SIZES = (13, 12, 11, 10, 9, 8)
LINE_HEIGHT = 1.18


class Metrics:
    """Advance widths of one font, in em, by character."""

    def __init__(self, path: Path | str | None):
        self.widths: dict[int, float] = {}
        self.fallback = 1.0  # CJK full width
        if path is not None and Path(path).is_file():
            from fontTools.ttLib import TTFont

            font = TTFont(str(path), lazy=True)
            upem = font["head"].unitsPerEm
            hmtx = font["hmtx"].metrics
            for code, glyph in font.getBestCmap().items():
                self.widths[code] = hmtx[glyph][0] / upem
            font.close()
        else:  # no font file: an average Latin width, so sizing still works roughly
            self.widths = {}
            self.fallback = 0.6

    def text_width(self, text: str, size: float) -> float:
        w = 0.0
        for ch in text:
            cp = ord(ch)
            if unicodedata.combining(ch):
                continue
            w += self.widths.get(cp, self.fallback)
        return w * size


@lru_cache(maxsize=4)
def metrics_for(path: str | None) -> Metrics:
    return Metrics(path)


@dataclass(frozen=True)
class Fit:
    size: float
    lines: int
    break_words: bool  # True when a word had to be broken (CSS overflow-wrap: anywhere)


def _lines_needed(words: Sequence[str], metrics: Metrics, size: float, width: float) -> tuple[int, bool]:
    space = metrics.text_width(" ", size)
    lines, current, broke = 0, 0.0, False
    for word in words:
        w = metrics.text_width(word, size)
        if w > width:  # the word alone is wider than the box: it breaks inside
            broke = True
            if current:
                lines += 1
            full = math.ceil(w / width) - 1
            lines += full
            current = w - full * width  # its last piece starts a line that later words may share
            continue
        if current and current + space + w <= width:
            current += space + w
        else:
            if current:
                lines += 1
            current = w
    if current:
        lines += 1
    return max(lines, 1), broke


def fit_text(text: str, box: tuple[float, float] = NAME_BOX, sizes: Sequence[float] = NAME_SIZES,
             metrics: Metrics | None = None, line_height: float = LINE_HEIGHT, safety: float = 0.94,
             single_line_min: float | None = None) -> Fit:
    """The largest size in ``sizes`` at which ``text`` fits ``box`` (width, height in points).

    With ``single_line_min``, a size of at least that much which holds the text on one line is
    preferred to a larger size that needs several lines.
    """
    metrics = metrics or metrics_for(None)
    words = unicodedata.normalize("NFC", text or "").split()
    width, height = box[0] * safety, box[1]
    if single_line_min is not None:  # one line reads better than a lone word on a second one
        for size in sizes:
            if size < single_line_min:
                break
            if metrics.text_width(" ".join(words), size) <= width and size * line_height <= height:
                return Fit(size, 1, False)
    best: Fit | None = None
    for size in sizes:
        lines, broke = _lines_needed(words, metrics, size, width)
        if lines * size * line_height <= height:
            if not broke:
                return Fit(size, lines, False)
            best = best or Fit(size, lines, True)
    if best is not None:
        return best
    smallest = sizes[-1]
    lines, _ = _lines_needed(words, metrics, smallest, width)
    return Fit(smallest, lines, True)


# --- QR ----------------------------------------------------------------------------------

_MASKS: dict[int, object] = {}


def _mask_patterns(n: int):
    """The 8 ISO/IEC 18004 mask patterns for an n x n symbol, as a (8, n, n) boolean array."""
    import numpy as np

    if n not in _MASKS:
        i, j = np.indices((n, n))
        _MASKS[n] = np.stack([
            (i + j) % 2 == 0, i % 2 == 0, j % 3 == 0, (i + j) % 3 == 0,
            (i // 2 + j // 3) % 2 == 0, (i * j) % 2 + (i * j) % 3 == 0,
            ((i * j) % 2 + (i * j) % 3) % 2 == 0, ((i * j) % 3 + (i + j) % 2) % 2 == 0,
        ])
    return _MASKS[n]


_LAYOUT: dict[int, tuple] = {}
_GF_MUL: list[list[int]] = []


def _layout(qr) -> tuple:
    """Per version (cached): the function patterns (format area light, as ``makeImpl(True, ...)``
    draws them) and the data modules' coordinates in the order qrcode's ``map_data`` fills them."""
    import numpy as np
    from qrcode.main import precomputed_qr_blanks

    version = qr.version
    if version not in _LAYOUT:
        qr.makeImpl(True, 0)  # also fills qrcode's cache of blank symbols
        qr.modules = [row[:] for row in precomputed_qr_blanks[version]]
        qr.setup_type_info(True, 0)
        if version >= 7:
            qr.setup_type_number(True)
        modules = qr.modules
        n = len(modules)
        rows, cols = [], []
        row, inc = n - 1, -1
        for col in range(n - 1, 0, -2):  # the zigzag of ISO/IEC 18004 (and of qrcode's map_data)
            if col <= 6:
                col -= 1
            while True:
                for c in (col, col - 1):
                    if modules[row][c] is None:
                        rows.append(row)
                        cols.append(c)
                row += inc
                if row < 0 or row >= n:
                    row -= inc
                    inc = -inc
                    break
        base = np.array([[bool(v) for v in r] for r in modules], dtype=bool)
        qr.modules = [[None] * n for _ in range(n)]  # which modules carry format/version information
        qr.setup_type_info(False, 0)
        if version >= 7:
            qr.setup_type_number(False)
        info = np.array([[v is not None for v in r] for r in qr.modules], dtype=bool)
        _LAYOUT[version] = (base, np.array(rows), np.array(cols), info)
    return _LAYOUT[version]


def _gf_tables() -> list[list[int]]:
    if not _GF_MUL:
        from qrcode import base

        _GF_MUL.extend([0] * 256 for _ in range(256))
        for a in range(1, 256):
            la = base.glog(a)
            for b in range(1, 256):
                _GF_MUL[a][b] = base.gexp((la + base.glog(b)) % 255)
    return _GF_MUL


def _byte_mode_version(payload: bytes, level: int) -> int:
    """The smallest version holding ``payload`` as one byte-mode segment (as qrcode's best_fit)."""
    from qrcode import util

    for version in range(1, 41):
        length_bits = 8 if version < 10 else 16
        if 4 + length_bits + 8 * len(payload) <= util.BIT_LIMIT_TABLE[level][version]:
            return version
    raise ValueError("data too long for a QR code")


def _codewords(payload: bytes, version: int, level: int) -> list[int]:
    """Data and error-correction codewords of one byte-mode segment, interleaved into blocks:
    what qrcode's ``create_data`` computes, with the bits assembled as one integer and the
    Reed-Solomon division done on a GF(256) multiplication table."""
    from qrcode import base, util
    from qrcode.LUT import rsPoly_LUT

    mul = _gf_tables()
    blocks = base.rs_blocks(version, level)
    bit_limit = sum(b.data_count * 8 for b in blocks)
    length_bits = 8 if version < 10 else 16
    stream = (((0b0100 << length_bits) | len(payload)) << (8 * len(payload))) | int.from_bytes(payload, "big")
    nbits = 4 + length_bits + 8 * len(payload)
    pad = min(bit_limit - nbits, 4)            # terminator
    pad += (-(nbits + pad)) % 8                # up to a whole byte
    stream <<= pad
    nbits += pad
    codewords = list(stream.to_bytes(nbits // 8, "big"))
    for i in range((bit_limit - nbits) // 8):  # filler bytes
        codewords.append(util.PAD0 if i % 2 == 0 else util.PAD1)
    data_blocks, ec_blocks, offset = [], [], 0
    for block in blocks:
        dc = codewords[offset:offset + block.data_count]
        offset += block.data_count
        ec_count = block.total_count - block.data_count
        generator = rsPoly_LUT[ec_count][1:]
        remainder = dc + [0] * ec_count
        for i in range(len(dc)):
            coef = remainder[i]
            if coef:
                row = mul[coef]
                for j, g in enumerate(generator):
                    remainder[i + 1 + j] ^= row[g]
        data_blocks.append(dc)
        ec_blocks.append(remainder[len(dc):])
    out = []
    for group in (data_blocks, ec_blocks):
        for i in range(max(len(b) for b in group)):
            out.extend(b[i] for b in group if i < len(b))
    return out


_FINDER_LIKE = ((1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0), (0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1))
_FINDER_CODES = tuple(int("".join(map(str, p)), 2) for p in _FINDER_LIKE)  # as 11-bit integers


def mask_penalties(symbols) -> list[int]:
    """ISO/IEC 18004 penalty scores (N1 runs, N2 blocks, N3 finder-like, N4 balance) of a stack
    of candidate symbols, shape (k, n, n), all at once with numpy."""
    import numpy as np

    m = np.asarray(symbols, dtype=bool)
    k, n, _ = m.shape
    total = np.zeros(k, dtype=np.int64)
    for grid in (m, m.transpose(0, 2, 1)):
        # N1: every run of 5 or more same-coloured modules in a row: 3 + (length - 5).
        change = np.ones((k, n, n + 1), dtype=bool)
        change[:, :, 1:n] = grid[:, :, 1:] != grid[:, :, :-1]
        idx = np.flatnonzero(change)  # every row starts and ends with a change
        runs = np.diff(idx)
        long_runs = runs >= 5
        owner = idx[:-1][long_runs] // (n * (n + 1))
        total += np.bincount(owner, weights=runs[long_runs] - 2, minlength=k).astype(np.int64)
        # N3: 1:1:3:1:1 finder-like pattern with 4 light modules on one side: 40 each. Every run
        # of 11 modules is packed into an integer and compared with the two patterns.
        bits = grid.astype(np.int32)
        packed = np.zeros((k, n, n - 10), dtype=np.int32)
        for offset in range(11):
            packed = (packed << 1) | bits[:, :, offset:offset + n - 10]
        for pattern in _FINDER_CODES:
            total += 40 * (packed == pattern).sum(axis=(1, 2))
    # N2: each 2 x 2 block of one colour: 3.
    a = m[:, :-1, :-1]
    block = (a == m[:, 1:, :-1]) & (a == m[:, :-1, 1:]) & (a == m[:, 1:, 1:])
    total += 3 * block.sum(axis=(1, 2))
    # N4: 10 per 5 % the dark proportion is away from 50 %.
    dark = m.sum(axis=(1, 2)) * 100 / (n * n)
    total += 10 * (np.abs(dark - 50) // 5).astype(np.int64)
    return [int(v) for v in total]


def qr_array(data: str):
    """The QR modules for ``data`` as a numpy boolean array (error correction M, no quiet
    zone), True = dark.

    The same symbol ``qrcode`` draws for a badge token (the tests compare them), built faster:
    the token is one byte-mode segment (qrcode only splits off runs of 20+ digits, which a
    token never has), its codewords come from a table-driven Reed-Solomon encoder, they are
    placed with numpy along the cached zigzag, and the mask is chosen by scoring the 8
    candidates in one numpy pass.
    """
    import numpy as np
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    payload = data.encode("ascii")
    version = _byte_mode_version(payload, ERROR_CORRECT_M)
    qr = qrcode.QRCode(version=version, error_correction=ERROR_CORRECT_M, border=0, box_size=1)
    base, rows, cols, info = _layout(qr)
    bits = np.unpackbits(np.array(_codewords(payload, version, ERROR_CORRECT_M), dtype=np.uint8)).astype(bool)
    if len(bits) < len(rows):  # remainder bits are light
        bits = np.pad(bits, (0, len(rows) - len(bits)))
    unmasked = base.copy()
    unmasked[rows, cols] = bits[:len(rows)]
    area = np.zeros_like(base)
    area[rows, cols] = True
    candidates = unmasked[None, :, :] ^ (_mask_patterns(base.shape[0]) & area[None, :, :])
    scores = mask_penalties(candidates)
    best = scores.index(min(scores))
    # The chosen candidate plus its format (and version) information, drawn by qrcode.
    n = base.shape[0]
    qr.modules = [[False] * n for _ in range(n)]
    qr.modules_count = n
    qr.setup_type_info(False, best)
    if version >= 7:
        qr.setup_type_number(False)
    symbol = candidates[best]
    symbol[info] = np.array(qr.modules, dtype=bool)[info]
    return symbol


def qr_matrix(data: str) -> list[list[bool]]:
    """:func:`qr_array` as lists (True = dark), like ``qrcode.QRCode.get_matrix()`` without border."""
    return qr_array(data).tolist()


def qr_png(data: str, quiet_zone: int = 4) -> bytes:
    """A 1-bit PNG, one pixel per module, with the standard quiet zone of 4 modules."""
    import numpy as np
    from PIL import Image

    light = np.pad(~qr_array(data), quiet_zone, constant_values=True)
    height, width = light.shape
    img = Image.frombytes("1", (width, height), np.packbits(light, axis=1).tobytes())
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def qr_png_scaled(data: str, scale: int = 8) -> bytes:
    """A larger PNG of the same code for phones (screens smooth 1-pixel images)."""
    from PIL import Image

    small = Image.open(io.BytesIO(qr_png(data)))
    big = small.resize((small.width * scale, small.height * scale), Image.NEAREST)
    buf = io.BytesIO()
    big.save(buf, "PNG")
    return buf.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    from .fonts import metrics_file

    argv = list(sys.argv[1:] if argv is None else argv)
    metrics = metrics_for(str(metrics_file()))
    out = {}
    for text in argv:
        fit = fit_text(text, metrics=metrics, single_line_min=NAME_SINGLE_LINE_MIN)
        out[text] = {"size_pt": fit.size, "lines": fit.lines, "break_words": fit.break_words}
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
