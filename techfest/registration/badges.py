"""Badge PDFs with WeasyPrint (no Flask: usable from worker processes and the benchmark).

:func:`render_badges` is THE code path for every badge PDF: one badge for an attendee, a bulk
print job, the CLI and ``bench/badges.py``. Badges are rendered in chunks (``CHUNK_SIZE``
badges per WeasyPrint document), each chunk written to a temporary file, and the chunks are
concatenated with pypdf at the end, so the memory WeasyPrint needs does not grow with the
number of badges. With ``jobs > 1`` the chunks are rendered by that many worker processes
(the QR codes and HTML too; forked from a "forkserver" that imported WeasyPrint once), in
order, with at most ``2 * jobs`` chunks in flight.

The stylesheet (``templates/registration/badges/badge.css`` plus the ``@font-face`` rules of
:mod:`.fonts`) is parsed once per process and the font configuration is reused, so fonts are
loaded once; WeasyPrint subsets and embeds them in each document. Within one process, renders
are serialised by a lock (WeasyPrint's font objects are not thread-safe).
"""
from __future__ import annotations

import base64
import logging
import os
import shutil
import tempfile
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from . import badge_layout
from .fonts import FAMILY, font_face_css, metrics_file

logger = logging.getLogger(__name__)

TEMPLATES_DIR = Path(__file__).resolve().parent.parent.parent / "templates"
CSS_FILE = TEMPLATES_DIR / "registration" / "badges" / "badge.css"
CHUNK_SIZE = 200          # badges per WeasyPrint document (50 A4 sheets)
LAYOUTS = ("single", "sheet")
LABEL_BOX = (95 * badge_layout.MM, 9 * badge_layout.MM)  # one line in the colour band
LABEL_SIZES = (20, 18, 16, 15, 14, 13, 12, 11, 10)
TYPES = ("visitor", "exhibitor_staff", "speaker", "press", "vip", "organizer_staff")


@dataclass
class Badge:
    """What is printed on one badge. Labels come translated; ``token`` is what the QR holds."""

    name: str
    organisation: str
    type: str
    token: str
    days: str = ""                 # e.g. "25/11 · 26/11"
    label_vi: str = ""
    label_en: str = ""
    all_days_label: str = ""


@dataclass
class EditionInfo:
    name: str
    dates: str = ""
    venue: str = ""
    title: str = "Badges"
    # The edition's logo as a URL WeasyPrint loads (``file://`` of the stored image, or
    # ``data:``); empty: the built-in Techfest mark. It is one URL for the whole document, so
    # WeasyPrint reads and embeds the image once per chunk, not once per badge.
    logo: str = ""


@dataclass
class _Chunk:
    index: int
    badges: list[dict]
    edition: dict
    layout: str
    qr_pngs: list[bytes] | None = field(default=None)  # pre-made QR images (benchmark floor only)


# --- one process's renderer ---------------------------------------------------------------

class Renderer:
    """Jinja environment + parsed stylesheet + font configuration, built once per process."""

    def __init__(self) -> None:
        import jinja2
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True,
            trim_blocks=False, lstrip_blocks=False)
        self.template = self.env.get_template("registration/badges/document.html")
        self.font_config = FontConfiguration()
        self.stylesheet = CSS(string=stylesheet_text(), font_config=self.font_config)
        self.metrics = badge_layout.metrics_for(str(metrics_file(bold=True)))

    def prepare(self, badge: dict, qr_png: bytes | None = None) -> dict:
        """Template data of one badge: fitted sizes and the QR as a data URI."""
        name_fit = badge_layout.fit_text(badge["name"], metrics=self.metrics,
                                         single_line_min=badge_layout.NAME_SINGLE_LINE_MIN)
        org_fit = badge_layout.fit_text(badge["organisation"], badge_layout.ORG_BOX, badge_layout.ORG_SIZES,
                                        metrics=self.metrics)
        label_fit = badge_layout.fit_text((badge.get("label_vi") or "").upper(), LABEL_BOX, LABEL_SIZES,
                                          metrics=self.metrics)
        png = qr_png if qr_png is not None else badge_layout.qr_png(badge["token"])
        kind = badge["type"] if badge["type"] in TYPES else "visitor"
        return {**badge, "type": kind, "name_size": name_fit.size, "name_break": name_fit.break_words,
                "org_size": org_fit.size, "org_break": org_fit.break_words, "label_size": label_fit.size,
                "qr": "data:image/png;base64," + base64.b64encode(png).decode("ascii")}

    def html(self, badges: Sequence[dict], edition: dict, layout: str = "single",
             qr_pngs: Sequence[bytes] | None = None) -> str:
        if layout not in LAYOUTS:
            raise ValueError(f"layout must be one of {LAYOUTS}")
        prepared = [self.prepare(b, qr_pngs[i] if qr_pngs else None) for i, b in enumerate(badges)]
        return self.template.render(badges=prepared, edition=edition, layout=layout,
                                    title=edition.get("title") or "Badges")

    def pdf(self, html: str) -> bytes:
        from weasyprint import HTML

        return HTML(string=html, base_url=str(TEMPLATES_DIR)).write_pdf(
            stylesheets=[self.stylesheet], font_config=self.font_config)


def stylesheet_text() -> str:
    return font_face_css() + "\n" + CSS_FILE.read_text(encoding="utf-8").replace(
        '"Techfest Sans", "Techfest CJK"', FAMILY)


_renderer: Renderer | None = None
# WeasyPrint's font configuration (Pango, fontconfig) is not safe to use from two threads at
# once: a threaded web server renders one badge document at a time per process.
_render_lock = threading.Lock()


