"""Logging helpers that keep personal data out of log files."""

import logging
import re

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
