FROM python:3.11-slim-bookworm

RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml constraints.txt ./
RUN pip install --no-cache-dir -c constraints.txt -e .
COPY . .
RUN SECRET_KEY=build ALLOWED_HOSTS=localhost \
    DJANGO_SETTINGS_MODULE=ediary.settings.production \
    python manage.py collectstatic --no-input

ENV DJANGO_SETTINGS_MODULE=ediary.settings.production
EXPOSE 8000
CMD ["gunicorn", "ediary.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
