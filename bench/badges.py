"""Badge printing benchmark: the real code path against WeasyPrint's floor, in the same run.

    python -m bench.badges [--count 1000] [--jobs 2] [--memory-check] [--logo]

* real path: ``printing.render_edition_badges`` exactly as the print job and the CLI run it —
  registrations read from the database, tokens signed, QR codes drawn, names fitted, HTML
  rendered per chunk by WeasyPrint, chunks concatenated with pypdf — into A4 sheets of 4;
* floor: WeasyPrint rendering ONE static HTML file holding the same badges (same templates,
  same stylesheet and fonts) with the QR images made beforehand: what WeasyPrint alone costs.

Each measurement runs in its own fresh process (spawned), so the peak memory printed is that
run's own (ru_maxrss, plus its worker processes for --jobs). Goal: real >= 0.8 x floor on one
core; with ``--jobs 2`` (two cores) real >= 1.6 x the single-core floor.

Figures on the 2-core development machine, idle (load average about 1), 2026-11-25:

    1 process:   0.83 of the floor (0.80 with --logo)     goal 0.8
    2 processes: 1.64 x the 1-core floor (1.62 with --logo)  goal 1.6
    (on a loaded machine the 2-process figure falls to about 1.0: it needs a free second core)
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _app(db_path: str):
    sys.path.insert(0, str(ROOT))
    from techfest import create_app

    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
                       "UPLOAD_DIR": str(Path(db_path).parent / "uploads"), "SECRET_KEY": "bench-secret"})


def build_data(workdir: str, count: int, logo: bool = False) -> None:
    """An edition (with the demo's logo if ``logo``) and ``count`` confirmed registrations of
    every type (not timed)."""
    import random
    from datetime import date

    from techfest.core.db import db
    from techfest.core.search import fold
    from techfest.editions.models import Edition
    from techfest.registration import services
    from techfest.registration.demo import GIVEN_F, GIVEN_M, KOREAN, MIDDLE_F, MIDDLE_M, SURNAMES, VISITOR_ORGS
    from techfest.registration.models import Registration, RegistrationDay

    app = _app(os.path.join(workdir, "bench.db"))
    with app.app_context():
        db.create_all()
        edition = Edition(slug="bench", name="Techfest Hải Phòng 2026", name_folded=fold("Techfest Hải Phòng 2026"),
                          year=2026, city="Hải Phòng", venue="Trung tâm Hội chợ Triển lãm Hải Phòng",
                          start_date=date(2026, 11, 25), end_date=date(2026, 11, 27), status="live")
        db.session.add(edition)
        db.session.commit()
        if logo:  # printed on every badge: the image is read once per chunk, not once per badge
            from techfest.editions.demo import demo_logo_png
            from techfest.editions.services import set_edition_logo

            set_edition_logo(None, edition, demo_logo_png())
        services.edition_key(edition)
        rng = random.Random(1)
        types = ["visitor"] * 6 + ["exhibitor_staff", "speaker", "press", "vip", "organizer_staff"]
        days = services.edition_days(edition)
        for i in range(count):
            if i % 25 == 0:
                name = rng.choice(KOREAN)
            elif i % 2:
                name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"
            else:
                name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"
            org = rng.choice(VISITOR_ORGS[3:])
            reg = Registration(edition_id=edition.id, email=f"bench{i}@example.vn", name=name, organisation=org,
                               type=types[i % len(types)], status="active", badge_version=1,
                               access_code=f"bench{i}", search_folded=fold(name))
            reg.days = [RegistrationDay(day=d) for d in rng.sample(days, rng.randint(1, 3))]
            db.session.add(reg)
        db.session.commit()


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _peak_mb(children: bool = False) -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if children else 0
    return (own + kids) / 1024


def run_real(workdir: str, jobs: int, queue) -> None:
    from techfest.core.db import db  # noqa: F401
    from techfest.editions.services import get_edition_or_404
    from techfest.registration import printing

    app = _app(os.path.join(workdir, "bench.db"))
    with app.app_context():
        edition = get_edition_or_404("bench")
        out = os.path.join(workdir, f"real-{jobs}.pdf")
        cpu = _cpu_seconds()
        start = time.perf_counter()
        count = printing.render_edition_badges(edition, {}, out, jobs=jobs)
        elapsed = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu
    queue.put({"count": count, "seconds": elapsed, "cpu": cpu if jobs == 1 else None,  # workers: not our children
               "peak_mb": _peak_mb(children=jobs > 1), "bytes": os.path.getsize(out)})


def prepare_floor(workdir: str) -> None:
    """The static HTML file of the floor: same badges, same templates, QR images made beforehand."""
    from dataclasses import asdict

    from techfest.editions.services import get_edition_or_404
    from techfest.registration import badge_layout, badges, printing

    app = _app(os.path.join(workdir, "bench.db"))
    with app.app_context():
        edition = get_edition_or_404("bench")
        ids = printing.badge_ids(edition, {})
        items = [asdict(b) for b in printing.iter_badges(edition, ids)]
        qrs = [badge_layout.qr_png(b["token"]) for b in items]
        html = badges.renderer().html(items, asdict(printing.edition_info(edition)), "sheet", qr_pngs=qrs)
    Path(workdir, "floor.html").write_text(html, encoding="utf-8")
    Path(workdir, "floor.css").write_text(badges.stylesheet_text(), encoding="utf-8")


def run_floor(workdir: str, queue) -> None:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    html_path, css_path = os.path.join(workdir, "floor.html"), os.path.join(workdir, "floor.css")
    cpu = _cpu_seconds()
    start = time.perf_counter()
    fonts = FontConfiguration()
    css = CSS(filename=css_path, font_config=fonts)
    pdf = HTML(filename=html_path).write_pdf(stylesheets=[css], font_config=fonts)
    elapsed = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu
    Path(workdir, "floor.pdf").write_bytes(pdf)
    count = Path(html_path).read_text(encoding="utf-8").count('class="badge badge-')
    queue.put({"count": count, "seconds": elapsed, "cpu": cpu, "peak_mb": _peak_mb(), "bytes": len(pdf)})


def _in_process(target, *args) -> dict:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    result = queue.get()
    proc.join()
    return result


def _line(label: str, r: dict) -> str:
    return (f"{label:<34} {r['count']:>6} badges  {r['seconds']:7.2f} s  {r['count'] / r['seconds']:7.1f} badges/s  "
            f"(CPU {'%6.2f s' % r['cpu'] if r['cpu'] is not None else '     —  '})  peak {r['peak_mb']:5.0f} MB  "
            f"{r['bytes'] / 1e6:4.1f} MB PDF")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=1, help="also time the real path with this many processes")
    parser.add_argument("--memory-check", action="store_true", help="also render 5 x count to compare peak memory")
    parser.add_argument("--logo", action="store_true", help="give the edition a logo (PNG) printed on every badge")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="techfest-bench-") as workdir:
        build_data(workdir, args.count, logo=args.logo)
        prepare_floor(workdir)
        print(f"cores: {os.cpu_count()}  load average: {os.getloadavg()[0]:.2f}  badges: {args.count}  "
              f"layout: A4 sheets of 4  chunk: {__import__('techfest.registration.badges', fromlist=['x']).CHUNK_SIZE} badges"
              f"{'  edition logo: yes' if args.logo else ''}")
        floor = _in_process(run_floor, workdir)
        print(_line("floor (static HTML, 1 document)", floor))
        real = _in_process(run_real, workdir, 1)
        print(_line("real path, 1 process", real))
        floor_rate = floor["count"] / floor["seconds"]
        print(f"ratio real/floor (1 core): {real['count'] / real['seconds'] / floor_rate:.2f} by wall time, "
              f"{floor['cpu'] / real['cpu']:.2f} by CPU time   (goal >= 0.8; CPU time is the fair figure on a busy machine)")
        if args.jobs > 1:
            par = _in_process(run_real, workdir, args.jobs)
            print(_line(f"real path, {args.jobs} processes", par))
            print(f"ratio real ({args.jobs} processes)/floor (1 core): {par['count'] / par['seconds'] / floor_rate:.2f}"
                  f"   (goal >= 1.6 with 2)")
        print(f"load average at the end: {os.getloadavg()[0]:.2f} (wall-time figures assume an otherwise idle machine)")
        if args.memory_check:
            big = args.count * 5
            with tempfile.TemporaryDirectory(prefix="techfest-bench-big-") as bigdir:
                build_data(bigdir, big, logo=args.logo)
                r = _in_process(run_real, bigdir, 1)
                print(_line("real path, 1 process (5x)", r))
                print(f"peak memory {args.count} -> {big} badges: {real['peak_mb']:.0f} MB -> {r['peak_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
