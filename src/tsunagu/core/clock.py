"""Days as ranges of moments, for filters that use an index.

``occurred_at__date=day`` casts every row's moment to the local date before comparing, so the
database reads the whole table; ``occurred_at >= day_start(day)`` compares the column itself and
uses its index (measured on the large city: the worklist's notes of today went from a scan of
330,000 rows to an index range; docs/performance.md)."""

from datetime import date, datetime, time

from django.utils import timezone


def day_start(day: date) -> datetime:
    """The first moment of ``day`` in the site's time zone."""
    return datetime.combine(day, time(), tzinfo=timezone.get_current_timezone())
