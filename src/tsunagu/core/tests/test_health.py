from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_health_check_answers_without_a_login():
    response = Client(HTTP_HOST="localhost").get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_the_health_check_fails_when_the_database_does_not_answer():
    with mock.patch("tsunagu.core.health.connection") as connection:
        connection.cursor.side_effect = DatabaseError("down")
        response = Client(HTTP_HOST="localhost").get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
