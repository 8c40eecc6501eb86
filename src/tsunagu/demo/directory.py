"""The demo municipality's 圏域, issue catalogue, organizations (機関) and staff (職員).

Rules:
* Every ``accounts.Role`` has a login ``demo-<role>``; three more consultation logins sit at
  the disability, children and poverty agencies so referrals can be tried between them.
* All demo logins share ``DEMO_PASSWORD``; it is hashed once (argon2 is slow on purpose).
* Each demo login has a confirmed TOTP device whose secret is derived from the username, so
  the codes shown on the login page (``TSUNAGU_DEMO_SHOW_OTP``) work after every rebuild.
* Each organization also has 2–4 ordinary staff (``staff-<slug>-<n>``) with no usable
  password; they appear as the staff who received and recorded things.
* Lookups are idempotent (update_or_create), so generation works on a fresh or flushed db.
"""

import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from tsunagu.accounts.models import Field, Organization, Program, Role, User
from tsunagu.accounts.selectors import DEMO_PASSWORD
from tsunagu.accounts.totp import demo_totp_key
from tsunagu.consultations.catalogue import catalogue_ensure
from tsunagu.consultations.models import IssueCategory
from tsunagu.core.models import Area
from tsunagu.demo.names import AREAS, SURNAMES

F, P = Field, Program

# key, slug, name, kana, fields, programs, area code, phone, address
ORGANIZATIONS: tuple[tuple[str, str, str, str, list[str], list[str], str, str, str], ...] = (
    (
        "city",
        "city",
        "みどり市役所 福祉政策課",
        "ミドリシヤクショ フクシセイサクカ",
        [F.OTHER],
        [P.COORDINATION, P.COMMUNITY],
        "",
        "049-200-1111",
        "みどり市本町1丁目1番1号",
    ),
    (
        "shakyo",
        "shakyo",
        "みどり市社会福祉協議会",
        "ミドリシ シャカイフクシキョウギカイ",
        [F.OTHER],
        [P.COORDINATION, P.OUTREACH, P.PARTICIPATION, P.COMMUNITY],
        "",
        "049-200-2941",
        "みどり市本町2丁目8番3号 みどり市総合福祉センター内",
    ),
    (
        "north",
        "north-houkatsu",
        "北部地域包括支援センター",
        "ホクブ チイキホウカツシエンセンター",
        [F.ELDERLY],
        [P.CONSULTATION],
        "north",
        "049-201-3650",
        "みどり市北山町2丁目14番6号",
    ),
    (
        "south",
        "south-houkatsu",
        "南部地域包括支援センター",
        "ナンブ チイキホウカツシエンセンター",
        [F.ELDERLY],
        [P.CONSULTATION],
        "south",
        "049-202-3650",
        "みどり市南台3丁目5番12号",
    ),
    (
        "disability",
        "disability",
        "障害者相談支援センターみどり",
        "ショウガイシャソウダンシエンセンター ミドリ",
        [F.DISABILITY],
        [P.CONSULTATION],
        "",
        "049-200-4150",
        "みどり市中町1丁目6番2号",
    ),
    (
        "children",
        "children",
        "みどり市こども家庭センター",
        "ミドリシ コドモカテイセンター",
        [F.CHILDREN],
        [P.CONSULTATION],
        "",
        "049-200-4152",
        "みどり市本町1丁目1番1号 市役所2階",
    ),
    (
        "poverty",
        "life-support",
        "生活サポートセンターみどり",
        "セイカツサポートセンター ミドリ",
        [F.POVERTY],
        [P.CONSULTATION, P.PARTICIPATION],
        "",
        "049-200-5510",
        "みどり市駅前1丁目3番10号",
    ),
    (
        "health",
        "health",
        "みどり市保健センター",
        "ミドリシ ホケンセンター",
        [F.HEALTH],
        [],
        "",
        "049-200-6211",
        "みどり市栄町3丁目2番1号",
    ),
    (
        "npo",
        "hidamari",
        "NPO法人 居場所ひだまり",
        "エヌピーオーホウジン イバショヒダマリ",
        [F.OTHER, F.EMPLOYMENT],
        [P.PARTICIPATION, P.COMMUNITY],
        "east",
        "049-203-7788",
        "みどり市東町1丁目9番4号",
    ),
    (
        "education",
        "education",
        "みどり市教育委員会 学校教育課",
        "ミドリシキョウイクイインカイ ガッコウキョウイクカ",
        [F.EDUCATION],
        [],
        "",
        "049-200-8301",
        "みどり市本町1丁目1番1号 市役所4階",
    ),
)

