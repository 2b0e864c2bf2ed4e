"""The Celery application: broker from settings (Redis in production, a filesystem broker locally).

Like wsgi.py it defaults to production settings; local runs (scripts/devstack.py, manage.py) name
config.settings.local explicitly, so a worker started bare never runs with DEBUG and demo defaults.
"""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("opcc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def prepare_filesystem_broker(sender: Celery, **kwargs) -> None:
    """Create the filesystem broker's folders before anything connects.

    kombu's filesystem transport lists its folders without creating them (a fresh clone has no
    var/), and keeps its exchange table in `control_folder`, which defaults to `control/` in the
    current directory: put that next to the queue instead.
    """
    if not str(sender.conf.broker_url or "").startswith("filesystem://"):
        return
    options = sender.conf.broker_transport_options
    queue = Path(options.get("data_folder_in", "data_in"))
    options.setdefault("control_folder", str(queue.parent / "control"))
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)
