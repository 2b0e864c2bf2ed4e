"""The contract list on PostgreSQL: its provider name search (`provider__name__icontains`, run as
UPPER(name) LIKE '%…%') served by a trigram index. Other databases (SQLite in tests) skip it. The
newest organisation change (part of the list's data version) is served by providers' own index on
updated_at (providers 0005)."""

from django.db import migrations

INDEX = "organisation_name_upper_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON providers_organisation "
        "USING gin (UPPER(name::text) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("commissioning", "0011_contract_updated_at"),
        ("providers", "0005_organisation_updated_index"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
