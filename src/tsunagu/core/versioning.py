"""Optimistic locking: a record carries a ``version``; a save names the version its form was
opened at, and is refused when someone saved in between, instead of overwriting their edit."""

from typing import Any

from django.db.models import F, Model
from django.utils import timezone

from tsunagu.core.exceptions import ConcurrentEditError


def save_versioned(record: Model, expected_version: int, **values: Any) -> None:
    """Write ``values`` to ``record``'s row unless its version moved on since
    ``expected_version`` (raises ``ConcurrentEditError``). The instance gets the values and the
    new version; ``updated_at`` is set, which a queryset update would otherwise skip."""
    now = timezone.now()
    updated = (
        type(record)
        ._default_manager.filter(pk=record.pk, version=expected_version)
        .update(**values, version=F("version") + 1, updated_at=now)
    )
    if not updated:
        raise ConcurrentEditError
    for name, value in values.items():
        setattr(record, name, value)
    record.version = expected_version + 1
    record.updated_at = now
