"""The words of participation support: host types, categories, accommodations, days and time
slots. Plain choices with no model, so that ``matching`` (and its benchmark) can use the same
labels without the database."""

from django.db import models


class HostType(models.TextChoices):
    """受け入れ先の種類."""

    WELFARE_FACILITY = "welfare_facility", "社会福祉施設"
    SERVICE_PROVIDER = "service_provider", "福祉サービス事業所"
    COMPANY = "company", "企業"
    SHOP = "shop", "商店"
    FARM = "farm", "農家"
    RESIDENTS = "residents", "住民団体"
    NPO = "npo", "NPO"
    OTHER = "other", "その他"


class Category(models.TextChoices):
    """資源の種類."""

    WORK_EXPERIENCE = "work_experience", "就労体験"
    INTERMEDIATE = "intermediate", "中間的就労"
    CONTINUOUS = "continuous", "就労継続支援"
    HOUSING = "housing", "一時的な住まい"
    LEARNING = "learning", "学習支援"
    PLACE = "place", "居場所"
    GATHERING = "gathering", "通いの場"
    VOLUNTEER = "volunteer", "ボランティア活動"
    WATCHING = "watching", "見守り"
    FARMING = "farming", "農作業"
    CREATIVE = "creative", "ものづくり・創作"
    SPORTS = "sports", "運動・スポーツ"


class Accommodation(models.TextChoices):
    """受け入れの配慮."""

    SHORT_HOURS = "short_hours", "短時間可"
    SMALL_GROUP = "small_group", "少人数"
    LITTLE_TALK = "little_talk", "対人負担の少ない作業"
    VISIT_OK = "visit_ok", "見学可"
    PICKUP = "pickup", "送迎あり"
    FROM_HOME = "from_home", "在宅可"
    MEDICAL = "medical", "服薬・通院への配慮"
    ACCESSIBLE = "accessible", "車いす可"
    QUIET = "quiet", "静かな環境"


class Weekday(models.TextChoices):
    MON = "mon", "月"
    TUE = "tue", "火"
    WED = "wed", "水"
    THU = "thu", "木"
    FRI = "fri", "金"
    SAT = "sat", "土"
    SUN = "sun", "日"


class TimeSlot(models.TextChoices):
    MORNING = "morning", "午前"
    AFTERNOON = "afternoon", "午後"
    EVENING = "evening", "夜間"
