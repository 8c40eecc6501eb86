"""The status lifecycle of a case, after the guidance's support flow (支援の流れ).

    受付 → アセスメント → プラン策定 → 支援中 ⇄ モニタリング → 再プラン / 終結 / 中断
    and, from the early stages or monitoring, 包括的相談支援へ戻す.

Some steps need a decision of a 重層的支援会議 on an agenda item of this case: the plan
becomes active (支援中) only once approved, a re-plan likewise, and termination and suspension
need their own decision. Starting to re-plan (再プラン) needs none: the new plan does.
The plan's approval also needs the municipality's 支援決定 first.
"""

from dataclasses import dataclass

from tsunagu.cases.models import CaseStatus as S
from tsunagu.meetings.models import AgendaPurpose as P

# status → the statuses it may move to
NEXT: dict[str, tuple[str, ...]] = {
    S.RECEIVED: (S.ASSESSMENT, S.RETURNED),
    S.ASSESSMENT: (S.PLANNING, S.RETURNED),
    S.PLANNING: (S.SUPPORT, S.ASSESSMENT),
    S.SUPPORT: (S.MONITORING, S.SUSPENDED),
    S.MONITORING: (S.SUPPORT, S.REPLANNING, S.CLOSED, S.SUSPENDED, S.RETURNED),
    S.REPLANNING: (S.SUPPORT,),
    S.SUSPENDED: (S.ASSESSMENT, S.CLOSED),
    S.CLOSED: (),
    S.RETURNED: (),
}

# (from, to) → the meeting purpose whose approval the step needs, and the status since whose
# last start the approval counts: a plan's approval since planning began, a re-plan's since
# re-planning began, a termination or suspension since the current plan took effect.
NEEDS_DECISION: dict[tuple[str, str], tuple[str, str]] = {
    (S.PLANNING, S.SUPPORT): (P.PLAN, S.PLANNING),
    (S.REPLANNING, S.SUPPORT): (P.REPLAN, S.REPLANNING),
    (S.MONITORING, S.CLOSED): (P.CLOSE, S.SUPPORT),
    (S.SUSPENDED, S.CLOSED): (P.CLOSE, S.SUSPENDED),
    (S.SUPPORT, S.SUSPENDED): (P.SUSPEND, S.SUPPORT),
    (S.MONITORING, S.SUSPENDED): (P.SUSPEND, S.SUPPORT),
}


@dataclass(frozen=True)
class Step:
    """A status the case may move to now, or why it may not yet."""

    to: str
    label: str
    allowed: bool
    reason: str = ""
