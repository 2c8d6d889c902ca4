"""Gunicorn settings for production, shared by the Dockerfile and `make serve`."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
# Threads let a worker overlap database waits; workers use the cores.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
timeout = 30
graceful_timeout = 20
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
# In production the site logs each request itself, as JSON with its request id
# (jobsite/middleware.py), so gunicorn's plain access log would only repeat it.
accesslog = None if os.environ.get("DJANGO_ENV") == "production" else "-"
errorlog = "-"
if os.environ.get("DJANGO_ENV") == "production":
    # gunicorn's own lines (start-up, worker boots and crashes) as JSON on stdout too, so that
    # every line of the log parses; its access logger stays silent.
    logconfig_dict = {
        "formatters": {"json": {"()": "jobsite.logging.JsonFormatter"}},
        "handlers": {
            "json": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json",
            }
        },
        "loggers": {
            "gunicorn.error": {"handlers": ["json"], "level": "INFO", "propagate": False},
            "gunicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        },
        "root": {"handlers": ["json"], "level": "INFO"},
    }
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
