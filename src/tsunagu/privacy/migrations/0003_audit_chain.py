"""Chain the audit trail: sequence numbers and hashes, the chain head, the person index, and
database triggers that refuse changes.

Existing entries are chained in the order they were written (by id). On SQLite a later
migration that alters ``privacy_auditevent`` rebuilds the table and so drops its trigger: such a
migration must create it again (``test_chain.py`` fails otherwise).
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

from tsunagu.privacy.chain import HASHED_FIELDS, entry_hash

GENESIS_HASH = "0" * 64
BATCH = 2000
PERSON_ID_KEYS = {"people.person.listed": "ids", "consultations.timeline.viewed": "person_ids"}

PG_TRIGGER = """
CREATE OR REPLACE FUNCTION privacy_auditevent_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'privacy_auditevent is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER privacy_auditevent_append_only BEFORE UPDATE OR DELETE ON privacy_auditevent
    FOR EACH ROW EXECUTE FUNCTION privacy_auditevent_refuse_change();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS privacy_auditevent_append_only ON privacy_auditevent;
DROP FUNCTION IF EXISTS privacy_auditevent_refuse_change();
"""
# SQLite refuses UPDATE only: Django's flush (demo --reset, transactional tests) empties tables
# with DELETE there, where PostgreSQL uses TRUNCATE, which row triggers do not see.
SQLITE_TRIGGER = """
CREATE TRIGGER privacy_auditevent_append_only BEFORE UPDATE ON privacy_auditevent
BEGIN SELECT RAISE(ABORT, 'privacy_auditevent is append-only'); END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS privacy_auditevent_append_only;"


def chain_existing(apps, schema_editor):
    event_model = apps.get_model("privacy", "AuditEvent")
    index_model = apps.get_model("privacy", "AuditPersonIndex")
    head_model = apps.get_model("privacy", "AuditChainHead")
    if schema_editor.connection.vendor == "postgresql":
        # No pending foreign-key trigger events, so the ALTER TABLEs that follow may run.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    sequence, previous, last_id = 0, GENESIS_HASH, 0
    while True:
        batch = list(event_model.objects.filter(pk__gt=last_id).order_by("pk")[:BATCH])
        if not batch:
            break
        index = []
        for event in batch:
            sequence += 1
            event.sequence, event.previous_hash = sequence, previous
            event.entry_hash = entry_hash({name: getattr(event, name) for name in HASHED_FIELDS})
            previous = event.entry_hash
            shown = (event.data or {}).get(PERSON_ID_KEYS.get(event.action, ""), [])
            persons = dict.fromkeys([event.person_id, *shown]) if event.person_id else shown
            index += [index_model(event=event, person_id=pid) for pid in dict.fromkeys(persons)]
        event_model.objects.bulk_update(batch, ["sequence", "previous_hash", "entry_hash"])
        index_model.objects.bulk_create(index)
        last_id = batch[-1].pk
    head_model.objects.update_or_create(
        pk=1, defaults={"sequence": sequence, "last_hash": previous}
    )


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_TRIGGER)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0002_grants"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False),
                ),
                ("sequence", models.BigIntegerField(default=0, verbose_name="最後の連番")),
                (
                    "last_hash",
                    models.CharField(
                        default=GENESIS_HASH, max_length=64, verbose_name="最後のハッシュ"
                    ),
                ),
            ],
            options={
                "verbose_name": "監査記録チェーンの先頭",
                "verbose_name_plural": "監査記録チェーンの先頭",
            },
        ),
        migrations.AddField(
            model_name="auditevent",
            name="sequence",
            field=models.BigIntegerField(null=True, verbose_name="連番"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(default="", max_length=64, verbose_name="直前の記録のハッシュ"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="entry_hash",
            field=models.CharField(default="", max_length=64, verbose_name="ハッシュ"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="created_at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, verbose_name="日時"
            ),
        ),
        migrations.CreateModel(
            name="AuditPersonIndex",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("person_id", models.BigIntegerField(db_index=True, verbose_name="本人ID")),
                (
                    "event",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="person_index",
                        to="privacy.auditevent",
                    ),
                ),
            ],
            options={
                "verbose_name": "監査記録の本人索引",
                "verbose_name_plural": "監査記録の本人索引",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("event", "person_id"), name="audit_person_index_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="sequence",
            field=models.BigIntegerField(unique=True, verbose_name="連番"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(max_length=64, verbose_name="直前の記録のハッシュ"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="entry_hash",
            field=models.CharField(max_length=64, verbose_name="ハッシュ"),
        ),
        migrations.AlterModelOptions(
            name="auditevent",
            options={
                "ordering": ["-sequence"],
                "verbose_name": "監査記録",
                "verbose_name_plural": "監査記録",
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
