"""The contract list on PostgreSQL: its provider name search (`provider__name__icontains`, run as
UPPER(name) LIKE '%…%') served by a trigram index, and the newest organisation change (part of the
list's data version) by an index on updated_at. Other databases (SQLite in tests) skip both."""

from django.db import migrations

INDEX = "organisation_name_upper_trgm"
UPDATED = "organisation_updated_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON providers_organisation "
        "USING gin (UPPER(name::text) gin_trgm_ops)"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {UPDATED} ON providers_organisation (updated_at)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {UPDATED}")


class Migration(migrations.Migration):
    dependencies = [
        ("commissioning", "0011_contract_updated_at"),
        ("providers", "0004_merge_name_key_and_indexes"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
