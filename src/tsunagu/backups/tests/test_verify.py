"""The comparison of a database with a backup's manifest, on the test database itself with a
stand-in backup file: each kind of difference is named, in Japanese, and all are reported."""

import pytest
from django.db import connection

from tsunagu.backups.exceptions import BackupError
from tsunagu.backups.manifest import manifest_path, manifest_read
from tsunagu.backups.tests.support import corrupt, edit_manifest, stand_in_backup, tamper
from tsunagu.backups.verify import backup_verify
from tsunagu.consents.tests.factories import ConsentFactory
from tsunagu.privacy.models import AuditEvent
from tsunagu.privacy.services import audit_record

pytestmark = pytest.mark.django_db


def test_database_equal_to_its_manifest_verifies(records, tmp_path):
    # given
    backup = stand_in_backup(tmp_path)
    # when
    report = backup_verify(path=backup)
    # then
    assert report.ok
    assert report.differences == []
    assert "一致しました" in report.summary


def test_changed_file_fails_the_checksum(records, tmp_path):
    # given
    backup = stand_in_backup(tmp_path)
    corrupt(backup)
    # when
    report = backup_verify(path=backup)
    # then only the file is named
    assert report.differences == [
        "バックアップファイル stand-in.backup の SHA-256 がマニフェストと一致しません"
        "（ファイルが壊れているか、別のファイルです）。"
    ]


def test_missing_file_is_named(records, tmp_path):
    # given
    backup = stand_in_backup(tmp_path)
    backup.unlink()
    # when
    report = backup_verify(path=backup)
    # then
    assert report.differences == [f"バックアップファイル {backup} が見つかりません。"]


def test_missing_manifest_is_an_error(tmp_path):
    # given a backup without its manifest
    backup = stand_in_backup(tmp_path)
    manifest_path(backup).unlink()
    # when
    with pytest.raises(BackupError) as error:
        backup_verify(path=backup)
    # then
    assert "マニフェスト" in error.value.message
    assert "見つかりません" in error.value.message


def test_unreadable_manifest_is_an_error(tmp_path):
    # given
    backup = stand_in_backup(tmp_path)
    manifest_path(backup).write_text("{not json", encoding="utf-8")
    # when
    with pytest.raises(BackupError) as error:
        backup_verify(path=backup)
    # then
    assert "を読めません" in error.value.message


def test_other_migration_is_named(records, tmp_path):
    # given a manifest from a database one migration behind
    backup = stand_in_backup(tmp_path)
    edit_manifest(backup, lambda data: data["migrations"].update(people="0001_initial"))
    # when
    report = backup_verify(path=backup)
    # then
    assert len(report.differences) == 1
    assert report.differences[0].startswith(
        "アプリ people の最新のマイグレーションが違います: バックアップは 0001_initial、"
    )


def test_missing_and_extra_tables_are_named(records, tmp_path):
    # given a manifest that knows a table this database lacks, and lacks one it has
    backup = stand_in_backup(tmp_path)

    def change(data):
        del data["tables"]["people_household"]
        data["tables"]["people_oldtable"] = 4

    edit_manifest(backup, change)
    # when
    report = backup_verify(path=backup)
    # then
    assert report.differences == [
        "テーブル people_household はバックアップにありません（このデータベースには 1 行）。",
        "テーブル people_oldtable がこのデータベースにありません（バックアップには 4 行）。",
    ]


def test_entries_appended_after_the_backup_are_named(records, caseworker, tmp_path):
    # given a database that went on after its backup
    backup = stand_in_backup(tmp_path)
    manifest_sequence = manifest_read(backup).facts.audit_sequence
    audit_record(actor=caseworker, action="people.person.listed", data={"ids": []})
    # when
    report = backup_verify(path=backup)
    # then both the count and the chain's end differ
    assert report.differences[0].startswith("テーブル privacy_auditevent の行数が違います")
    assert report.differences[-1].startswith(
        f"監査記録の最後がバックアップと違います: バックアップは連番 {manifest_sequence}（"
    )
    assert f"このデータベースは連番 {manifest_sequence + 1}（" in report.differences[-1]


def test_altered_audit_entry_is_named(records, tmp_path):
    # given an entry rewritten behind the application's back (undone with the test's rollback)
    backup = stand_in_backup(tmp_path)
    tamper("""UPDATE privacy_auditevent SET "grant" = 'emergency' WHERE sequence = 1""")
    # when
    report = backup_verify(path=backup)
    # then the chain's first broken entry is named
    assert report.differences == [
        "監査記録のハッシュチェーンが検証できません: 連番 1（ID "
        f"{AuditEvent.objects.get(sequence=1).pk}）の内容が記録時から変更されています（ハッシュが一致しません）。"
    ]


def test_every_difference_is_reported(records, tmp_path):
    # given a damaged file, another migration and a deleted row
    backup = stand_in_backup(tmp_path)
    corrupt(backup)
    edit_manifest(backup, lambda data: data["migrations"].update(people="0001_initial"))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM people_household")
    # when
    report = backup_verify(path=backup)
    # then each is listed, in the order checked
    assert [difference.split(" ")[0] for difference in report.differences] == [
        "バックアップファイル",
        "アプリ",
        "テーブル",
    ]
    assert "一致しません" in report.summary
    assert all(f"- {difference}" in report.summary for difference in report.differences)


def test_scanned_forms_missing_from_the_media_root_are_counted(records, settings, tmp_path):
    # given two consents with a scan, of which only one was restored to the media root
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "consents" / "2025").mkdir(parents=True)
    (tmp_path / "media" / "consents" / "2025" / "restored.pdf").write_bytes(b"%PDF-1.7")
    person = records.persons[0]
    ConsentFactory(person=person, evidence="consents/2025/restored.pdf")
    ConsentFactory(person=person, evidence="consents/2025/山田花子0_同意書.pdf")
    ConsentFactory(person=person)  # no scan
    backup = stand_in_backup(tmp_path)
    # when
    report = backup_verify(path=backup)
    # then the missing file is counted, and not named (its name may carry a person's name)
    assert report.differences == [
        "本人同意の同意書の写し: データベースが参照する 2 件のうち 1 件のファイルがメディアの"
        "保存先にありません（TSUNAGU_MEDIA_ROOT を、データベースと同じ時点のバックアップから"
        "戻してください）。"
    ]
    assert "山田" not in report.summary
