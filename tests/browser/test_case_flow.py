"""A multi-agency case from escalation to termination, in the browser, as the staff do it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import login, logout
from tsunagu.accounts.models import Role
from tsunagu.accounts.tests.factories import OrganizationFactory, UserFactory
from tsunagu.cases.models import Case, CaseStatus
from tsunagu.consents.models import as_set
from tsunagu.consents.tests.factories import ConsentFactory
from tsunagu.consultations.tests.factories import ConsultationFactory, ReferralFactory
from tsunagu.people.tests.factories import MembershipFactory

pytestmark = pytest.mark.browser


def _change_status(page: Page, label: str, reason: str, evaluation: bool = False) -> None:
    page.get_by_role("radio", name=label, exact=True).check()
    page.get_by_label("理由").fill(reason)
    if evaluation:
        page.get_by_label("達成", exact=True).check()
        page.get_by_label("評価", exact=True).fill(
            "長男が就労体験を続け、母の介護サービスも定着した"
        )
    page.get_by_role("button", name="状態を変更").click()
    expect(page.get_by_role("status")).to_contain_text("事例の状態を変更しました")


def _meeting_approves(page: Page, case: Case, title: str, purpose: str) -> None:
    """Schedule a 重層的支援会議, put the case on it for ``purpose``, and record 承認."""
    page.goto(page.base_url + "/meetings/new/")
    page.get_by_label("重層的支援会議").check()
    page.get_by_label("会議名").fill(title)
    when = timezone.localtime() + timedelta(days=1)
    page.get_by_label("日時").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="登録する").click()
    page.goto(page.base_url + f"/cases/{case.pk}/")
    page.locator("summary", has_text="会議の議題にする").click()
    page.get_by_label("会議", exact=True).select_option(label=f"{when:%Y年%m月%d日} {title}")
    page.get_by_label("目的").select_option(label=purpose)
    page.get_by_role("button", name="議題にする").click()
    expect(page.get_by_role("status")).to_contain_text("会議の議題にしました")
    page.get_by_label("承認").check()
    page.get_by_label("決定の内容").fill("提案どおり承認")
    page.get_by_role("button", name="決定を記録").click()
    expect(page.get_by_role("status")).to_contain_text("会議の決定を記録しました")
    page.goto(page.base_url + f"/cases/{case.pk}/")


def test_escalation_to_termination_with_meeting_approvals(page: Page, caseworker, coordination_org):
    # given a consultation referred to 多機関協働 with the person's consent to the team
    coordinator = UserFactory(
        username="coordinator", organization=coordination_org, role=Role.COORDINATOR
    )
    admin = UserFactory(username="admin", role=Role.MUNICIPAL_ADMIN)
    care_centre = OrganizationFactory(name="みどり市障害者相談支援センター", fields=["disability"])
    membership = MembershipFactory(
        person__organization=caseworker.organization,
        household__organization=caseworker.organization,
    )
    person = membership.person
    consultation = ConsultationFactory(person=person, received_by=caseworker)
    referral = ReferralFactory(
        person=person, consultation=consultation, to_organization=coordination_org
    )
    ConsentFactory(
        person=person,
        purposes=as_set(["meeting", "case_team"]),
        recipients=[coordination_org],
    )
    # when the coordinator accepts it as a case
    login(page, coordinator.username)
    page.goto(page.base_url + f"/consultations/referrals/{referral.pk}/")
    page.get_by_role("link", name="多機関協働の事例として受け付ける").click()
    page.get_by_label("事例名").fill("北部圏域 8050 世帯の生活と就労")
    page.get_by_label("受け付ける理由").fill("介護・障害・家計の課題が重なっている")
    page.get_by_role("button", name="受け付ける").click()
    expect(page.get_by_role("status")).to_contain_text("多機関協働の事例として受け付けました")
    case = Case.objects.get()
    # and adds the 障害者相談支援センター to the team, from the panel that loads when opened
    page.locator("summary", has_text="機関を加える").click()
    page.get_by_label("機関", exact=True).select_option(label=care_centre.name)
    page.get_by_role("textbox", name="役割分担").fill("長男の障害福祉サービスの調整")
    page.get_by_role("button", name="チームに加える").click()
    expect(page.get_by_role("status")).to_contain_text(f"{care_centre.name}をチームに加えました")
    expect(page.get_by_role("cell", name=care_centre.name, exact=True)).to_be_visible()
    # and assesses, and drafts a plan
    _change_status(page, "アセスメント", "関係機関から状況を聞き取る")
    page.get_by_role("link", name="アセスメントを記録").click()
    page.get_by_label("本人の状況").fill("母の介護をしながら、長男は10年以上仕事をしていない")
    page.get_by_role("button", name="保存（新しい版）").click()
    _change_status(page, "プラン策定", "アセスメントを終えた")
    page.get_by_role("link", name="プランの案を記録").click()
    page.get_by_label("本人の目標（長期）").fill("母と二人で安心して暮らしたい")
    page.get_by_label("本人の目標（短期）").fill("家計の相談に行く")
    page.get_by_label("支援方針").fill("介護と家計を分けて支える")
    page.get_by_label("本人の参加").fill("自宅の面談で本人が目標を決めた")
    page.get_by_label("モニタリング予定日").fill("令和9年2月1日")
    page.locator("#id_actions-0-what").fill("家計の見直しを一緒に行う")
    page.locator("#id_actions-0-organization").select_option(label=caseworker.organization.name)
    page.get_by_role("button", name="案を保存（新しい版）").click()
    expect(page.get_by_role("status")).to_contain_text("支援プランの案を保存しました")
    # then 支援中 is not yet possible: no 支援決定, no meeting approval
    expect(page.get_by_role("radio", name=re.compile(r"^支援中"))).to_be_disabled()
    # when the municipality decides to support the case
    logout(page)
    login(page, admin.username)
    page.goto(page.base_url + "/cases/decisions/")
    page.get_by_role("button", name="支援決定を記録").click()
    expect(page.get_by_role("status")).to_contain_text("支援決定を記録しました")
    logout(page)
    # and a 重層的支援会議 approves the plan
    login(page, coordinator.username)
    _meeting_approves(page, case, "定例会（12月）", "プラン策定")
    expect(page.get_by_text("承認済み")).to_be_visible()
    _change_status(page, "支援中", "会議で承認された")
    _change_status(page, "モニタリング", "3か月の取り組みを確認する")
    # and a later meeting approves the termination, recorded with the evaluation
    _meeting_approves(page, case, "定例会（3月）", "終結")
    _change_status(page, "終結", "目標を達成した", evaluation=True)
    # then the case is closed, with its history and evaluation
    expect(page.get_by_role("heading", name="終結時の評価")).to_be_visible()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.evaluation.outcome == "reached"
    assert [t.to_status for t in case.transitions.all()] == [
        "received",
        "assessment",
        "planning",
        "support",
        "monitoring",
        "closed",
    ]
