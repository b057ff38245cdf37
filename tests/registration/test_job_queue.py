"""Bulk badge printing through the Redis job queue (JOB_QUEUE_URL): the web request only enqueues,
a worker runs the job in its own application context, and progress and the PDF come back through
the ordinary pages. The queue tests skip when Redis is not reachable at TEST_REDIS_URL (default
redis://127.0.0.1:6379/15, a database number kept for tests); each run uses its own queue name and
deletes only that queue's keys, so runs sharing the Redis server do not disturb each other."""
from __future__ import annotations

import io
import os
import uuid

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from techfest.core.db import db
from techfest.registration import printing
from techfest.registration.models import BadgeJob, JobStatus
from tests.factories import make_user
from tests.registration.factories import make_registration

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_answers() -> bool:
    try:
        from redis import Redis

        return bool(Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001 - any failure means "not here"
        return False


needs_redis = pytest.mark.skipif(not _redis_answers(), reason=f"Redis not reachable at {REDIS_URL}")


@pytest.fixture
def job_queue(app, monkeypatch):
    """The app enqueues on a fresh queue of the tests' Redis database; its keys go afterwards."""
    monkeypatch.setitem(app.config, "JOB_QUEUE_URL", REDIS_URL)
    monkeypatch.setitem(app.config, "JOB_QUEUE_NAME", f"techfest-test-{uuid.uuid4().hex[:12]}")
    monkeypatch.setitem(app.config, "BADGE_JOB_DIR", str(app.config["TEST_TMP"]) + "/queued-jobs")
    monkeypatch.setattr(printing, "_threads", {})  # threads started by earlier tests (same row ids)
    from techfest.core.queue import get_queue

    queue = get_queue(app)
    try:
        yield queue
    finally:
        queue.delete(delete_jobs=True)
        for registry in (queue.finished_job_registry, queue.failed_job_registry, queue.started_job_registry):
            for job_id in registry.get_job_ids():
                queue.connection.delete(f"rq:job:{job_id}", f"rq:results:{job_id}")
            queue.connection.delete(registry.key)
        for key in queue.connection.scan_iter("rq:worker:*"):  # the burst workers' records (else gone in 60 s)
            if queue.connection.hget(key, "queues") == queue.name.encode():
                queue.connection.delete(key)


def _organizer(browser, edition):
    make_user("btc@example.vn", role="organizer", edition=edition)
    browser.login("btc@example.vn")
    return browser


@needs_redis
def test_a_queued_print_waits_for_the_worker_then_ends_done_with_a_readable_pdf(app, browser, live_edition,
                                                                                   job_queue):
    from techfest.core.queue import run_worker

    for i in range(3):
        make_registration(live_edition, name=f"Phóng viên {i}", type="press")
    make_registration(live_edition, name="Khách tham quan", type="visitor")
    _organizer(browser, live_edition)
    resp = browser.post_form("/editions/hp/manage/badges", {"type": "press", "q": "", "day": ""},
                             action="/editions/hp/manage/badges/print")
    assert "Printing 3 badges" in resp.get_data(as_text=True)
    job = db.session.scalar(select(BadgeJob))
    assert job_queue.count == 1 and job.id not in printing._threads  # enqueued, no thread in the web process
    state = browser.get(f"/editions/hp/manage/badges/jobs/{job.id}").json
    assert state["status"] == "queued" and not state["done"]

    assert run_worker(app, burst=True, simple=True, name=job_queue.name) is True  # RQ's worker, in-process
    assert job_queue.count == 0

    state = browser.get(f"/editions/hp/manage/badges/jobs/{job.id}").json
    assert state["status"] == "done" and state["progress"] == state["total"] == 3 and state["percent"] == 100
    pdf = browser.get(state["download"])
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert all(f"Phóng viên {i}" in text for i in range(3)) and "Khách tham quan" not in text


@needs_redis
def test_a_queued_job_runs_once_even_if_enqueued_twice(app, live_edition, job_queue):
    from techfest.core.queue import run_worker

    make_registration(live_edition, name="Diễn giả", type="speaker")
    organizer = make_user("btc@example.vn", role="organizer", edition=live_edition)
    job = printing.create_badge_job(organizer, live_edition, {"type": "speaker"})
    printing.start_badge_job(job)
    printing.start_badge_job(job)
    run_worker(app, burst=True, simple=True, name=job_queue.name)
    db.session.expire_all()
    job = db.session.get(BadgeJob, job.id)
    assert job.status == JobStatus.DONE and job.progress == 1
    assert len(list(printing.job_dir().glob(f"badges-hp-{job.id}.pdf"))) == 1


def test_an_unreachable_queue_fails_the_job_and_tells_the_organizer(app, browser, live_edition, monkeypatch):
    monkeypatch.setitem(app.config, "JOB_QUEUE_URL", "redis://127.0.0.1:1/0")  # nothing listens on port 1
    make_registration(live_edition, name="Phóng viên", type="press")
    _organizer(browser, live_edition)
    resp = browser.post_form("/editions/hp/manage/badges", {"type": "press"}, action="/editions/hp/manage/badges/print")
    assert resp.status_code == 200
    assert "The print queue is not reachable" in resp.get_data(as_text=True)
    job = db.session.scalar(select(BadgeJob))
    assert job.status == JobStatus.FAILED and job.error == "job queue unreachable"


def test_the_worker_command_needs_a_queue(app):
    result = app.test_cli_runner().invoke(args=["techfest", "worker", "--burst"])
    assert result.exit_code != 0 and "JOB_QUEUE_URL is not set" in result.output
