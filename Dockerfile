# Thin on purpose: each step is a make target that CI runs too (`make smoke` runs the same
# install, collectstatic, migrate and gunicorn steps without Docker).
FROM python:3.13-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 LOCK=requirements.lock
RUN apt-get update && apt-get install -y --no-install-recommends make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app

FROM base AS build
COPY Makefile requirements.lock requirements-dev.lock ./
RUN make install

FROM base
RUN useradd --system --create-home --uid 10001 app
COPY --from=build /app/.venv /app/.venv
COPY . .
RUN touch .venv/bin/.installed && DEBUG=0 SECRET_KEY=collectstatic-only make collectstatic \
    && mkdir -p var/cache && chown app var/cache
# Without REDIS_URL the page cache lives in var/cache, shared by the container's workers.
USER app
# Production mode: start-up refuses a missing SECRET_KEY or ALLOWED_HOSTS (pass them at run time).
ENV DJANGO_ENV=production DEBUG=0 PORT=8000
EXPOSE 8000
# Liveness: /healthz answers without the database, so an outage of the database does not get
# a healthy web container restarted; load balancers use /readyz (database and cache) instead.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["/app/.venv/bin/python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
# Migrations run as a one-off step: `docker run IMAGE make migrate`.
CMD ["/app/.venv/bin/gunicorn", "jobsite.wsgi", "--config", "jobsite/gunicorn.conf.py"]
