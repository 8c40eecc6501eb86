"""The matching on its own: constraints, scores and the explanations staff read."""

from tsunagu.participation.matching import Need, Offer, excluded_by, rank, words_of

FARM = Offer(
    id=1,
    categories=frozenset({"farming", "work_experience"}),
    accommodations=frozenset({"short_hours", "little_talk", "visit_ok"}),
    text="農園みどりの丘 野菜の収穫と袋詰め",
    days=frozenset({"mon", "wed"}),
    time_slots=frozenset({"morning"}),
    area_id=1,
    area_name="北部",
    open_slots=2,
)
CAFE = Offer(
    id=2,
    categories=frozenset({"work_experience"}),
    accommodations=frozenset({"short_hours"}),
    text="コミュニティカフェ 接客 レジ",
    days=frozenset({"mon", "tue", "wed", "thu", "fri"}),
    time_slots=frozenset({"morning", "afternoon"}),
    area_id=2,
    area_name="中部",
    open_slots=3,
)
HOME = Offer(
    id=3,
    categories=frozenset({"creative"}),
    accommodations=frozenset({"from_home", "little_talk"}),
    text="在宅でのイラスト入力",
    days=frozenset(),
    time_slots=frozenset(),
    area_id=4,
    area_name="東部",
    open_slots=1,
)

ANXIOUS_FARMER = Need(
    interest_categories=frozenset({"farming"}),
    interest_words=words_of("野菜、パソコン"),
    days=frozenset({"mon", "fri"}),
    time_slots=frozenset({"morning"}),
    areas=frozenset({1}),
    transport="walk",
    anxiety="strong",
    stamina="low",
)


def test_hard_constraints_exclude_with_a_reason():
    assert excluded_by(ANXIOUS_FARMER, FARM) is None
    # the café: far away for someone who walks, and much talk with people
    assert excluded_by(ANXIOUS_FARMER, CAFE) == "人との関わりが多い"
    assert excluded_by(Need(transport="walk", areas=frozenset({1})), CAFE) == "通える圏域の外"
    # from home: no area, no schedule limits
    assert excluded_by(ANXIOUS_FARMER, HOME) is None


def test_capacity_schedule_needs_and_words_to_avoid_are_respected():
    full = Offer(**{**FARM.__dict__, "open_slots": 0})
    assert excluded_by(Need(), full) == "空きがない"
    paused = Offer(**{**FARM.__dict__, "active": False})
    assert excluded_by(Need(), paused) == "休止中"
    assert excluded_by(Need(days=frozenset({"sat"})), FARM) == "曜日が合わない"
    assert excluded_by(Need(time_slots=frozenset({"evening"})), FARM) == "時間帯が合わない"
    assert excluded_by(Need(needs=frozenset({"pickup"})), FARM) == "必要な配慮がない（送迎あり）"
    assert excluded_by(Need(avoid_words=words_of("接客")), CAFE) == "避けたいこと（接客）"
    assert excluded_by(Need(transport="pickup"), FARM) == "送迎がない"


def test_suggestions_are_ranked_with_what_matched_and_what_did_not():
    (first, second) = rank(ANXIOUS_FARMER, [CAFE, HOME, FARM])
    assert (first.offer_id, second.offer_id) == (FARM.id, HOME.id)
    assert "関心: 農作業" in first.matched
    assert "興味: 野菜" in first.matched
    assert "圏域: 北部" in first.matched
    assert "曜日: 月" in first.matched
    assert any(m.startswith("配慮: ") and "短時間可" in m for m in first.matched)
    assert second.matched[0] == "在宅で参加できる"
    assert "関心のある活動ではない" in second.unmatched


def test_a_preferred_area_is_soft_for_someone_who_can_travel():
    need = Need(areas=frozenset({1}), transport="public")
    (farm, cafe) = rank(need, [CAFE, FARM])
    assert farm.offer_id == FARM.id
    assert cafe.unmatched == ("希望の圏域の外（中部）",)


def test_words_match_across_kana_and_width():
    need = Need(interest_words=words_of("ﾔｻｲ　ぱそこん"))
    offer = Offer(**{**FARM.__dict__, "text": words_of("ヤサイの袋詰め")[0]})
    assert rank(need, [offer])[0].matched[0] == "興味: ヤサイ"
