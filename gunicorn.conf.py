"""gunicorn settings; PORT, WEB_CONCURRENCY and the timeouts come from the environment."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8080')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Threaded workers with deadlines for slow clients and problem+json for gunicorn's own errors (service/server.py):
# a client that is slow to send holds one thread for at most HEADER_TIMEOUT + BODY_TIMEOUT, never the worker.
# The pipeline runs one article at a time per worker (service/articles.py), so threads add no CPU or memory load.
worker_class = "service.server.ThreadWorker"
threads = int(os.environ.get("GUNICORN_THREADS", "32"))
# Load the model once in the master; workers share its memory pages after fork.
preload_app = True
# A worker whose main loop stops answering for this long is killed and replaced; requests themselves end within
# REQUEST_TIME_BUDGET (service/config.py), well below it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Worker heartbeats in memory: a read-only container root or a slow disk must not stall them.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Recycle workers now and then so that slow leaks cannot accumulate; jitter avoids recycling all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "500"))
# Request line and header limits: reject absurd requests before they reach Flask (414 and 431, as problem+json).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
