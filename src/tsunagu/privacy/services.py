"""Writes owned by the privacy layer: the audit trail."""

import functools
import json
from collections.abc import Callable
from typing import Any, NamedTuple

from django.db import connection, models, transaction
from django.http import Http404
from django.utils import timezone

from tsunagu.accounts.models import User
from tsunagu.privacy.chain import event_hash
from tsunagu.privacy.context import Origin, current_origin
from tsunagu.privacy.models import AuditChainHead, AuditEvent, AuditPersonIndex, Grant

HEAD = 1

# Entries whose data names the persons a page showed, by the key that holds their ids.
PERSON_ID_KEYS = {
    "people.person.listed": "ids",
    "people.person.exported": "ids",
    "privacy.emergency.searched": "ids",
    "privacy.emergency.listed": "person_ids",
    "cases.case.listed": "person_ids",
    "cases.genogram.viewed": "person_ids",
    "consultations.timeline.viewed": "person_ids",
    "outreach.case.listed": "person_ids",
    "participation.placement.listed": "person_ids",
    "linkage.candidate.listed": "person_ids",
    "linkage.candidate.decided": "person_ids",
}


def _lock_head() -> tuple[int, str]:
    """Take the chain head's row lock and reserve the next sequence number: one
    ``UPDATE … RETURNING`` gives the number and the last entry's hash. The UPDATE takes the
    lock on PostgreSQL and SQLite alike."""
    with connection.cursor() as cursor:
        cursor.execute(_statements(connection.vendor).lock_head, [HEAD])
        row = cursor.fetchone()
    if row is None:
        # Only after a flush: the migration creates the head.
        AuditChainHead.objects.get_or_create(pk=HEAD)
        return _lock_head()
    return row[0], row[1]


def audit_record(
    *,
    actor: User | None,
    action: str,
    subject: models.Model | None = None,
    person_id: int | None = None,
    grant: Grant | str = "",
    allowed: bool = True,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit entry to the chain. Call it inside the transaction of the read or write
    it records, so that the read fails when the entry cannot be written (fail closed): inside
    one, the entry takes no savepoint of its own, and an entry that fails leaves the whole
    transaction to be rolled back.

    1. Lock the chain head and reserve the next sequence number.
    2. Hash the entry together with the previous entry's hash, and insert it.
    3. Move the head to the new entry.
    4. Index the persons the entry concerns, lists and timelines included (the person's log).

    ``data`` holds identifiers and codes only, never names, addresses or free text.
    """
    with transaction.atomic(savepoint=False):
        origin = current_origin.get() or Origin()
        sequence, previous_hash = _lock_head()
        event = AuditEvent(
            sequence=sequence,
            previous_hash=previous_hash,
            created_at=timezone.now(),
            actor=actor,
            actor_organization_id=getattr(actor, "organization_id", None),
            action=action,
            subject_type=subject._meta.model_name if subject is not None else "",
            subject_id=subject.pk if subject is not None else None,
            person_id=person_id,
            grant=str(grant),
            allowed=allowed,
            ip_address=_normalized_ip(origin.ip_address),
            user_agent=origin.user_agent,
            data=json.loads(json.dumps(data or {})),  # exactly what the database gives back
        )
        event.entry_hash = event_hash(event)
        persons = [person_id] if person_id else []
        persons += event.data.get(PERSON_ID_KEYS.get(action, ""), [])
        _append(event, list(dict.fromkeys(persons)))
        return event


def _append(event: AuditEvent, persons: list[int]) -> None:
    """Steps 2 to 4 in three statements of our own: every page that reads personal data
    appends one to three entries, and the ORM's building and compiling of an INSERT, an UPDATE
    and a bulk INSERT cost several times what the database takes to run them. The values are
    prepared by the model's own fields (``get_db_prep_save``), as the ORM prepares them."""
    sql = _statements(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(
            sql.insert,
            [f.get_db_prep_save(getattr(event, f.attname), connection) for f in sql.fields],
        )
        event.pk = cursor.fetchone()[0]
        cursor.execute(sql.move_head, [event.entry_hash, HEAD])
        if persons:
            cursor.execute(
                sql.index + ", ".join(["(%s, %s)"] * len(persons)),
                [value for pid in persons for value in (event.pk, pid)],
            )
    event._state.adding, event._state.db = False, connection.alias


class _Statements(NamedTuple):
    """The audit chain's statements, in one database's quoting."""

    lock_head: str  # reserves the next sequence number, returns it and the last hash
    fields: list[models.Field]  # the entry's columns, in the order of ``insert``
    insert: str
    move_head: str
    index: str  # the person index's INSERT up to its VALUES rows


@functools.cache
def _statements(vendor: str) -> _Statements:
    quote = connection.ops.quote_name
    event, head, index = AuditEvent._meta, AuditChainHead._meta, AuditPersonIndex._meta
    fields = [f for f in event.concrete_fields if not f.primary_key]
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    head_table, head_pk = quote(head.db_table), quote(head.pk.column)
    sequence, last_hash = (quote(head.get_field(name).column) for name in ("sequence", "last_hash"))
    indexed = ", ".join(quote(index.get_field(name).column) for name in ("event", "person_id"))
    return _Statements(
        lock_head=f"UPDATE {head_table} SET {sequence} = {sequence} + 1"  # noqa: S608 - our table
        f" WHERE {head_pk} = %s RETURNING {sequence}, {last_hash}",
        fields=fields,
        insert=f"INSERT INTO {quote(event.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
        f" RETURNING {quote(event.pk.column)}",
        move_head=f"UPDATE {head_table} SET {last_hash} = %s WHERE {head_pk} = %s",  # noqa: S608
        index=f"INSERT INTO {quote(index.db_table)} ({indexed}) VALUES ",  # noqa: S608
    )


def _normalized_ip(address: str | None) -> str | None:
    """The address as the database will give it back, so that the hash can be recomputed."""
    field = AuditEvent._meta.get_field("ip_address")
    return field.get_prep_value(address) if address else None


def audited_get(
    records: models.QuerySet,
    *,
    user: User,
    pk: int,
    viewed: str,
    denied: str,
    grant: Callable[[Any], Grant | str | None],
    person_id: Callable[[Any], int | None] = lambda record: None,
) -> Any:
    """One record of ``records`` for a detail page: ``records`` filtered by the access policy,
    or not, with ``grant`` (``policy.grant_for``) deciding on the one record read. A record
    whose ``grant`` is None is not visible.

    Deciding on the record read is the same rule as the filter (``grant_for`` tries the grants
    ``visible`` unites) and spares a detail page the reading of every grant: a record of the
    user's own organization needs no query at all.

    The read and its ``viewed`` entry share one transaction, so no entry means no record (fail
    closed). When the record is missing or not visible, a ``denied`` entry is written outside
    that transaction — the 404 raised next must not roll it back — and the page is a 404: a
    record the user may not see is invisible, not forbidden.
    """
    with transaction.atomic():
        record = records.filter(pk=pk).first()
        granted = grant(record) if record is not None else None
        if granted is not None:
            audit_record(
                actor=user,
                action=viewed,
                subject=record,
                person_id=person_id(record),
                grant=granted,
            )
            return record
    audit_record(
        actor=user,
        action=denied,
        grant=Grant.NONE,
        allowed=False,
        data={f"{records.model._meta.model_name}_id": pk},
    )
    raise Http404