# username, role, organization key, display name. Ordered as the login page lists them.
DEMO_USERS: tuple[tuple[str, str, str, str], ...] = (
    ("demo-admin", Role.MUNICIPAL_ADMIN, "city", "大西 真理子"),
    ("demo-coordinator", Role.COORDINATOR, "shakyo", "松井 健一"),
    ("demo-consultation", Role.CONSULTATION, "north", "佐野 美咲"),
    ("demo-outreach", Role.OUTREACH, "shakyo", "久保 亮"),
    ("demo-participation", Role.PARTICIPATION, "poverty", "福島 彩"),
    ("demo-community", Role.COMMUNITY, "shakyo", "島田 直樹"),
    ("demo-auditor", Role.AUDITOR, "city", "望月 聡"),
    ("demo-disability", Role.CONSULTATION, "disability", "河野 由佳"),
    ("demo-children", Role.CONSULTATION, "children", "野村 千尋"),
    ("demo-poverty", Role.CONSULTATION, "poverty", "荒木 大輔"),
)

# The role of ordinary staff, by organization.
STAFF_ROLES: dict[str, str] = {
    "city": Role.MUNICIPAL_ADMIN,
    "shakyo": Role.COORDINATOR,
    "npo": Role.PARTICIPATION,
}
STAFF_GIVEN = (
    "美咲",
    "健",
    "さやか",
    "翔",
    "真弓",
    "拓海",
    "理恵",
    "聡子",
    "悠",
    "和樹",
    "智美",
    "誠",
)
NON_RECORDING_ROLES = (Role.AUDITOR, Role.MUNICIPAL_ADMIN)


@dataclass
class Staff:
    """The generated staff: demo logins by username and record-keeping staff by organization."""

    demo: dict[str, User] = field(default_factory=dict)
    by_org: dict[str, list[User]] = field(default_factory=dict)

    def pick(self, rng: random.Random, org: str, demo_share: float = 0.5) -> User:
        """A staff member of ``org`` who keeps records; its demo login about ``demo_share``."""
        users = self.by_org[org]
        demos = [u for u in users if u.username.startswith("demo-")]
        if demos and rng.random() < demo_share:
            return rng.choice(demos)
        return rng.choice(users)


def ensure_areas() -> dict[str, Area]:
    """The four 圏域 of みどり市, keyed by code."""
    areas = {}
    for order, (code, name, _towns) in enumerate(AREAS, start=1):
        areas[code], _ = Area.objects.update_or_create(
            code=code, defaults={"name": name, "sort_order": order * 10}
        )
    return areas


def ensure_catalogue() -> dict[str, IssueCategory]:
    """The issue catalogue, reloaded because ``flush`` also empties migration-seeded rows."""
    catalogue_ensure(IssueCategory)
    return {category.code: category for category in IssueCategory.objects.all()}


def create_organizations(areas: dict[str, Area]) -> dict[str, Organization]:
    """The demo network of agencies, keyed by a short key (``north``, ``poverty`` …)."""
    orgs = {}
    for key, _slug, name, kana, fields, programs, area, phone, address in ORGANIZATIONS:
        orgs[key], _ = Organization.objects.update_or_create(
            name=name,
            defaults={
                "name_kana": kana,
                "fields": [str(f) for f in fields],
                "programs": [str(p) for p in programs],
                "area": areas.get(area),
                "phone": phone,
                "address": address,
                "is_active": True,
            },
        )
    return orgs


def _staff_users(rng: random.Random, orgs: dict[str, Organization]) -> list[User]:
    """Unsaved ordinary staff, 2–4 per organization, with Japanese names and no password."""
    unusable = make_password(None)
    users = []
    for key, slug, *_rest in ORGANIZATIONS:
        for n in range(1, rng.randint(2, 4) + 1):
            family, _kana = rng.choice(SURNAMES)
            users.append(
                User(
                    username=f"staff-{slug}-{n}",
                    organization=orgs[key],
                    password=unusable,
                    role=STAFF_ROLES.get(key, Role.CONSULTATION),
                    display_name=f"{family} {rng.choice(STAFF_GIVEN)}",
                )
            )
    return users


def create_staff(rng: random.Random, orgs: dict[str, Organization]) -> Staff:
    """Create the demo logins (one password hash for all) and the ordinary staff."""
    password = make_password(DEMO_PASSWORD)
    demo_users = [
        User(
            username=username,
            role=role,
            organization=orgs[org],
            display_name=name,
            password=password,
        )
        for username, role, org, name in DEMO_USERS
    ]
    created = User.objects.bulk_create(demo_users + _staff_users(rng, orgs))
    staff = Staff(demo={u.username: u for u in created if u.username.startswith("demo-")})
    ensure_demo_devices(list(staff.demo.values()))
    for user in created:
        if user.role in NON_RECORDING_ROLES:
            continue
        key = next(k for k, org in orgs.items() if org.pk == user.organization_id)
        staff.by_org.setdefault(key, []).append(user)
    return staff


def ensure_demo_devices(users: list[User]) -> None:
    """Give each demo login its confirmed TOTP device (idempotent; also fixes older demos)."""
    have = set(
        TOTPDevice.objects.filter(user__in=users, confirmed=True).values_list("user_id", flat=True)
    )
    TOTPDevice.objects.bulk_create(
        TOTPDevice(user=user, name="tsunagu", confirmed=True, key=demo_totp_key(user.username))
        for user in users
        if user.pk not in have
    )
