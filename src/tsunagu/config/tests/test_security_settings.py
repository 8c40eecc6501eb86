"""Security headers on every response, and the production values of the settings."""

import pytest
from django.urls import reverse

from tsunagu.config.tests.probe import load_settings, settings_values

HARDENING = [
    "DEBUG",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_AGE",
    "AXES_FAILURE_LIMIT",
    "AXES_COOLOFF_TIME",
]


@pytest.mark.django_db
def test_pages_send_csp_nosniff_and_frame_headers(client, caseworker):
    client.force_login(caseworker)
    for url in (reverse("accounts:login"), reverse("people:list")):
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_templates_have_no_inline_script_or_style(client, caseworker):
    client.force_login(caseworker)
    body = client.get(reverse("consultations:referral_inbox")).content.decode()
    assert "<script>" not in body and "<style" not in body and 'style="' not in body
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false' in body


def test_production_is_hardened_by_default():
    values = settings_values({}, HARDENING)
    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": None,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "X_FRAME_OPTIONS": "DENY",
        "SESSION_COOKIE_AGE": 1800,
        "AXES_FAILURE_LIMIT": 5,
        "AXES_COOLOFF_TIME": "0:30:00",
    }


def test_tls_at_a_proxy_and_limits_come_from_the_environment():
    env = {
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO=https",
        "TSUNAGU_SESSION_IDLE_MINUTES": "15",
        "TSUNAGU_LOGIN_FAILURE_LIMIT": "10",
        "TSUNAGU_LOGIN_COOLOFF_MINUTES": "60",
    }
    values = settings_values(env, HARDENING)
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SESSION_COOKIE_AGE"] == 15 * 60
    assert (values["AXES_FAILURE_LIMIT"], values["AXES_COOLOFF_TIME"]) == (10, "1:00:00")
    assert values["SESSION_COOKIE_SECURE"] is True


def test_demo_mode_runs_on_plain_http():
    values = settings_values({"TSUNAGU_DEMO": "1"}, HARDENING)
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0


def test_debug_is_refused_for_hosts_other_than_this_machine():
    result = load_settings({"DEBUG": "1", "ALLOWED_HOSTS": "tsunagu.example.com"}, ["DEBUG"])
    assert result.returncode != 0
    assert "DEBUG may only be on for local hosts" in result.stderr
    assert settings_values({"DEBUG": "1"}, ["DEBUG"]) == {"DEBUG": True}


def test_malformed_proxy_header_is_refused():
    result = load_settings({"SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto"}, ["DEBUG"])
    assert result.returncode != 0
    assert "SECURE_PROXY_SSL_HEADER" in result.stderr


def test_secret_key_is_required_in_production():
    result = load_settings({"SECRET_KEY": ""}, ["DEBUG"])
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
