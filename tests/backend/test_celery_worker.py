"""A real Celery worker consumes a task from Redis and its result comes back through Redis."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.redis
def test_worker_runs_a_task_sent_through_redis():
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "REDIS_URL": settings.REDIS_URL, "DJANGO_SETTINGS_MODULE": "backend.settings"}
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "backend",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        # Not current: shared tasks in later tests must keep resolving to the project app.
        client = Celery(broker=settings.REDIS_URL, backend=settings.REDIS_URL, set_as_current=False)
        token = uuid.uuid4().hex
        result = client.send_task("core.ping", args=[token], queue=queue)
        assert result.get(timeout=60) == f"pong:{token}"
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode(errors="replace")
    assert "Traceback" not in output, output


def test_without_redis_url_tasks_run_eagerly():
    from backend.core.tasks import ping

    assert ping.delay("x").get(timeout=5) == "pong:x"
