"""名寄せを今すぐ実行 (linkage:run): queued for the worker, or run at once where none runs."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tsunagu.accounts.models import Role
from tsunagu.accounts.tests.factories import UserFactory
from tsunagu.linkage.models import LinkRun
from tsunagu.people.tests.factories import PersonFactory
from tsunagu.privacy.models import AuditEvent


@pytest.fixture
def coordinator(coordination_org):
    return UserFactory(username="coordinator", organization=coordination_org, role=Role.COORDINATOR)


def _page(client) -> str:
    return client.get(reverse("linkage:overlaps")).content.decode()


@pytest.mark.django_db
def test_without_a_worker_the_run_happens_at_once_and_says_what_it_found(client, coordinator):
    # given two person records and the immediate backend (the demo)
    PersonFactory.create_batch(2)
    client.force_login(coordinator)
    # when the coordinator runs the linkage
    response = client.post(reverse("linkage:run"), follow=True)
    # then it ran as the coordinator, with its audit entry, and the page says what it found
    run = LinkRun.objects.get()
    assert (run.started_by, run.records, run.finished_at is not None) == (coordinator, 2, True)
    assert AuditEvent.objects.filter(actor=coordinator, action="linkage.run.finished").exists()
    assert "名寄せを実行しました（2件の記録" in response.content.decode()
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_without_a_worker_a_failed_run_says_so(client, monkeypatch, coordinator):
    def broken(**kwargs):
        raise RuntimeError("out of memory")

    monkeypatch.setattr("tsunagu.linkage.tasks.linkage_run", broken)
    client.force_login(coordinator)
    response = client.post(reverse("linkage:run"), follow=True)
    assert "名寄せを実行できませんでした" in response.content.decode()
    assert not LinkRun.objects.exists()


@pytest.mark.django_db
def test_the_run_is_refused_to_other_roles(client, caseworker):
    client.force_login(caseworker)
    assert client.post(reverse("linkage:run")).status_code == 403
    assert not LinkRun.objects.exists()
    assert not AuditEvent.objects.filter(action="linkage.run.finished").exists()


@pytest.mark.django_db(transaction=True)
def test_with_a_worker_the_run_is_queued_and_the_page_shows_its_state(client, worker, coordinator):
    PersonFactory.create_batch(2)
    client.force_login(coordinator)
    # when the coordinator asks twice for a run
    first = client.post(reverse("linkage:run"), follow=True).content.decode()
    second = client.post(reverse("linkage:run"), follow=True).content.decode()
    # then one run waits for the worker, and the page says so
    assert "名寄せの実行を受け付けました。" in first
    assert "名寄せは実行を待っています" in first
    assert "すでに実行を待っています" in second
    assert DBTaskResult.objects.ready().count() == 1
    assert not LinkRun.objects.exists()
    # when the worker has run it
    worker()
    # then the run is the coordinator's, and the page shows its result instead of the wait
    assert LinkRun.objects.get().started_by == coordinator
    page = _page(client)
    assert "最終実行" in page and "2件の記録" in page
    assert "実行を待っています" not in page


@pytest.mark.django_db(transaction=True)
def test_a_failed_run_is_shown_on_the_page_until_one_succeeds(
    client, worker, monkeypatch, coordinator
):
    # given a run that fails in the worker
    def broken(**kwargs):
        raise RuntimeError("out of memory")

    monkeypatch.setattr("tsunagu.linkage.tasks.linkage_run", broken)
    client.force_login(coordinator)
    client.post(reverse("linkage:run"))
    worker()
    # then the page says that it failed, and nothing was half written
    assert "の名寄せは失敗しました" in _page(client)
    assert DBTaskResult.objects.failed().count() == 1
    assert not LinkRun.objects.exists()
    # when a later run succeeds, the failure is no longer shown
    monkeypatch.undo()
    client.post(reverse("linkage:run"))
    worker()
    assert "失敗しました" not in _page(client)
    assert LinkRun.objects.count() == 1


@pytest.mark.django_db
def test_while_a_run_is_running_another_may_be_queued_behind_it(client, task_queue, coordinator):
    # given a run the worker has taken (it reads the records as they were when it started)
    client.force_login(coordinator)
    client.post(reverse("linkage:run"))
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now())
    assert "名寄せを実行しています" in _page(client)
    # when the coordinator asks again, a second run waits behind it
    client.post(reverse("linkage:run"))
    assert DBTaskResult.objects.ready().count() == 1
    assert DBTaskResult.objects.running().count() == 1
