"""The commands: Japanese messages, exit status 1 on a difference, and restore only with --yes."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tsunagu.backups.manifest import manifest_path
from tsunagu.backups.tests.support import connected_to, corrupt, edit_manifest, stand_in_backup
from tsunagu.people.models import Household, Person
from tsunagu.privacy.models import AuditEvent


def _call(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _fails(*args):
    with pytest.raises(CommandError) as error:
        call_command(*args, stdout=StringIO())
    assert error.value.returncode == 1
    return str(error.value)


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_and_verify(records, backup_file, scratch_database):
    # when the operator backs up, restores into a fresh database and verifies it again
    backed_up = _call("backup", str(backup_file))
    with connected_to(scratch_database):
        restored = _call("restore", str(backup_file), "--yes")
        verified = _call("restore_verify", str(backup_file))
        persons = Person.objects.count()
    # then each says so, and the copy holds the records
    assert backed_up.startswith(f"バックアップを作成しました: {backup_file}")
    assert f"マニフェスト: {manifest_path(backup_file)}" in backed_up
    assert "最新のハッシュ: " in backed_up
    assert restored.startswith("復元しました。\nデータベースはバックアップ（")
    assert "と一致しました。" in verified
    assert "改ざん・欠落なし" in verified
    assert persons == 3


@pytest.mark.django_db
def test_restore_verify_fails_with_the_differences(records, tmp_path):
    # given a backup file damaged after the backup
    backup = stand_in_backup(tmp_path)
    corrupt(backup)
    # when
    message = _fails("restore_verify", str(backup))
    # then
    assert message.startswith("データベースはバックアップ（")
    assert (
        "- バックアップファイル stand-in.backup の SHA-256 がマニフェストと一致しません" in message
    )


@pytest.mark.django_db
def test_restore_verify_without_manifest_fails(tmp_path):
    # when
    message = _fails("restore_verify", str(tmp_path / "nothing.dump"))
    # then
    assert message.startswith("検証できませんでした。\nマニフェスト ")


@pytest.mark.django_db
def test_restore_needs_yes(records, tmp_path):
    # given
    backup = stand_in_backup(tmp_path)
    entries = AuditEvent.objects.count()
    # when
    message = _fails("restore", str(backup))
    # then nothing changed
    assert "--yes を付けて実行してください" in message
    assert Household.objects.count() == 1
    assert AuditEvent.objects.count() == entries


@pytest.mark.django_db
def test_restore_refuses_a_backup_of_another_database(tmp_path):
    # given a manifest of the other kind of database
    backup = stand_in_backup(tmp_path)
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    edit_manifest(backup, lambda data: data.update(engine=other))
    # when
    message = _fails("restore", str(backup), "--yes")
    # then
    assert message.startswith("復元できませんでした。\nこのバックアップは ")
    assert "のデータベースには復元できません" in message
