"""On PostgreSQL, trigram indexes (pg_trgm, a trusted extension) on the normalised name and kana
keys, so the person search's ``LIKE '%…%'`` is an index scan in a large city. SQLite reads the
table; a small municipality's is small."""

from django.db import migrations

INDEXES = {
    "people_person_name_key_trgm": "name_key",
    "people_person_kana_key_trgm": "kana_key",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON people_person USING gin ({column} gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("people", "0004_household_people_hous_updated_30618a_idx_and_more")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
