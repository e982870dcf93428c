# The API image: slim Python, pinned dependencies, a non-root user.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HOST=0.0.0.0 \
    PORT=8000
# `talentsync serve`: one API process per usable core, 1 without REDIS_URL (README: Configuration).
ENV WEB_CONCURRENCY=auto

RUN useradd --create-home --uid 10001 talentsync
WORKDIR /srv/talentsync

COPY pyproject.toml constraints.txt README.md piccolo_conf.py ./
COPY app ./app
COPY tables ./tables
RUN pip install -c constraints.txt . && rm -rf build *.egg-info

USER talentsync
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2)"]

# Migrates, seeds, then serves (uvicorn on uvloop + httptools): the same command the tests run.
CMD ["talentsync", "serve"]
