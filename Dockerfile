# One image for web, worker and beat (the command differs per compose service).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_ENV=production
WORKDIR /app

RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq5 curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 nongsan

COPY pyproject.toml README.md ./
COPY backend ./backend
COPY storefront ./storefront
COPY traceability ./traceability
COPY templates ./templates
COPY static ./static
COPY locale ./locale
COPY scripts ./scripts
COPY manage.py ./
RUN pip install --no-cache-dir . \
 && python scripts/compile_messages.py \
 && SECRET_KEY=build-only-secret-key-not-used-at-runtime-0123456789abcdef \
    ALLOWED_HOSTS=build REDIS_URL=redis://build:6379/0 \
    STAMP_SIGNING_KEYS=build:build-only-stamp-key-not-used-at-runtime-0123 \
    python manage.py collectstatic --noinput \
 && mkdir -p /app/var/media /app/var/private && chown -R nongsan /app/var

USER nongsan
EXPOSE 8000
CMD ["gunicorn", "backend.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
