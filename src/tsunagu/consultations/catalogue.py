from typing import Any

"""The issue catalogue (課題分類) every municipality starts with; admins may add more."""

ISSUE_CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("care", "介護", "介護の負担・介護サービスの利用"),
    ("disability", "障害", "障害のある人とその家族の困りごと"),
    ("childcare", "子育て", "子育ての不安・負担"),
    ("poverty", "経済的困窮", "収入・家計・債務"),
    ("hikikomori", "ひきこもり", "長期間、社会参加をしていない状態"),
    ("employment", "就労", "仕事探し・職場での困りごと"),
    ("housing", "住まい", "住まいの確保・住環境"),
    ("health", "健康・医療", "心身の健康・受診"),
    ("abuse", "虐待・DV", "虐待・配偶者等からの暴力"),
    ("8050", "8050", "高齢の親と、ひきこもり等の中高年の子の世帯"),
    ("double_care", "ダブルケア", "子育てと介護を同時に担っている"),
    ("young_carer", "ヤングケアラー", "家族の世話を日常的に担う子ども・若者"),
    ("self_neglect", "ごみ屋敷・セルフネグレクト", "住環境の悪化・自己放任"),
    ("isolation", "社会的孤立", "頼れる人やつながりがない"),
    ("suicide_risk", "自殺念慮", "死にたい気持ち・自殺のおそれ"),
    ("education", "教育・不登校", "学校・学びの困りごと"),
    ("other", "その他", "上記にあてはまらないもの"),
)


def catalogue_ensure(issue_category_model: Any) -> None:
    """Create or refresh the standard categories; categories admins added are left alone."""
    for order, (code, name, description) in enumerate(ISSUE_CATEGORIES, start=1):
        issue_category_model.objects.update_or_create(
            code=code,
            defaults={"name": name, "description": description, "sort_order": order * 10},
        )
