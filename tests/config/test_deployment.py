"""docker-compose.yml, the Dockerfile and the container health checks (no Docker engine needed)."""

import importlib.util
import re
import runpy
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]
SERVICES = {"db", "redis", "web", "worker", "beat"}
APP_SERVICES = ("web", "worker", "beat")
CDN_HOSTS = ("cdn", "unpkg", "jsdelivr", "googleapis", "gstatic", "cloudflare", "bootstrapcdn")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def command(service: dict) -> str:
    cmd = service.get("command", "")
    return " ".join(cmd) if isinstance(cmd, list) else cmd


def load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_compose_has_the_five_services(services):
    assert set(services) == SERVICES
    assert services["db"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:")


def test_web_migrates_then_runs_gunicorn(services):
    cmd = command(services["web"])
    assert "manage.py migrate" in cmd
    assert "gunicorn config.wsgi:application" in cmd
    assert cmd.index("migrate") < cmd.index("gunicorn")
    assert "exec gunicorn" in cmd  # gunicorn is PID 1's successor and gets the stop signal
    assert any(str(port).endswith(":8000") for port in services["web"]["ports"])


def test_worker_and_exactly_one_beat(services):
    worker = command(services["worker"])
    beat = command(services["beat"])
    assert worker.startswith("celery -A config worker")
    assert beat.startswith("celery -A config beat")
    # A worker with an embedded beat (-B) would make a second beat.
    assert " -B" not in worker and "--beat" not in worker
    assert services["beat"].get("deploy", {}).get("replicas", 1) == 1
    assert "gunicorn" not in worker + beat and "migrate" not in worker + beat


def test_app_services_share_one_image_and_production_settings(services):
    for name in APP_SERVICES:
        service = services[name]
        assert service["build"] == "."
        env = service["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
        assert env["SECRET_KEY"].startswith("${SECRET_KEY:?"), "compose must refuse an empty key"
        assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
        assert env["REDIS_URL"].startswith("redis://redis:6379/")


def test_every_service_has_a_health_check(services):
    for name, service in services.items():
        test = service.get("healthcheck", {}).get("test")
        assert test, f"{name} has no health check"
        assert test[0] in {"CMD", "CMD-SHELL"}


def test_health_checks_call_existing_scripts(services):
    for name in ("web", "beat"):
        test = services[name]["healthcheck"]["test"]
        script = next(part for part in test if part.endswith(".py"))
        assert (ROOT / script).is_file(), f"{name}'s health check runs a missing {script}"
    assert "inspect ping" in " ".join(services["worker"]["healthcheck"]["test"])


def test_database_lives_in_a_named_volume(compose, services):
    mounts = services["db"]["volumes"]
    named = [m.split(":", 1)[0] for m in mounts if m.endswith(":/var/lib/postgresql/data")]
    assert named, "PostgreSQL data is not mounted"
    assert named[0] in compose["volumes"], "the database volume must be a named volume"
    assert not named[0].startswith((".", "/")), "a bind mount is not a named volume"


@pytest.mark.parametrize(
    ("service", "needs"),
    [
        ("web", {"db", "redis"}),
        ("worker", {"db", "redis", "web"}),
        ("beat", {"db", "redis", "web"}),
    ],
)
def test_depends_on_healthy_services(services, service, needs):
    depends = services[service]["depends_on"]
    assert set(depends) == needs
    assert all(depends[name]["condition"] == "service_healthy" for name in needs)


def test_only_web_publishes_a_port(services):
    assert [name for name, s in services.items() if s.get("ports")] == ["web"]


def test_env_example_documents_every_compose_variable(compose):
    text = (ROOT / "docker-compose.yml").read_text()
    used = set(re.findall(r"\$\{([A-Z_]+)", text))
    example = (ROOT / ".env.example").read_text()
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", example, flags=re.M))
    assert used - documented == set(), "add these to .env.example"


def test_dockerfile_builds_assets_from_npm_then_collects_static():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "npm ci" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    assert dockerfile.index("npm ci") < dockerfile.index("collectstatic")


def test_dockerfile_compiles_our_stylesheet_before_collecting_static():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.index("npm ci") < dockerfile.index("npm run --silent build:css")
    assert "COPY --from=assets /app/static/build ./static/build" in dockerfile
    assert dockerfile.index("static/build") < dockerfile.index("collectstatic")
    assert "COPY --from=assets /app/node_modules" in dockerfile
    assert re.search(r"^FROM python:3\.11", dockerfile, flags=re.M)
    assert re.search(r"^USER (?!root)\w+", dockerfile, flags=re.M), "run as a non-root user"
    assert "http" not in dockerfile.lower()


def test_dockerignore_keeps_local_state_and_secrets_out():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", "node_modules", "db.sqlite3", ".env", "var"} <= ignored


def _page_files():
    for folder in ("templates", "static"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in {".html", ".css", ".js", ".txt"}:
                yield path


def test_no_cdn_urls_in_templates_or_static():
    offenders = []
    for path in _page_files():
        text = path.read_text(errors="replace")
        # Assets loaded from elsewhere: <script src>, <link href>, <img src>, CSS url()/@import.
        loaded = re.findall(
            r"""(?:<script[^>]*\ssrc|<link[^>]*\shref|<img[^>]*\ssrc)=["']((?:https?:)?//[^"']+)"""
            r"""|(?:url\(|@import\s+)["']?((?:https?:)?//[^"')\s]+)""",
            text,
            flags=re.I,
        )
        offenders += [f"{path.relative_to(ROOT)}: {a or b}" for a, b in loaded]
        offenders += [
            f"{path.relative_to(ROOT)}: mentions {host}"
            for host in CDN_HOSTS
            if re.search(rf"//[\w.-]*{host}", text, flags=re.I)
        ]
    assert offenders == []


@pytest.mark.parametrize(
    ("allowed_hosts", "host"),
    [
        ("commissioning.opcc.example,localhost", "commissioning.opcc.example"),
        (".opcc.example", "opcc.example"),
        ("*", "localhost"),
        ("", "localhost"),
    ],
)
def test_web_health_check_sends_an_allowed_host(monkeypatch, allowed_hosts, host):
    monkeypatch.setenv("ALLOWED_HOSTS", allowed_hosts)
    assert load_script("healthcheck").first_allowed_host() == host


@pytest.mark.django_db
def test_heartbeat_health_check_needs_a_recent_heartbeat():
    from core.models import WorkerHeartbeat

    healthcheck = load_script("healthcheck")
    assert healthcheck.check_heartbeat() is False
    beat = WorkerHeartbeat.objects.create(
        name="default", last_seen=timezone.now() - timedelta(minutes=10)
    )
    assert healthcheck.check_heartbeat() is False
    beat.last_seen = timezone.now()
    beat.save()
    assert healthcheck.check_heartbeat() is True


def test_health_check_usage_and_failure_exit_codes(monkeypatch):
    healthcheck = load_script("healthcheck")
    assert healthcheck.main(["healthcheck.py"]) == 2
    monkeypatch.setenv("PORT", "1")  # nothing listens there
    assert healthcheck.main(["healthcheck.py", "web"]) == 1


def test_web_and_image_run_the_benchmarked_gunicorn_settings(services, monkeypatch):
    """The image, docker-compose and benchmarks/pages.py all read config/gunicorn.conf.py: threaded
    workers, so a streaming download holds a thread and other pages keep being served."""
    assert "-c config/gunicorn.conf.py" in command(services["web"])
    assert "-c config/gunicorn.conf.py" in (ROOT / "Dockerfile").read_text()
    assert '"config/gunicorn.conf.py"' in (ROOT / "benchmarks" / "load.py").read_text()
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_ACCESS_LOG", "PORT"):
        monkeypatch.delenv(name, raising=False)
    conf = runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py"))
    assert (conf["worker_class"], conf["workers"], conf["threads"]) == ("gthread", 2, 4)
    assert conf["bind"] == "0.0.0.0:8000" and conf["accesslog"] == "-"
    monkeypatch.setenv("GUNICORN_ACCESS_LOG", "")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    conf = runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py"))
    assert conf["accesslog"] is None and conf["workers"] == 3
