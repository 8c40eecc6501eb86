import logging

from tsunagu.core.logging import RedactQueryStringFilter, redact_query_strings


def _record(msg: str, args: tuple) -> logging.LogRecord:
    return logging.LogRecord("django.server", logging.INFO, __file__, 1, msg, args, None)


def test_query_string_of_a_request_line_is_removed():
    # given runserver's access log line for a person search by name
    record = _record('"%s" %s %s', ("GET /people/?q=%E5%B1%B1%E7%94%B0 HTTP/1.1", "200", "512"))
    # when the filter runs
    kept = RedactQueryStringFilter().filter(record)
    # then the line is kept without the search term
    assert kept
    assert record.getMessage() == '"GET /people/?[redacted] HTTP/1.1" 200 512'


def test_unencoded_names_and_several_parameters_are_removed_from_the_message():
    record = _record("Not Found: /people/?q=山田 太郎&page=2", ())
    RedactQueryStringFilter().filter(record)
    assert "山田" not in record.getMessage()
    assert record.getMessage() == "Not Found: /people/?[redacted] 太郎&page=2"


def test_text_without_query_string_is_unchanged():
    assert redact_query_strings("Internal Server Error: /people/12/") == (
        "Internal Server Error: /people/12/"
    )
    assert redact_query_strings("Is this a question?") == "Is this a question?"


def test_dict_arguments_are_redacted():
    record = _record("%(path)s", ())
    record.args = {"path": "/people/?q=ヤマダ"}
    RedactQueryStringFilter().filter(record)
    assert record.getMessage() == "/people/?[redacted]"


def test_settings_attach_the_filter_to_request_and_server_logs(settings):
    logging_config = settings.LOGGING
    assert "redact_query" in logging_config["loggers"]["django.request"]["filters"]
    assert "redact_query" in logging_config["loggers"]["django.server"]["filters"]
    assert "redact_query" in logging_config["handlers"]["console"]["filters"]
