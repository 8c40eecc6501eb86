"""Outreach, end to end: a 民生委員's report, three letters, a face-to-face meeting, and the
consultation the person finally comes to."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import login
from tests.browser.test_accessibility import _serious
from tsunagu.consultations.models import Consultation
from tsunagu.outreach.models import OutreachCase

pytestmark = pytest.mark.browser

LETTERS = (
    "社協の紹介と、地区の釣りクラブの案内を添えた手紙を郵便受けに入れた。",
    "釣りクラブの今月の釣果の写真を添えて2通目の手紙。",
    "3通目。返事は求めず、次に訪ねる日だけを書いた。",
)


def _record_contact(page: Page, method: str, outcome: str, text: str) -> None:
    form = page.get_by_role("region", name="接触を記録")
    form.get_by_label(method, exact=True).check()
    form.get_by_label(outcome, exact=True).check()
    form.get_by_label("内容").fill(text)
    form.get_by_role("button", name="記録する").click()
    expect(page.get_by_role("status")).to_contain_text("接触を記録しました")


def test_a_report_reached_over_months_becomes_a_consultation(page: Page, outreach_worker):
    login(page, outreach_worker.username)
    # a 民生委員 phones in about a son who has not left the house for years
    page.get_by_role("link", name="アウトリーチ").click()
    page.get_by_role("link", name="情報提供を受け付ける").click()
    page.get_by_label("把握の経路").select_option(label="民生委員・児童委員")
    page.get_by_label("情報提供者", exact=True).fill("北山地区の民生委員")
    page.get_by_label("対象の人").fill("北山町2丁目の角の家の息子さん（40代）")
    page.get_by_label("気づいたこと").fill("母親から、息子が何年も家から出ないと相談された。")
    page.get_by_role("button", name="受け付ける").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("角の家の息子さん")
    expect(page.get_by_role("heading", level=1)).to_contain_text("未接触")
    assert _serious(page) == []
    # three letters, no answer yet
    for letter in LETTERS:
        _record_contact(page, "手紙を残す", "反応なし", letter)
    expect(page.get_by_role("heading", level=1)).to_contain_text("未接触")
    # then a visit: they meet at the door
    _record_contact(page, "訪問", "本人に会えた", "玄関先で本人と初めて対面。釣りの話を10分。")
    expect(page.get_by_role("heading", level=1)).to_contain_text("本人と対面")
    history = page.get_by_role("region", name="関わりの段階")
    expect(history).to_contain_text("未接触 → 本人と対面")
    # he gives his name: register him and link the case
    page.get_by_role("link", name="本人の記録と結びつける").click()
    page.get_by_label("氏", exact=True).fill("北山")
    page.get_by_label("名", exact=True).fill("翔太")
    page.get_by_label("氏（フリガナ）").fill("きたやま")
    page.get_by_label("名（フリガナ）").fill("しょうた")
    page.get_by_role("button", name="登録して結びつける").click()
    expect(page.get_by_role("status")).to_contain_text("北山 翔太 さんの記録と結びつけました")
    # and one day he asks for help: the consultation is received, the case handed over
    page.get_by_role("link", name="相談として受け付ける（引き継ぎ）").click()
    page.get_by_label("主訴").fill("人と話すのは不安だが、少しずつ働いてみたい。")
    page.get_by_label("同意あり").check()
    page.get_by_role("button", name="受付を保存").click()
    expect(page.get_by_role("status")).to_contain_text("アウトリーチの記録を引き継ぎました")
    consultation = Consultation.objects.get()
    case = OutreachCase.objects.get()
    assert (case.stage, case.handover, case.consultation) == (
        "connected",
        "consultation",
        consultation,
    )
    assert consultation.person.full_name == "北山 翔太" and consultation.channel == "home_visit"
    # the person's timeline keeps the months of outreach with the consultation
    page.goto(page.base_url + f"/consultations/people/{consultation.person_id}/timeline/")
    timeline = page.get_by_role("main")
    for letter in LETTERS:
        expect(timeline).to_contain_text(letter)
    expect(timeline).to_contain_text("少しずつ働いてみたい")
