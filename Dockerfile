# syntax=docker/dockerfile:1
# Production-like image for web (gunicorn), worker and beat; see docker-compose.yml and README.md.
# Front-end packages come from npm (package-lock.json) and are served by WhiteNoise: never a CDN.

FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
# Our stylesheet is compiled from the design systems' Sass (sass is a devDependency); then only
# the runtime packages stay (axe-core, also a devDependency, is for the browser tests).
COPY assets ./assets
RUN npm run --silent build:css && npm prune --omit=dev --no-audit --no-fund --loglevel=error

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    VAR_DIR=/app/var \
    PORT=8000
WORKDIR /app

RUN groupadd --system opcc && useradd --system --gid opcc --home-dir /app opcc

# Dependencies first (cached until pyproject.toml or constraints.txt change). The project has no
# installable packages of its own (pyproject's packages = []), so this installs dependencies only.
COPY pyproject.toml constraints.txt ./
RUN pip install -c constraints.txt .

COPY --from=assets /app/node_modules ./node_modules
COPY . .
COPY --from=assets /app/static/build ./static/build

# Hashed, compressed static files from the npm packages and static/. node_modules stays in the
# image: the /assets/ redirect for the design systems' fonts finds files through the finders.
# collectstatic needs production settings but no secret: a throwaway key lives for this step only.
RUN SECRET_KEY="build-$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media /app/var/documents \
    && chown -R opcc:opcc /app/var

USER opcc
EXPOSE 8000
# docker-compose.yml sets the command per service (web, worker, beat); this is the web default.
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn config.wsgi:application -c config/gunicorn.conf.py"]
