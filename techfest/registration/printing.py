"""Printing use-cases: one attendee's badge, the organizers' preview, bulk print jobs.

A bulk print is a :class:`BadgeJob` row. The web page creates it and starts it
(:func:`start_badge_job`): on the Redis queue when ``JOB_QUEUE_URL`` is set (a ``flask techfest
worker`` process runs it), else in a thread of the web process. ``flask techfest badges`` runs the
same renderer in the foreground.
Progress is written to the job row after every chunk, so any server process can report it
(``static/js/registration-jobs.js`` polls it), and a job whose heartbeat stops (the server was
restarted mid-print) is reported as failed instead of printing forever.
"""
from __future__ import annotations

import logging
import os
import threading
from datetime import timedelta
from pathlib import Path
from typing import Callable, Iterator

from flask import current_app
from sqlalchemy import select, update

from techfest.core.db import db, utcnow
from techfest.core.errors import NotFound, ValidationFailed

from . import badges as badge_renderer
from .models import (ATTENDEE_TYPE_LABELS, AttendeeType, BadgeJob, JobStatus, Registration,
                     RegistrationStatus)
from .services import edition_days, registrations_query, token_signer

logger = logging.getLogger(__name__)

ID_BATCH = 500
STALE_AFTER = timedelta(minutes=10)
QUEUED_JOB_TIMEOUT = 2 * 3600  # seconds a queued print may run in a worker before RQ stops it
_threads: dict[int, threading.Thread] = {}


# --- what goes on a badge ----------------------------------------------------------------

def _labels() -> dict[str, tuple[str, str, str]]:
    """(Vietnamese label, English label, "all days" label) per attendee type."""
    from flask_babel import force_locale
    from flask_babel import gettext as _

    out = {}
    with force_locale("vi"):
        vi = {t: str(label) for t, label in ATTENDEE_TYPE_LABELS.items()}
        all_vi = _("All days")
    with force_locale("en"):
        en = {t: str(label) for t, label in ATTENDEE_TYPE_LABELS.items()}
        all_en = _("All days")
    for t in AttendeeType:
        out[str(t)] = (vi[t], en[t], f"{all_vi} · {all_en}")
    return out


def days_text(days) -> str:
    return " · ".join(d.strftime("%d/%m") for d in days)


def edition_info(edition) -> badge_renderer.EditionInfo:
    start, end = edition.start_date, edition.end_date
    if start == end:
        dates = start.strftime("%d/%m/%Y")
    elif (start.year, start.month) == (end.year, end.month):
        dates = f"{start.day:02d}–{end.strftime('%d/%m/%Y')}"
    else:
        dates = f"{start.strftime('%d/%m')} – {end.strftime('%d/%m/%Y')}"
    return badge_renderer.EditionInfo(name=edition.name, dates=dates, venue=edition.venue or edition.city,
                                      title=edition.name, logo=logo_url(edition))


def logo_url(edition) -> str:
    """The edition's logo (its 480 px copy: plenty for a 20 mm box) as a ``file://`` URL for
    WeasyPrint, or "" for the Techfest mark. Looked up once per document or print job."""
    from techfest.editions.services import logo_path

    path = logo_path(edition, thumb=True)
    return path.resolve().as_uri() if path is not None else ""


def _badge(reg: Registration, token: str, labels) -> badge_renderer.Badge:
    vi, en, all_days = labels[str(reg.type)]
    return badge_renderer.Badge(name=reg.name, organisation=reg.organisation or "", type=str(reg.type), token=token,
                                days=days_text(reg.day_list), label_vi=vi, label_en=en, all_days_label=all_days)


def registration_badge_pdf(reg: Registration) -> bytes:
    """The A6 badge of one confirmed registration."""
    if reg.status != RegistrationStatus.ACTIVE:
        raise NotFound("no valid badge for this registration")
    token = token_signer(reg.edition)(reg)
    return badge_renderer.render_badge_pdf(_badge(reg, token, _labels()), edition_info(reg.edition))


def preview_badge_pdf(edition, *, type: str, name: str, organisation: str, days=None) -> bytes:
    """A sample badge for the organizers' live preview. Its token is signed with a throw-away
    key, so a printed preview never passes check-in."""
    from . import tokens

    if type not in AttendeeType.__members__.values():
        type = AttendeeType.VISITOR
    private_raw, _public = tokens.generate_keypair()
    token = tokens.sign_token(private_raw, edition.id, 0, 1)
    vi, en, all_days = _labels()[str(type)]
    badge = badge_renderer.Badge(name=name[:200], organisation=organisation[:200], type=str(type), token=token,
                                 days=days_text(days or edition_days(edition)), label_vi=vi, label_en=en,
                                 all_days_label=all_days)
    return badge_renderer.render_badge_pdf(badge, edition_info(edition))


