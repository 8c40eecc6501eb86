"""Writes owned by the privacy layer: the audit trail."""

from typing import Any

from django.db import models

from tsunagu.accounts.models import User
from tsunagu.privacy.context import Origin, current_origin
from tsunagu.privacy.models import AuditEvent, Grant


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
    """Append one audit entry. Call it inside the transaction of the read or write it records.

    ``data`` holds identifiers and codes only, never names, addresses or free text.
    """
    origin = current_origin.get() or Origin()
    return AuditEvent.objects.create(
        actor=actor,
        actor_organization_id=getattr(actor, "organization_id", None),
        action=action,
        subject_type=subject._meta.model_name if subject is not None else "",
        subject_id=subject.pk if subject is not None else None,
        person_id=person_id,
        grant=str(grant),
        allowed=allowed,
        ip_address=origin.ip_address,
        user_agent=origin.user_agent,
        data=data or {},
    )
