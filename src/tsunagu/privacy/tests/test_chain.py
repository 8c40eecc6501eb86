"""The audit trail is append-only and tamper-evident: audit_verify finds every kind of tampering
done behind the application's back (raw SQL by someone who owns the database)."""

import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.transaction import TransactionManagementError

from tsunagu.privacy import services
from tsunagu.privacy.chain import chain_verify, entry_hash
from tsunagu.privacy.models import (
    GENESIS_HASH,
    AppendOnlyError,
    AuditChainHead,
    AuditEvent,
    AuditPersonIndex,
    Grant,
)
from tsunagu.privacy.services import audit_record

TRIGGER = "privacy_auditevent_append_only"


def _sql(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _drop_guard_triggers():
    """What a database owner can do; the test transaction's rollback restores the trigger."""
    if connection.vendor == "postgresql":
        _sql("SET CONSTRAINTS ALL IMMEDIATE")
        _sql(f"ALTER TABLE privacy_auditevent DISABLE TRIGGER {TRIGGER}")
    else:
        _sql(f"DROP TRIGGER {TRIGGER}")


def _verify():
    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def _verify_fails():
    with pytest.raises(CommandError) as error:
        call_command("audit_verify", stdout=StringIO())
    return str(error.value)


@pytest.fixture
def chain(caseworker):
    return [
        audit_record(
            actor=caseworker,
            action="people.person.viewed",
            person_id=100 + n,
            grant=Grant.OWN_ORGANIZATION,
            data={"n": n},
        )
        for n in range(5)
    ]


@pytest.mark.django_db
def test_entries_are_chained_in_sequence(chain):
    # then each entry links to the one before it, and the head names the last
    assert [e.sequence for e in chain] == [1, 2, 3, 4, 5]
    assert chain[0].previous_hash == GENESIS_HASH
    for before, after in zip(chain, chain[1:], strict=False):
        assert after.previous_hash == before.entry_hash
    head = AuditChainHead.objects.get()
    assert (head.sequence, head.last_hash) == (5, chain[-1].entry_hash)


@pytest.mark.django_db
def test_hash_read_back_from_the_database_matches(chain):
    stored = AuditEvent.objects.get(pk=chain[2].pk)
    assert entry_hash(stored.__dict__ | {"actor_id": stored.actor_id}) == stored.entry_hash


@pytest.mark.django_db
def test_untouched_chain_verifies(chain):
    out = _verify()
    assert "監査記録 5 件を検証しました" in out
    assert chain[-1].entry_hash in out


@pytest.mark.django_db
def test_empty_chain_verifies():
    assert "監査記録 0 件を検証しました" in _verify()


@pytest.mark.django_db
def test_orm_refuses_to_change_or_remove_entries(chain):
    event = chain[0]
    event.action = "people.person.listed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x.y.z")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(action="people.person.viewed").count() == 5


@pytest.mark.django_db
def test_database_refuses_raw_update(chain):
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("UPDATE privacy_auditevent SET action = 'x.y.z' WHERE id = %s", [chain[0].pk])
    assert AuditEvent.objects.get(pk=chain[0].pk).action == "people.person.viewed"


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite flushes with DELETE")
def test_postgresql_refuses_raw_delete(chain):
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("DELETE FROM privacy_auditevent WHERE id = %s", [chain[0].pk])


@pytest.mark.django_db
def test_edited_entry_is_detected_at_that_entry(chain):
    # given the owner bypasses the trigger and changes what an entry says
    _drop_guard_triggers()
    _sql("UPDATE privacy_auditevent SET person_id = 999 WHERE id = %s", [chain[2].pk])
    # when the chain is verified
    message = _verify_fails()
    # then the edited entry is named
    assert f"連番 3（ID {chain[2].pk}）の内容が記録時から変更されています" in message
    assert "連番 2 までの 2 件は正常でした" in message


@pytest.mark.django_db
def test_edited_and_rehashed_entry_breaks_the_next_link(chain):
    # given an edited entry whose own hash the owner recomputed
    _drop_guard_triggers()
    row = AuditEvent.objects.values().get(pk=chain[1].pk)
    row["data"] = {"n": 42}
    _sql(
        "UPDATE privacy_auditevent SET data = %s, entry_hash = %s WHERE id = %s",
        ['{"n": 42}', entry_hash(row), chain[1].pk],
    )
    # then the next entry no longer links to it
    message = _verify_fails()
    assert f"連番 3（ID {chain[2].pk}）の「直前の記録のハッシュ」が一つ前の記録と一致しません" in (
        message
    )