def pdf_to_png(pdf: bytes, dpi: int = 110) -> bytes | None:
    """First page of a PDF as PNG with poppler's pdftoppm (None when it is not installed)."""
    import shutil
    import subprocess
    import tempfile

    exe = shutil.which("pdftoppm")
    if exe is None:
        return None
    with tempfile.TemporaryDirectory(prefix="techfest-preview-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        try:
            subprocess.run([exe, "-png", "-singlefile", "-r", str(dpi), str(src), str(Path(tmp) / "out")],
                           capture_output=True, timeout=30, check=True)
        except (subprocess.SubprocessError, OSError):
            logger.exception("pdftoppm failed")
            return None
        out = Path(tmp) / "out.png"
        return out.read_bytes() if out.is_file() else None


# --- bulk --------------------------------------------------------------------------------

def print_query(edition, filters: dict):
    """Registrations a bulk print covers: the list filters, confirmed ones only, by type then name."""
    stmt = registrations_query(edition, q=filters.get("q"), type=filters.get("type"),
                               status=RegistrationStatus.ACTIVE, day=_day(filters.get("day")))
    return stmt.order_by(None).order_by(Registration.type, Registration.name, Registration.id)


def _day(value):
    from datetime import date

    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def badge_ids(edition, filters: dict) -> list[int]:
    return list(db.session.scalars(print_query(edition, filters).with_only_columns(Registration.id)))


def iter_badges(edition, ids: list[int]) -> Iterator[badge_renderer.Badge]:
    """Badges of ``ids`` in order, loaded ``ID_BATCH`` at a time (no cursor stays open, so
    progress can be committed between batches)."""
    sign = token_signer(edition)
    labels = _labels()
    for start in range(0, len(ids), ID_BATCH):
        batch = ids[start:start + ID_BATCH]
        regs = {r.id: r for r in db.session.scalars(select(Registration).where(Registration.id.in_(batch)))}
        out = []
        for rid in batch:
            reg = regs.get(rid)
            if reg is not None and reg.status == RegistrationStatus.ACTIVE:
                out.append(_badge(reg, sign(reg), labels))
        yield from out


def render_edition_badges(edition, filters: dict, out: str | os.PathLike, *, jobs: int = 1, layout: str = "sheet",
                          progress: Callable[[int], None] | None = None, ids: list[int] | None = None) -> int:
    """THE bulk path (job thread, CLI, benchmark): badges of ``filters`` to the PDF ``out``."""
    ids = badge_ids(edition, filters) if ids is None else ids
    info = edition_info(edition)
    chunk = badge_renderer.CHUNK_SIZE
    if jobs > 1 and ids:  # several chunks per worker, so no core idles while the last one finishes
        per = -(-len(ids) // (jobs * 4))
        chunk = max(40, min(chunk, per + (-per) % 4))
    return badge_renderer.render_badges(iter_badges(edition, ids), info, out, layout=layout, jobs=jobs,
                                        progress=progress, chunk_size=chunk)


def job_dir() -> Path:
    configured = current_app.config.get("BADGE_JOB_DIR")
    path = Path(configured) if configured else Path(current_app.config["UPLOAD_DIR"]) / "registration" / "badge-jobs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def create_badge_job(actor, edition, filters: dict) -> BadgeJob:
    clean = {k: str(v)[:200] for k, v in (filters or {}).items() if k in ("q", "type", "day") and v}
    total = len(badge_ids(edition, clean))
    if total == 0:
        raise ValidationFailed("no confirmed registration matches", {"filters": ["no badge to print"]})
    job = BadgeJob(edition_id=edition.id, requested_by_id=getattr(actor, "id", None), filters=clean, total=total,
                   progress=0, status=JobStatus.QUEUED)
    db.session.add(job)
    db.session.commit()
    logger.info("badge job %s created for edition %s (%s badges) by user %s", job.id, edition.id, total,
                getattr(actor, "id", None))
    _clean_old_results(edition)
    return job


def _clean_old_results(edition, keep: int = 10) -> None:
    old = list(db.session.scalars(select(BadgeJob).where(BadgeJob.edition_id == edition.id,
                                                         BadgeJob.result_path.is_not(None))
                                  .order_by(BadgeJob.id.desc()).offset(keep)))
    for job in old:
        try:
            Path(job.result_path).unlink(missing_ok=True)
        except OSError:  # pragma: no cover
            logger.warning("could not remove %s", job.result_path)
        job.result_path = None
    if old:
        db.session.commit()


def _set_job(job_id: int, **values) -> None:
    db.session.execute(update(BadgeJob).where(BadgeJob.id == job_id).values(updated_at=utcnow(), **values))
    db.session.commit()


def run_badge_job(job_id: int, *, jobs: int | None = None) -> BadgeJob | None:
    """Run a queued job to the end (in the calling thread). Claiming is atomic: a job runs once."""
    now = utcnow()
    claimed = db.session.execute(update(BadgeJob).where(BadgeJob.id == job_id, BadgeJob.status == JobStatus.QUEUED)
                                 .values(status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, updated_at=now))
    db.session.commit()
    if claimed.rowcount != 1:
        return db.session.get(BadgeJob, job_id)
    job = db.session.get(BadgeJob, job_id)
    edition, filters = job.edition, dict(job.filters or {})
    try:
        ids = badge_ids(edition, filters)
        _set_job(job_id, total=len(ids), progress=0)
        path = job_dir() / f"badges-{edition.slug}-{job_id}.pdf"

        def progress(done: int) -> None:
            _set_job(job_id, progress=min(done, len(ids)), heartbeat_at=utcnow())

        workers = jobs if jobs is not None else int(current_app.config.get("BADGE_JOB_PROCESSES", 1))
        count = render_edition_badges(edition, filters, path, jobs=workers, progress=progress, ids=ids)
        _set_job(job_id, status=JobStatus.DONE, progress=min(count, len(ids)), result_path=str(path),
                 finished_at=utcnow(), heartbeat_at=utcnow())
        logger.info("badge job %s done: %s badges", job_id, count)
    except Exception as exc:  # noqa: BLE001 - the job records the failure, the server lives on
        logger.exception("badge job %s failed", job_id)
        db.session.rollback()
        try:
            _set_job(job_id, status=JobStatus.FAILED, error=str(exc)[:1000] or exc.__class__.__name__,
                     finished_at=utcnow())
        except Exception:  # noqa: BLE001 - e.g. the edition was deleted meanwhile
            db.session.rollback()
    return db.session.get(BadgeJob, job_id)


def start_badge_job(job: BadgeJob) -> threading.Thread | None:
    """Start a created job: enqueue it when a job queue is configured (``JOB_QUEUE_URL``), else
    run it in a background thread with its own application context and session (returned).

    Raises :class:`techfest.core.queue.QueueUnavailable` (and marks the job failed) when the
    queue does not answer."""
    from techfest.core import queue

    job_id = job.id
    if queue.queue_configured():
        try:
            queue.enqueue("techfest.registration.printing.run_queued_badge_job", job_id,
                          description=f"badge job {job_id} (edition {job.edition_id})", timeout=QUEUED_JOB_TIMEOUT)
        except queue.QueueUnavailable:
            _set_job(job_id, status=JobStatus.FAILED, error="job queue unreachable", finished_at=utcnow())
            raise
        return None
    app = current_app._get_current_object()

    def work() -> None:
        with app.app_context():
            try:
                run_badge_job(job_id)
            finally:
                db.session.remove()

    thread = threading.Thread(target=work, name=f"badge-job-{job_id}", daemon=True)
    _threads[job_id] = thread
    thread.start()
    return thread


def run_queued_badge_job(job_id: int) -> str:
    """The queue's entry point, run by ``flask techfest worker``: own app context, plain id in,
    the job's final status out (progress and result are in the job row)."""
    from techfest.core.queue import job_app_context

    with job_app_context():
        job = run_badge_job(job_id)
        return str(job.status) if job is not None else "missing"


def wait_for_job(job_id: int, timeout: float = 300) -> None:
    """Join a job's thread started by this process (tests and the CLI)."""
    thread = _threads.get(job_id)
    if thread is not None:
        thread.join(timeout)


def get_job(edition, job_id: int) -> BadgeJob:
    job = db.session.get(BadgeJob, job_id)
    if job is None or job.edition_id != edition.id:
        raise NotFound("print job not found")
    _expire_if_stale(job)
    return job


def recent_jobs(edition, limit: int = 8) -> list[BadgeJob]:
    jobs = list(db.session.scalars(select(BadgeJob).where(BadgeJob.edition_id == edition.id)
                                   .order_by(BadgeJob.id.desc()).limit(limit)))
    for job in jobs:
        _expire_if_stale(job)
    return jobs


def _expire_if_stale(job: BadgeJob) -> None:
    if job.status not in (JobStatus.QUEUED, JobStatus.RUNNING):
        return
    last = job.heartbeat_at or job.created_at
    if utcnow() - last > STALE_AFTER:
        result = db.session.execute(update(BadgeJob).where(BadgeJob.id == job.id, BadgeJob.status == job.status)
                                    .values(status=JobStatus.FAILED, error="interrupted (no progress for 10 minutes)",
                                            finished_at=utcnow(), updated_at=utcnow()))
        db.session.commit()
        if result.rowcount:
            logger.warning("badge job %s marked failed: no heartbeat since %s", job.id, last)
        db.session.refresh(job)


def job_result_path(job: BadgeJob) -> Path:
    if job.status != JobStatus.DONE or not job.result_path:
        raise NotFound("the result is not ready")
    path = Path(job.result_path).resolve()
    if job_dir().resolve() not in path.parents or not path.is_file():
        raise NotFound("the result is no longer available")
    return path


def job_state(job: BadgeJob) -> dict:
    return {"id": job.id, "status": str(job.status), "status_label": job.status_label, "progress": job.progress,
            "total": job.total, "percent": job.percent, "error": job.error or None,
            "done": job.status in (JobStatus.DONE, JobStatus.FAILED)}