def renderer() -> Renderer:
    global _renderer
    if _renderer is None:
        import atexit

        _renderer = Renderer()
        atexit.register(_drop_renderer)  # release fonts while the interpreter is still whole
    return _renderer


def _drop_renderer() -> None:
    global _renderer
    _renderer = None


def _render_chunk(chunk: _Chunk) -> bytes:
    with _render_lock:
        r = renderer()
        return r.pdf(r.html(chunk.badges, chunk.edition, chunk.layout, chunk.qr_pngs))


# --- public API ---------------------------------------------------------------------------

def render_badges(badges: Iterable[Badge], edition: EditionInfo, out: str | os.PathLike, *,
                  layout: str = "sheet", chunk_size: int = CHUNK_SIZE, jobs: int = 1,
                  progress: Callable[[int], None] | None = None) -> int:
    """Render ``badges`` to the PDF file ``out``; returns the number of badges.

    ``progress(done)`` is called after each chunk with the number of badges rendered so far.
    For the A4 layout the chunk size is rounded to a multiple of 4 so sheets stay full.
    """
    if layout == "sheet":
        chunk_size = max(4, chunk_size - chunk_size % 4)
    edition_dict = asdict(edition)
    tmpdir = Path(tempfile.mkdtemp(prefix="techfest-badges-"))
    parts: list[Path] = []
    done = 0
    try:
        edition_dict["logo"] = _snapshot_logo(edition_dict.get("logo") or "", tmpdir)
        chunks = _chunks(badges, chunk_size, edition_dict, layout)
        if jobs <= 1:
            for chunk in chunks:
                parts.append(_write_part(tmpdir, chunk.index, _render_chunk(chunk)))
                done += len(chunk.badges)
                if progress:
                    progress(done)
        else:
            done = _render_parallel(chunks, jobs, tmpdir, parts, progress)
        _concatenate(parts, Path(out))
        return done
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


def render_badge_pdf(badge: Badge, edition: EditionInfo) -> bytes:
    """One A6 badge as PDF bytes (the attendee's download, the organizers' preview)."""
    return _render_chunk(_Chunk(0, [asdict(badge)], asdict(edition), "single"))


def _snapshot_logo(url: str, tmpdir: Path) -> str:
    """A ``file://`` logo copied into the job's folder, so every chunk prints the same image even
    if an organizer replaces or removes the logo while a long job runs ("" if it is gone)."""
    if not url.startswith("file:"):
        return url
    from urllib.parse import urlparse
    from urllib.request import url2pathname

    source = Path(url2pathname(urlparse(url).path))
    target = tmpdir / ("logo" + source.suffix.lower())
    try:
        shutil.copyfile(source, target)
    except OSError:
        logger.warning("badge logo %s could not be read; printing the Techfest mark", source)
        return ""
    return target.as_uri()


def _chunks(badges: Iterable[Badge], size: int, edition: dict, layout: str) -> Iterator[_Chunk]:
    batch: list[dict] = []
    index = 0
    for badge in badges:
        batch.append(asdict(badge) if isinstance(badge, Badge) else dict(badge))
        if len(batch) >= size:
            yield _Chunk(index, batch, edition, layout)
            index += 1
            batch = []
    if batch:
        yield _Chunk(index, batch, edition, layout)


def _write_part(tmpdir: Path, index: int, data: bytes) -> Path:
    path = tmpdir / f"part-{index:06d}.pdf"
    path.write_bytes(data)
    return path


def _render_parallel(chunks: Iterator[_Chunk], jobs: int, tmpdir: Path, parts: list[Path],
                     progress: Callable[[int], None] | None) -> int:
    import multiprocessing

    done = 0
    if "forkserver" in multiprocessing.get_all_start_methods():
        # Workers fork from a clean server process that imported WeasyPrint once (safe even
        # when the caller has threads, unlike a plain fork).
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["techfest.registration.badges", "weasyprint"])
    else:
        ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_warm_up) as pool:
        pending: list[tuple[_Chunk, object]] = []
        for chunk in chunks:
            pending.append((chunk, pool.submit(_render_chunk, chunk)))
            while len(pending) >= 2 * jobs:
                done = _collect(pending.pop(0), tmpdir, parts, done, progress)
        while pending:
            done = _collect(pending.pop(0), tmpdir, parts, done, progress)
    return done


def _collect(item, tmpdir: Path, parts: list[Path], done: int, progress) -> int:
    chunk, future = item
    parts.append(_write_part(tmpdir, chunk.index, future.result()))
    done += len(chunk.badges)
    if progress:
        progress(done)
    return done


def _warm_up() -> None:
    renderer()


def _concatenate(parts: Sequence[Path], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = out.with_name(out.name + ".part")
    if not parts:
        from pypdf import PdfWriter

        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
        with open(tmp_out, "wb") as fh:
            writer.write(fh)
    elif len(parts) == 1:
        shutil.copyfile(parts[0], tmp_out)
    elif shutil.which("pdfunite"):
        # poppler's pdfunite (installed with the fonts by make) merges in C with little memory;
        # pypdf keeps every page object in Python memory until it writes.
        import subprocess

        subprocess.run(["pdfunite", *map(str, parts), str(tmp_out)], check=True, capture_output=True)
    else:
        from pypdf import PdfWriter

        writer = PdfWriter()
        for part in parts:
            writer.append(str(part))
        with open(tmp_out, "wb") as fh:
            writer.write(fh)
        writer.close()
    os.replace(tmp_out, out)
