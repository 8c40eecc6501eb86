import json
import logging

import pytest

from tsunagu.core.logging import JsonFormatter, RedactQueryStringFilter, redact_query_strings
from tsunagu.people.tests.factories import PersonFactory


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


def test_a_json_line_carries_the_request_without_the_search_words():

    record = _record("Not Found: /people/?q=山田", ())
    record.route, record.status = "people:list", 404
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "INFO" and line["logger"] == "django.server"
    assert line["message"] == "Not Found: /people/?[redacted]"
    assert (line["route"], line["status"]) == ("people:list", 404)


@pytest.mark.django_db
def test_the_access_log_names_the_route_and_the_staff_member_never_the_record_or_the_search(
    client, caseworker, caplog
):
    person = PersonFactory(organization=caseworker.organization, family_name="山田")
    client.force_login(caseworker)
    with caplog.at_level(logging.INFO, logger="tsunagu.access"):
        client.get(f"/people/{person.pk}/")
        client.get("/people/?q=山田")
    lines = [r for r in caplog.records if r.name == "tsunagu.access"]
    assert [(r.route, r.status) for r in lines] == [("people:detail", 200), ("people:list", 200)]
    assert {r.user_id for r in lines} == {caseworker.pk}
    assert {r.organization_id for r in lines} == {caseworker.organization_id}
    text = " ".join(r.getMessage() for r in lines)
    assert str(person.pk) not in text.split() and "山田" not in text
    assert all(r.duration_ms >= 0 for r in lines)
