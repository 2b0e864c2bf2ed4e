"""Gunicorn settings for the web process, read by the Docker image, docker-compose.yml and the page
benchmark (benchmarks/pages.py), so production runs the server that was measured.

Threaded workers: a request waiting on PostgreSQL or streaming a long download (the transparency
CSV takes seconds) holds one thread, not a whole worker, so other requests keep being served.
WEB_CONCURRENCY sets the workers (about one per core), GUNICORN_THREADS the threads per worker.
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 120
# Requests to standard output for the container's log; GUNICORN_ACCESS_LOG="" turns it off.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
