"""Logging helpers that keep personal data out of log files."""

import json
import logging
import re
import time

# A query string runs from "?" to the next whitespace or quote: in "GET /people/?q=山田 HTTP/1.1"
# it is "?q=山田".
QUERY_STRING = re.compile(r"\?[^\s\"']+")
REDACTED = "?[redacted]"


def redact_query_strings(text: str) -> str:
    """Replace every query string in ``text``; searches send names and birth dates in them."""
    return QUERY_STRING.sub(REDACTED, text)


class RedactQueryStringFilter(logging.Filter):
    """Removes query strings from a record's message and arguments (django.request,
    django.server). The record is kept; only the text changes."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact_query_strings(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact_query_strings(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        elif isinstance(record.args, dict):
            record.args = {
                key: redact_query_strings(value) if isinstance(value, str) else value
                for key, value in record.args.items()
            }
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line (time, level, logger, message and the request's fields), for a
    log collector. The message is redacted as above; an exception's text is kept, its local
    values are not (a traceback names code, not data)."""

    FIELDS = ("method", "route", "status", "duration_ms", "user_id", "organization_id")

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact_query_strings(record.getMessage()),
        }
        entry.update({f: getattr(record, f) for f in self.FIELDS if hasattr(record, f)})
        if record.exc_info:
            entry["exception"] = redact_query_strings(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


access = logging.getLogger("tsunagu.access")


class AccessLogMiddleware:
    """One log line per request: the method, the **route's name** (``people:detail``, never the
    path with its record numbers or the query string with its search words), the status, the
    time taken and the staff member's and organization's numbers. Who read which record is
    the audit trail's business, not the log's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        authenticated = bool(user is not None and user.is_authenticated)
        access.info(
            "%s %s %s",
            request.method,
            match.view_name if match else "-",
            response.status_code,
            extra={
                "method": request.method,
                "route": match.view_name if match else None,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if authenticated else None,
                "organization_id": user.organization_id if authenticated else None,
            },
        )
        return response
