# news-events: the service with its trained German model inside the image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PORT=8080 \
    WEB_CONCURRENCY=2

WORKDIR /app
RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home app

COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

# The API description is generated from schemas/ at run time (GET /openapi.yaml), with the container's limits.
COPY gunicorn.conf.py ./
COPY schemas/ schemas/
COPY models/ models/
COPY service/ service/

USER app
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/ready' % os.environ.get('PORT', '8080'), timeout=4)"]
# gunicorn.conf.py runs threaded workers with slow-client deadlines (service/server.py): no proxy needed in front.
CMD ["gunicorn", "-c", "gunicorn.conf.py", "service.wsgi:app"]
