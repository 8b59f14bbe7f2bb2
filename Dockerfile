# syntax=docker/dockerfile:1
# Build stage: install Orewatch and its pinned dependencies into a virtualenv.
FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
RUN python -m venv /opt/venv
COPY pyproject.toml constraints.txt README.md ./
COPY app ./app
RUN /opt/venv/bin/pip install -c constraints.txt .

# Runtime stage: the virtualenv, the migrations, a non-root user.
FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    OREWATCH_HOST=0.0.0.0 \
    OREWATCH_LOG_FORMAT=json \
    OREWATCH_DATABASE_URL=sqlite:////data/orewatch.db
RUN useradd --system --uid 10001 --home-dir /srv orewatch \
    && mkdir -p /data && chown orewatch /data
COPY --from=build /opt/venv /opt/venv
WORKDIR /srv
COPY --chown=orewatch alembic.ini ./
COPY --chown=orewatch migrations ./migrations
COPY --chown=orewatch app ./app
USER orewatch
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD python -c "import os,urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('OREWATCH_PORT', '8000'), timeout=2).status == 200 else 1)"
# Exec form: orewatch is PID 1 and gets SIGTERM itself (graceful shutdown, exit 0).
STOPSIGNAL SIGTERM
CMD ["orewatch", "serve"]
