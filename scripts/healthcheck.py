"""Container health checks used by docker-compose.yml.

`healthcheck.py web` asks gunicorn's /healthz (which runs SELECT 1) as the proxy would: with an
allowed Host and X-Forwarded-Proto https, so neither the host check nor the HTTPS redirect answers.
`healthcheck.py heartbeat` passes when core.tasks.record_worker_heartbeat ran recently: beat sends
it every minute and a worker runs it, so a stale row means the schedule is not being executed.
"""

import os
import sys
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEARTBEAT_MAX_AGE = timedelta(minutes=3)


def first_allowed_host() -> str:
    hosts = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
    host = hosts[0] if hosts else "localhost"
    # ".example.org" allows the domain and its subdomains; "*" allows anything.
    return "localhost" if host == "*" else host.lstrip(".")


def check_web() -> bool:
    port = os.environ.get("PORT", "8000")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz",
        headers={"Host": first_allowed_host(), "X-Forwarded-Proto": "https"},
    )
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - fixed local URL
        return response.status == 200


def check_heartbeat() -> bool:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    import django

    django.setup()
    from django.utils import timezone

    from core.models import WorkerHeartbeat

    return WorkerHeartbeat.objects.filter(
        last_seen__gte=timezone.now() - HEARTBEAT_MAX_AGE
    ).exists()


def main(argv: list[str]) -> int:
    checks = {"web": check_web, "heartbeat": check_heartbeat}
    if len(argv) != 2 or argv[1] not in checks:
        print(f"usage: {argv[0]} {'|'.join(checks)}", file=sys.stderr)
        return 2
    try:
        healthy = checks[argv[1]]()
    except Exception as exc:  # any failure is "unhealthy", with the reason in `docker inspect`
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1
    print("healthy" if healthy else "unhealthy")
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
