"""Sample genogram and ecomap written to test-artifacts/ and rendered by chromium, for review."""

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import ARTIFACTS
from tsunagu.core.diagrams.ecomap import Ecomap, EcoNode, render_ecomap
from tsunagu.core.diagrams.genogram import Member, render_genogram
from tsunagu.core.diagrams.household import from_household

pytestmark = pytest.mark.browser


def _samples() -> dict[str, str]:
    members = [
        Member(1, "山田 茂", "male", 82, deceased=True),
        Member(2, "山田 花子", "female", 80, lives_with_person=True),
        Member(3, "山田 一郎", "male", 52),
        Member(4, "佐藤 由美", "female", 48),
        Member(5, "山田 次郎", "male", 45, lives_with_person=True),
    ]
    relations = {1: "head", 2: "spouse", 3: "child", 4: "child", 5: "child"}
    genogram = render_genogram(from_household(members, relations, person_id=3))
    ecomap = render_ecomap(
        Ecomap(
            "山田 一郎",
            person_note="52歳",
            nodes=(
                EcoNode("1", "地域包括支援センター", "organization", "strong", "both", "月1回訪問"),
                EcoNode("2", "民生委員 佐藤さん", "person", "normal", "toward"),
                EcoNode("3", "母", "person", "conflict"),
                EcoNode("4", "ひきこもり地域支援センター", "organization", "weak", "away"),
                EcoNode("5", "居場所カフェ", "resource", "stressful"),
                EcoNode("6", "近所の人", "person", "weak"),
            ),
        )
    )
    return {"genogram": genogram, "ecomap": ecomap}


def test_sample_diagrams_render_in_chromium(browser: Browser) -> None:
    # given the sample diagrams written where a reviewer can open them
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(locale="ja-JP", viewport={"width": 900, "height": 900})
    page = context.new_page()
    try:
        for name, svg in _samples().items():
            (ARTIFACTS / f"{name}.svg").write_text(svg, encoding="utf-8")
            # when chromium shows each one
            page.set_content(f"<!doctype html><html lang='ja'><body>{svg}</body></html>")
            box = page.locator("svg").bounding_box()
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            # then it has a size and its accessible name is the title
            assert box and box["width"] > 200 and box["height"] > 200
            assert page.get_by_role(
                "img", name="ジェノグラム" if name == "genogram" else "エコマップ"
            )
    finally:
        context.close()
