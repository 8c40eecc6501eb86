"""Background tasks of 名寄せ (django.tasks, docs/decisions/0011)."""

from django.tasks import task

from tsunagu.accounts.models import User
from tsunagu.linkage.services import linkage_run


@task
def link_persons(started_by_id: int | None = None) -> dict[str, int]:
    """名寄せ over every record (``linkage_run``, audited as ``linkage.run.finished``).
    ``started_by_id`` is the reviewer who asked for it on the 名寄せ page, None for the
    nightly run. Returns the run's counts for the page."""
    started_by = User.objects.filter(pk=started_by_id).first() if started_by_id else None
    run = linkage_run(started_by=started_by)
    return {"run": run.pk, "records": run.records, "new_candidates": run.new_candidates}