@pytest.mark.django_db
def test_deleted_entry_is_detected(chain):
    _drop_guard_triggers()
    _sql("DELETE FROM privacy_auditevent WHERE id = %s", [chain[1].pk])
    message = _verify_fails()
    assert "連番 2 の記録が欠落しています" in message


@pytest.mark.django_db
def test_deleted_first_entries_are_detected(chain):
    _drop_guard_triggers()
    _sql("DELETE FROM privacy_auditevent WHERE sequence <= 2")
    assert "連番 1〜2 の記録が欠落しています" in _verify_fails()


@pytest.mark.django_db
def test_tampered_last_entry_is_detected(chain):
    _drop_guard_triggers()
    _sql("UPDATE privacy_auditevent SET allowed = %s WHERE id = %s", [False, chain[-1].pk])
    assert f"連番 5（ID {chain[-1].pk}）の内容が記録時から変更されています" in _verify_fails()


@pytest.mark.django_db
def test_rehashed_last_entry_disagrees_with_the_head(chain):
    _drop_guard_triggers()
    row = AuditEvent.objects.values().get(pk=chain[-1].pk)
    row["grant"] = Grant.EMERGENCY.value
    _sql(
        'UPDATE privacy_auditevent SET "grant" = %s, entry_hash = %s WHERE id = %s',
        [Grant.EMERGENCY.value, entry_hash(row), chain[-1].pk],
    )
    assert "最新の記録（連番 5）のハッシュがチェーンの先頭と一致しません" in _verify_fails()


@pytest.mark.django_db
def test_deleted_last_entry_is_detected(chain):
    _drop_guard_triggers()
    _sql("DELETE FROM privacy_auditevent WHERE id = %s", [chain[-1].pk])
    assert "連番 5〜5 の記録（最新の記録）が欠落しています" in _verify_fails()


@pytest.mark.django_db
def test_failed_append_leaves_the_chain_intact(chain, caseworker, monkeypatch):
    # given the insert of the next entry fails
    def fail(*args, **kwargs):
        raise IntegrityError("audit insert failed")

    with monkeypatch.context() as patch:
        patch.setattr(services, "_append", fail)
        # when a read appends its entry inside its transaction
        with pytest.raises(IntegrityError), transaction.atomic():
            try:
                audit_record(actor=caseworker, action="people.person.viewed", person_id=1)
            finally:
                # then the read cannot go on in that transaction: it is rolled back whole
                with pytest.raises(TransactionManagementError):
                    AuditChainHead.objects.get()
    # and the head did not move and the next entry continues the chain
    assert AuditChainHead.objects.get().sequence == 5
    assert audit_record(actor=caseworker, action="people.person.viewed").sequence == 6
    assert chain_verify().ok


@pytest.mark.django_db
def test_list_entries_index_the_persons_they_showed(caseworker):
    event = audit_record(actor=caseworker, action="people.person.listed", data={"ids": [3, 1, 3]})
    other = audit_record(
        actor=caseworker, action="consultations.consultation.listed", data={"ids": [3]}
    )
    assert set(AuditPersonIndex.objects.values_list("event_id", "person_id")) == {
        (event.pk, 3),
        (event.pk, 1),
    }
    assert not AuditPersonIndex.objects.filter(event=other).exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_do_not_fork_the_chain(caseworker):
    # given eight threads appending at once, each on its own connection
    def append():
        try:
            for _ in range(10):
                audit_record(actor=caseworker, action="people.person.viewed")
        finally:
            connection.close()

    threads = [threading.Thread(target=append) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then every entry is in one unbroken chain
    report = chain_verify()
    assert report.ok, report.broken
    assert report.count == 80


@pytest.mark.django_db(transaction=True)
def test_concurrent_reads_of_a_record_each_leave_their_entry(caseworker):
    # given a person, and eight requests opening their page at once (read, then append)
    from tsunagu.people.selectors import person_get_for
    from tsunagu.people.tests.factories import PersonFactory

    person = PersonFactory(organization=caseworker.organization)
    failures = []

    def read():
        try:
            for _ in range(5):
                person_get_for(user=caseworker, person_id=person.pk)
        except Exception as error:  # noqa: BLE001 - collected for the assertion
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then none failed, each read left its entry, and the chain is whole
    assert failures == []
    assert AuditEvent.objects.filter(action="people.person.viewed").count() == 40
    assert chain_verify().ok
