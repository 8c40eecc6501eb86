import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_login_page_is_japanese_by_default_and_english_on_request(client):
    assert "本文へ移動" in client.get(reverse("accounts:login")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Skip to main content" in client.get(reverse("accounts:login")).content.decode()


@pytest.mark.django_db
def test_wrong_password_is_refused_in_japanese(client, caseworker):
    response = client.post(
        reverse("accounts:login"), {"username": caseworker.username, "password": "x"}
    )
    assert "ユーザー名またはパスワードが正しくありません" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_every_page_needs_login(client):
    response = client.get(reverse("people:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_organization_directory_is_open_to_every_role_and_filters_by_field(
    client, auditor, home_org, other_org
):
    client.force_login(auditor)
    body = client.get(reverse("accounts:organization_list") + "?field=disability").content.decode()
    assert reverse("accounts:organization_detail", args=[other_org.pk]) in body
    assert reverse("accounts:organization_detail", args=[home_org.pk]) not in body


@pytest.mark.django_db
def test_auditor_cannot_open_personal_data_pages(client, auditor):
    client.force_login(auditor)
    assert client.get(reverse("people:list")).status_code == 403
    assert client.get(reverse("consultations:create")).status_code == 403
