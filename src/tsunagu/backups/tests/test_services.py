"""A real backup of the test database, restored into a fresh database and verified: SQLite's
online backup API by default, pg_dump and pg_restore when the suite runs on PostgreSQL."""

import json
import stat
import threading

import pytest
from django.db import connection

from tsunagu.backups.exceptions import BackupError
from tsunagu.backups.manifest import file_sha256, manifest_path
from tsunagu.backups.services import backup_create, backup_restore
from tsunagu.backups.tests.support import connected_to, corrupt, tamper
from tsunagu.backups.verify import backup_verify
from tsunagu.people.models import Household, Person
from tsunagu.privacy.chain import chain_verify
from tsunagu.privacy.models import AuditChainHead, AuditEvent
from tsunagu.privacy.services import audit_record

pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_manifest_describes_the_copy(records, backup_file):
    # when
    manifest = backup_create(path=backup_file)
    # then the file is the database's own format, readable by its owner only
    magic = {"postgresql": b"PGDMP", "sqlite": b"SQLite format 3\x00"}[connection.vendor]
    assert backup_file.read_bytes().startswith(magic)
    assert stat.S_IMODE(backup_file.stat().st_mode) == 0o600
    # and it is complete, with its checksum in the manifest next to it
    assert manifest.sha256 == file_sha256(backup_file)
    assert {p.name for p in backup_file.parent.iterdir()} == {
        backup_file.name,
        manifest_path(backup_file).name,
    }
    # and the manifest counts the rows, names the migrations and the end of the audit chain
    facts = manifest.facts
    assert facts.tables["people_person"] == 3
    assert facts.tables["people_household"] == 1
    assert facts.tables["privacy_auditevent"] == AuditEvent.objects.count()
    assert facts.migrations["people"] and facts.migrations["privacy"]
    head = AuditChainHead.objects.get()
    assert (facts.audit_sequence, facts.audit_hash) == (head.sequence, head.last_hash)
    # and the backup left an entry of its own, the last one the copy holds
    last = AuditEvent.objects.get(sequence=head.sequence)
    assert last.action == "backups.backup.started"
    assert last.actor_id is None
    assert last.data == {"engine": connection.vendor}


def test_manifest_holds_no_personal_data(records, backup_file):
    # when
    backup_create(path=backup_file)
    # then names, kana and addresses are not in it
    text = manifest_path(backup_file).read_text(encoding="utf-8")
    for personal in ("山田", "花子", "ヤマダ", "ハナコ", "本町", "1950"):
        assert personal not in text
    assert set(json.loads(text)) == {
        "format",
        "backup_file",
        "engine",
        "method",
        "created_at",
        "sha256",
        "size",
        "django_version",
        "tables",
        "migrations",
        "audit_chain",
    }


def test_backup_restored_into_a_fresh_database_verifies(records, backup_file, scratch_database):
    # given a backup, and a change made afterwards that the restored copy must not have
    backup_create(path=backup_file)
    Household.objects.create(organization=records.household.organization, name="後の世帯")
    # when it is restored into a fresh database
    with connected_to(scratch_database):
        report = backup_restore(path=backup_file)
        # then the copy equals the backup, with every record and an unbroken audit chain
        assert report.ok, report.differences
        assert Person.objects.count() == 3
        assert list(Household.objects.values_list("name", flat=True)) == ["山田世帯"]
        chain = chain_verify()
        assert chain.ok
        assert chain.last_sequence == report.manifest.facts.audit_sequence
    # and the database backed up is untouched
    assert Household.objects.count() == 2


def test_backup_taken_while_the_application_writes_verifies(
    records, caseworker, backup_file, scratch_database
):
    # given a request appending audit entries without pause, on its own connection
    started, stop = threading.Event(), threading.Event()

    def work():
        try:
            while not stop.is_set():
                audit_record(actor=caseworker, action="people.person.listed")
                started.set()
        finally:
            connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    assert started.wait(timeout=10)
    try:
        # when a backup is taken meanwhile
        manifest = backup_create(path=backup_file)
    finally:
        stop.set()
        worker.join()
    # then the counts and the chain's end in the manifest are those of the copy (on
    # PostgreSQL this fails when pg_dump does not share the snapshot of the counts)
    with connected_to(scratch_database):
        report = backup_restore(path=backup_file)
    assert report.ok, report.differences
    assert report.manifest == manifest


def test_restored_copy_missing_a_row_fails(records, backup_file, scratch_database):
    # given a backup restored into a fresh database, where a row is then deleted
    backup_create(path=backup_file)
    with connected_to(scratch_database):
        backup_restore(path=backup_file)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM people_household")
        # when
        report = backup_verify(path=backup_file)
    # then the table is named, with both counts, and nothing else differs
    assert report.differences == [
        "テーブル people_household の行数が違います: バックアップは 1 行、"
        "このデータベースは 0 行です。"
    ]


def test_restored_copy_with_an_altered_audit_entry_fails(records, backup_file, scratch_database):
    # given a backup restored into a fresh database, where an audit entry is then rewritten
    backup_create(path=backup_file)
    with connected_to(scratch_database):
        backup_restore(path=backup_file)
        tamper("UPDATE privacy_auditevent SET action = 'people.person.viewed' WHERE sequence = 2")
        # when
        report = backup_verify(path=backup_file)
    # then the entry is named; the row counts still agree
    assert len(report.differences) == 1
    assert report.differences[0].startswith("監査記録のハッシュチェーンが検証できません: 連番 2")
    assert "内容が記録時から変更されています" in report.differences[0]


def test_corrupted_backup_is_not_restored(records, backup_file):
    # given a backup whose file was damaged afterwards, and a change made since
    backup_create(path=backup_file)
    corrupt(backup_file)
    Household.objects.create(organization=records.household.organization, name="後の世帯")
    # when
    with pytest.raises(BackupError) as error:
        backup_restore(path=backup_file)
    # then the checksum is named and the database was not replaced
    assert "SHA-256 がマニフェストと一致しません" in error.value.message
    assert Household.objects.count() == 2


def test_backup_refuses_an_existing_file(records, backup_file):
    # given
    backup_file.write_bytes(b"an earlier backup")
    entries = AuditEvent.objects.count()
    # when
    with pytest.raises(BackupError) as error:
        backup_create(path=backup_file)
    # then the file is kept, and no entry, manifest or partial file was written
    assert "既に存在します" in error.value.message
    assert backup_file.read_bytes() == b"an earlier backup"
    assert AuditEvent.objects.count() == entries
    assert list(backup_file.parent.iterdir()) == [backup_file]


@pytest.mark.django_db
def test_backup_refuses_to_run_inside_a_transaction(records, backup_file):
    # given the test's own transaction, which holds uncommitted records
    entries = AuditEvent.objects.count()
    # when
    with pytest.raises(BackupError) as error:
        backup_create(path=backup_file)
    # then nothing is copied and no entry is written
    assert "トランザクションの中では実行できません" in error.value.message
    assert not backup_file.parent.exists() or list(backup_file.parent.iterdir()) == []
    assert AuditEvent.objects.count() == entries
