"""The hash chain of the audit trail: how an entry is hashed, and how the chain is verified.

Each entry's hash is SHA-256 over a canonical JSON serialization of all its fields, its
sequence number and the previous entry's hash. Editing an entry breaks its own hash;
re-hashing an edited entry breaks the next entry's link; deleting entries leaves a gap in the
sequence; deleting or replacing the newest entries disagrees with ``AuditChainHead``.

The serialization is part of the stored data: changing it invalidates every existing hash, so
it may only change together with a migration that re-chains (and documents why).
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tsunagu.privacy.models import GENESIS_HASH, AuditChainHead, AuditEvent

HASHED_FIELDS = (
    "sequence",
    "previous_hash",
    "created_at",
    "actor_id",
    "actor_organization_id",
    "action",
    "subject_type",
    "subject_id",
    "person_id",
    "grant",
    "allowed",
    "ip_address",
    "user_agent",
    "data",
)

VERIFY_CHUNK = 2000


def _canonical_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def entry_hash(fields: dict[str, Any]) -> str:
    """SHA-256 (hex) of the entry's fields, given as a mapping of ``HASHED_FIELDS``."""
    canonical = {name: _canonical_value(fields[name]) for name in HASHED_FIELDS}
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def event_hash(event: AuditEvent) -> str:
    return entry_hash({name: getattr(event, name) for name in HASHED_FIELDS})


@dataclass(frozen=True)
class ChainBreak:
    """The first place where the chain does not hold."""

    kind: str  # "edited", "missing", "link", "head"
    sequence: int | None
    event_id: int | None
    message: str


@dataclass(frozen=True)
class ChainReport:
    count: int
    last_sequence: int
    last_hash: str
    broken: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def _rows(up_to: int) -> Iterator[dict[str, Any]]:
    fields = ("id", "entry_hash", *HASHED_FIELDS)
    rows = AuditEvent.objects.filter(sequence__lte=up_to).order_by("sequence").values(*fields)
    return rows.iterator(chunk_size=VERIFY_CHUNK)


def _check_row(row: dict[str, Any], expected: int, previous: str) -> ChainBreak | None:
    where = f"連番 {row['sequence']}（ID {row['id']}）"
    if row["sequence"] != expected:
        missing = (
            f"連番 {expected}"
            if row["sequence"] == expected + 1
            else f"連番 {expected}〜{row['sequence'] - 1}"
        )
        return ChainBreak(
            "missing",
            row["sequence"],
            row["id"],
            f"{missing} の記録が欠落しています（{where} の直前。削除された可能性があります）。",
        )
    if row["previous_hash"] != previous:
        return ChainBreak(
            "link",
            row["sequence"],
            row["id"],
            f"{where}の「直前の記録のハッシュ」が一つ前の記録と一致しません"
            "（前の記録が書き換えられたか、差し替えられた可能性があります）。",
        )
    if entry_hash(row) != row["entry_hash"]:
        return ChainBreak(
            "edited",
            row["sequence"],
            row["id"],
            f"{where}の内容が記録時から変更されています（ハッシュが一致しません）。",
        )
    return None


def chain_verify() -> ChainReport:
    """Walk the whole chain in sequence order, streaming, and report the first broken link.

    Only entries up to the head read at the start are checked, so appends made while the
    walk runs are neither missed as gaps nor reported as breaks.
    """
    head = AuditChainHead.objects.filter(pk=1).first()
    head_sequence = head.sequence if head else 0
    head_hash = head.last_hash if head else GENESIS_HASH
    if head is None and AuditEvent.objects.exists():
        message = "チェーンの先頭（最後の連番とハッシュ）の記録が見つかりません。"
        return ChainReport(0, 0, GENESIS_HASH, ChainBreak("head", None, None, message))
    expected, previous, count = 1, GENESIS_HASH, 0
    for row in _rows(head_sequence):
        broken = _check_row(row, expected, previous)
        if broken:
            return ChainReport(count, expected - 1, previous, broken)
        expected, previous, count = expected + 1, row["entry_hash"], count + 1
    if expected - 1 != head_sequence:
        message = (
            f"連番 {expected}〜{head_sequence} の記録（最新の記録）が欠落しています"
            "（削除された可能性があります）。"
        )
        return ChainReport(
            count, expected - 1, previous, ChainBreak("missing", expected, None, message)
        )
    if previous != head_hash:
        message = (
            f"最新の記録（連番 {head_sequence}）のハッシュがチェーンの先頭と一致しません"
            "（最新の記録が書き換えられたか、差し替えられた可能性があります）。"
        )
        return ChainReport(
            count, head_sequence, previous, ChainBreak("head", head_sequence, None, message)
        )
    return ChainReport(count, head_sequence, previous, None)
