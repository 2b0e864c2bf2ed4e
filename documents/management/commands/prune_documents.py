"""Delete stored files that no document row points at (left by an upload whose transaction rolled
back). Only files older than --older-than hours are touched, so an upload in progress is safe."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.core.files.storage import Storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from documents.models import Document
from documents.storage import documents_storage


def stored_files(storage: Storage, folder: str = "") -> Iterator[str]:
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from stored_files(storage, f"{folder}/{sub}" if folder else sub)


class Command(BaseCommand):
    help = "Delete stored document files that no document row points at."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=float, default=24.0, help="hours (default 24)")
        parser.add_argument("--dry-run", action="store_true", help="list, delete nothing")

    def handle(self, *args, older_than: float, dry_run: bool, **options):
        storage = documents_storage()
        cutoff = timezone.now() - timedelta(hours=older_than)
        known = set(Document.objects.values_list("storage_path", flat=True))
        pruned = 0
        for path in stored_files(storage):
            if path in known or storage.get_modified_time(path) > cutoff:
                continue
            pruned += 1
            self.stdout.write(f"{'Would delete' if dry_run else 'Deleted'} {path}")
            if not dry_run:
                storage.delete(path)
        self.stdout.write(f"{pruned} unreferenced file(s) {'found' if dry_run else 'deleted'}.")
