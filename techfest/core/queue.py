"""Background jobs on a Redis queue (RQ), when ``JOB_QUEUE_URL`` is set.

Without ``JOB_QUEUE_URL`` (``make run``, the tests) long jobs run in a thread of the web process,
as before. With it, the web process only enqueues ``(function path, ids)`` and one or more
``flask --app wsgi techfest worker`` processes run them: a gunicorn restart no longer interrupts a
bulk print, and the web workers stay free for requests. Job state the users see (progress, result)
is in the database either way, so any web process can report it.

A job function runs in the worker, outside any request: it takes plain ids, and builds its own
application context with :func:`job_app_context` (the worker's app, or one created from
``TECHFEST_ENV`` when it runs under a plain ``rq worker``).
"""
from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from typing import Iterator

from flask import current_app

logger = logging.getLogger(__name__)

QUEUE_NAME = "techfest"
_worker_app = None


class QueueUnavailable(Exception):
    """The job queue (Redis) did not answer."""


def queue_configured(app=None) -> bool:
    return bool((app or current_app).config.get("JOB_QUEUE_URL"))


def get_queue(app=None, name: str | None = None):
    """The RQ queue of ``JOB_QUEUE_URL`` (``JOB_QUEUE_NAME`` or ``techfest``)."""
    from redis import Redis
    from rq import Queue

    config = (app or current_app).config
    connection = Redis.from_url(config["JOB_QUEUE_URL"], socket_connect_timeout=5)
    return Queue(name or config.get("JOB_QUEUE_NAME") or QUEUE_NAME, connection=connection)


def enqueue(function_path: str, *args, description: str, timeout: int, app=None):
    """Put one call on the queue (RQ gives it a random id: queue job ids never collide with
    another database's row ids). Raises :class:`QueueUnavailable` when Redis does not answer."""
    from redis.exceptions import RedisError

    try:
        job = get_queue(app).enqueue(function_path, *args, description=description, job_timeout=timeout,
                                     result_ttl=0, failure_ttl=7 * 24 * 3600)
    except RedisError as exc:
        logger.error("job queue unreachable, %s not enqueued: %s", description, exc)
        raise QueueUnavailable(str(exc)) from exc
    logger.info("%s enqueued on queue %s as %s", description, job.origin, job.id)
    return job


def run_worker(app, *, burst: bool = False, simple: bool = False, name: str | None = None) -> bool:
    """Run the jobs of the app's queue until stopped (or, with ``burst``, until it is empty).

    The default worker forks one child per job (a crash or a timeout ends the child, never the
    worker); ``simple`` runs them in this process (tests). Returns whether any job was run."""
    from rq import SimpleWorker, Worker

    from .db import db

    global _worker_app
    _worker_app = app
    queue = get_queue(app, name)
    if not simple:
        with app.app_context():
            for engine in db.engines.values():  # forked children must not share pooled connections
                engine.dispose()
    worker_class = SimpleWorker if simple else Worker
    worker = worker_class([queue], connection=queue.connection)
    logger.info("worker %s listening on queue %s", worker.name, queue.name)
    return worker.work(burst=burst, with_scheduler=False)


@contextmanager
def job_app_context() -> Iterator[None]:
    """The application context a job runs in (its own: own ``g``, own database session)."""
    from .db import db

    global _worker_app
    if _worker_app is None:  # started by a plain `rq worker` instead of `flask techfest worker`
        from techfest import create_app

        _worker_app = create_app(os.environ.get("TECHFEST_ENV", "development"))
    with _worker_app.app_context():
        try:
            yield
        finally:
            db.session.remove()
