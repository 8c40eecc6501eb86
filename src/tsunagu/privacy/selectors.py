"""Reads of the audit trail: the auditor's pages and a person's access log. Both are audited.

Entries hold ids and codes only, so these reads show no record contents; staff names and
organization names are not personal data of residents.
"""

from collections.abc import Iterable, Iterator
from typing import Any

from django.apps import apps
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tsunagu.accounts.models import Organization, Role, User
from tsunagu.core.csvexport import csv_lines
from tsunagu.privacy.models import AuditEvent, Grant
from tsunagu.privacy.services import audit_record

PAGE_SIZE = 50
EXPORT_CHUNK = 2000
# A spreadsheet would run these as a formula (CSV injection); a leading ' keeps them text.

CSV_HEADER = [
    "連番",
    "日時",
    "職員ID",
    "職員",
    "所属機関ID",
    "操作",
    "記録の種類",
    "記録ID",
    "本人ID",
    "根拠",
    "許可",
    "IPアドレス",
    "ユーザーエージェント",
    "補足",
    "ハッシュ",
]


def _entries(q: Q) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(q).select_related("actor").order_by("-sequence")


def _with_organization_names(entries: Iterable[AuditEvent]) -> list[AuditEvent]:
    """Attach the actor's organization at the time of the entry, in one query."""
    entries = list(entries)
    ids = {e.actor_organization_id for e in entries if e.actor_organization_id}
    names = dict(Organization.objects.filter(pk__in=ids).values_list("pk", "name"))
    for entry in entries:
        entry.actor_organization_name = names.get(entry.actor_organization_id, "")
    return entries


def _page(entries: QuerySet[AuditEvent], page_number: Any, upto: Any) -> Page:
    """Pages stay put while entries are appended (viewing a page appends one): later pages
    count only entries up to the newest one the first page showed (``upto``)."""
    try:
        upto = int(upto)
    except (TypeError, ValueError):
        upto = None
    if upto is not None:
        entries = entries.filter(sequence__lte=upto)
    page = Paginator(entries, PAGE_SIZE).get_page(page_number)
    page.object_list = _with_organization_names(page.object_list)
    if upto is None and page.object_list:
        upto = page.object_list[0].sequence
    page.upto = upto
    return page


@transaction.atomic
def audit_log_page_for(
    *, user: User, q: Q, filters: dict[str, Any], page_number: Any, upto: Any = None
) -> Page:
    """One page of the entries selected by ``q``, newest first. Auditors only."""
    if user.role != Role.AUDITOR:
        raise Http404
    page = _page(_entries(q), page_number, upto)
    audit_record(
        actor=user,
        action="privacy.audit_log.viewed",
        data={"filters": filters, "page": page.number, "ids": [e.pk for e in page.object_list]},
    )
    return page


def _csv_rows(entries: QuerySet[AuditEvent]) -> Iterator[str]:
    return csv_lines(CSV_HEADER, _rows(entries))


def _rows(entries: QuerySet[AuditEvent]) -> Iterator[list[Any]]:
    chunk: list[AuditEvent] = []
    for entry in entries.iterator(chunk_size=EXPORT_CHUNK):
        chunk.append(entry)
        if len(chunk) == EXPORT_CHUNK:
            yield from _chunk_rows(chunk)
            chunk = []
    yield from _chunk_rows(chunk)


def _chunk_rows(chunk: list[AuditEvent]) -> Iterator[list[Any]]:
    for e in _with_organization_names(chunk):
        row = [
            e.sequence,
            timezone.localtime(e.created_at).isoformat(timespec="seconds"),
            e.actor_id,
            e.actor or "",
            e.actor_organization_id,
            e.action,
            e.subject_type,
            e.subject_id,
            e.person_id,
            e.grant,
            "許可" if e.allowed else "拒否",
            e.ip_address,
            e.user_agent,
            e.data,
            e.entry_hash,
        ]
        yield row


@transaction.atomic
def audit_log_export_for(*, user: User, q: Q, filters: dict[str, Any]) -> Iterator[str]:
    """CSV lines of every entry selected by ``q``, streamed. Auditors only.

    The export entry is written before the first line: no entry, no export.
    """
    if user.role != Role.AUDITOR:
        raise Http404
    entries = _entries(q)
    audit_record(
        actor=user,
        action="privacy.audit_log.exported",
        data={"filters": filters, "count": entries.count()},
    )
    return _csv_rows(entries)


def person_access_log_for(
    *, user: User, person_id: int, page_number: Any, upto: Any = None
) -> Page:
    """Who read or tried to read a person's records (directly, in a list or in a timeline),
    newest first. Only for staff of the organization that recorded the person."""
    person_model = apps.get_model("people", "Person")
    with transaction.atomic():
        organization_id = (
            person_model.objects.filter(pk=person_id).values_list("organization_id", flat=True)
        ).first()
        if user.sees_personal_data and organization_id == user.organization_id:
            entries = _entries(Q(person_index__person_id=person_id))
            page = _page(entries, page_number, upto)
            audit_record(
                actor=user,
                action="privacy.access_log.viewed",
                person_id=person_id,
                grant=Grant.OWN_ORGANIZATION,
                data={"page": page.number},
            )
            return page
    audit_record(
        actor=user,
        action="privacy.access_log.denied",
        person_id=person_id,
        grant=Grant.NONE,
        allowed=False,
    )
    raise Http404
