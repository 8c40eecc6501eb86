"""The demo's expense ledger (事業費) for this 年度: the programme's staff and running costs,
each under the field whose former subsidy pays for it (一体的執行)."""

from datetime import date

from tsunagu.accounts.models import User
from tsunagu.core.wareki import fiscal_year
from tsunagu.demo.plans import Context
from tsunagu.reports.models import Expense

# programme, source field, amount in yen, what, month of the 年度 (4 = April)
COSTS = (
    ("consultation", "elderly", 4_800_000, "地域包括支援センターの総合相談（委託料 上期）", 4),
    ("consultation", "disability", 3_600_000, "基幹相談支援センターの相談支援（委託料 上期）", 4),
    ("consultation", "children", 2_400_000, "こども家庭センターの利用者支援（人件費 上期）", 4),
    ("consultation", "poverty", 3_000_000, "生活サポートセンターの自立相談支援（委託料 上期）", 4),
    ("coordination", "integrated", 2_900_000, "相談支援包括化推進員 1名（社協 委託料 上期）", 4),
    ("outreach", "integrated", 2_200_000, "アウトリーチ支援員 1名（社協 委託料 上期）", 4),
    (
        "participation",
        "integrated",
        1_500_000,
        "参加支援の体験先の開拓と調整（NPO 委託料 上期）",
        5,
    ),
    ("community", "elderly", 900_000, "通いの場・サロンの運営補助", 6),
    ("community", "children", 400_000, "子ども食堂の立ち上げ補助", 7),
    ("community", "integrated", 300_000, "北部まちづくり円卓会議の運営", 9),
)


def save_expenses(ctx: Context, admin: User) -> None:
    year = fiscal_year(ctx.today)
    for programme, source, amount, description, month in COSTS:
        spent_on = date(year if month >= 4 else year + 1, month, 1)
        if spent_on > ctx.today:
            continue
        Expense.objects.create(
            fiscal_year=year,
            programme=programme,
            source_field=source,
            amount=amount,
            description=description,
            spent_on=spent_on,
            recorded_by=admin,
        )
