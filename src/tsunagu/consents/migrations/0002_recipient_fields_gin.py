"""On PostgreSQL, a GIN index on ``recipient_fields``: the access policy finds the consents
covering an organization by its 分野 through it (``privacy.policy.Consenting``). SQLite has no
such index; there the table is small enough to read."""

from django.db import migrations

INDEX = "consents_consent_recipient_fields_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON consents_consent USING gin (recipient_fields)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("consents", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
