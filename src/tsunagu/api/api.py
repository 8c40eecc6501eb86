"""The open API, ``/api/v1/``: records as the web pages show them, to the systems a municipality
already has. Read-only in this version.

Records: persons, households, consultations, referrals, cases and their support plans,
meetings, outreach, social resources and placements.

* **Authentication** — ``Authorization: Bearer tsg_…``, a token created by a staff member on
  ``/api/tokens/``; the token acts as that staff member (organization and role).
* **The same rules** — every list and record comes through ``privacy.policy`` and writes the
  same audit entries as the page that shows it; a record the token may not see does not exist
  (404), and lists leave it out. Tax information (税情報) is never part of the API.
* **Synchronisation** — lists are ordered by last change and take ``updated_since`` (ISO 8601),
  ``limit`` (1–200) and ``offset``; a page gives the ``next_offset`` to ask for next, null on
  the last page (no total count: it would cost a count of every record on every page).
* **Errors** — RFC 9457 problem details (``application/problem+json``) with a Japanese
  ``title`` and ``detail``.

The OpenAPI 3 schema is served at ``/api/v1/openapi.json`` and read at ``/api/v1/docs``.
"""

from datetime import UTC, date, datetime
from typing import Annotated
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI, Path, Query, Schema
from ninja.errors import AuthenticationError, ValidationError
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer
from pydantic import Field

from tsunagu.api.models import ApiToken, digest_of
from tsunagu.cases.models import Case, Plan, PlanAction
from tsunagu.cases.selectors import case_get_for
from tsunagu.consultations.models import Consultation, Referral
from tsunagu.consultations.selectors import consultation_get_for, referral_get_for
from tsunagu.meetings.selectors import meeting_get_for, meetings_for
from tsunagu.outreach.models import OutreachCase
from tsunagu.outreach.selectors import case_get_for as outreach_case_get_for
from tsunagu.participation.models import Placement, Resource
from tsunagu.participation.selectors import placement_get_for, resource_get
from tsunagu.people.models import Household, HouseholdMembership, Person
from tsunagu.people.selectors import household_get_for, person_get_for
from tsunagu.privacy import policy
from tsunagu.privacy.models import Grant
from tsunagu.privacy.services import audit_record

PROBLEM = "application/problem+json"
# a record number as the database can hold it (a larger one is a 422, not a server error)
RecordId = Annotated[int, Path(ge=1, le=2**63 - 1)]


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        found = (
            ApiToken.objects.select_related("user", "user__organization")
            .filter(digest=digest_of(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


class Japanese(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # noqa: RUF012 - the renderer's own setting


class TsunaguAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """The schema, with error responses declared as problem details (RFC 9457)."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if (
                        str(status) in {"401", "403", "404", "422"}
                        and "application/json" in content
                    ):
                        content[PROBLEM] = content.pop("application/json")
        return schema


api = TsunaguAPI(
    renderer=Japanese(),
    title="tsunagu API",
    version="1",
    description=__doc__,
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


# --- problem details (RFC 9457) ---------------------------------------------------------------


class Problem(Schema):
    type: str = Field(description="問題の種類を示すURI（about:blank は種類を特定しない）")
    title: str
    status: int
    detail: str = ""
    errors: list[dict] = Field(default_factory=list, description="入力の誤り（項目ごと）")


PROBLEMS = {401: Problem, 403: Problem, 404: Problem, 422: Problem}


def problem(request, status: int, title: str, detail: str = "", errors=None) -> HttpResponse:
    response = api.create_response(
        request,
        {
            "type": "about:blank",
            "title": title,
            "status": status,
            "detail": detail,
            "errors": errors or [],
        },
        status=status,
    )
    response["Content-Type"] = PROBLEM
    return response


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    response = problem(
        request,
        401,
        "認証が必要です",
        "有効なAPIトークンを Authorization: Bearer で送ってください。",
    )
    response["WWW-Authenticate"] = 'Bearer realm="tsunagu"'
    return response


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return problem(request, 403, "権限がありません", "この役割ではAPIで記録を読めません。")


@api.exception_handler(Http404)
def not_found(request, exc):
    return problem(request, 404, "見つかりません", "記録がないか、閲覧する権限がありません。")


@api.exception_handler(ValidationError)
def invalid(request, exc):
    errors = [
        {
            "field": ".".join(str(part) for part in error.get("loc", [])[1:]),
            "message": _japanese(error),
        }
        for error in exc.errors
    ]
    return problem(
        request, 422, "入力に誤りがあります", "項目ごとの誤りは errors を見てください。", errors
    )


def _japanese(error: dict) -> str:
    """A validation error in Japanese, by its pydantic type."""
    kind, context = error.get("type", ""), error.get("ctx") or {}
    if kind == "greater_than_equal":
        return f"{context.get('ge')} 以上の値を指定してください。"
    if kind == "less_than_equal":
        return f"{context.get('le')} 以下の値を指定してください。"
    if kind.startswith("int"):
        return "整数で指定してください。"
    if kind.startswith(("datetime", "date")):
        return "日時は ISO 8601 で指定してください（例: 2026-04-01T00:00:00+09:00）。"
    if kind == "missing":
        return "必須の項目です。"
    return "値が正しくありません。"


def _require_records(request) -> None:
    if not request.user.sees_personal_data:
        raise PermissionDenied


# --- paging -----------------------------------------------------------------------------------


class Page(Schema):
    """What every list answers besides its items."""

    next_offset: int | None = Field(description="次のページの offset（最後のページでは null）")


class PageQuery(Schema):
    updated_since: datetime | None = Field(
        None, description="この日時より後に変更された記録だけ（ISO 8601）"
    )
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=10_000_000)


def _in_utc(moment: datetime) -> datetime:
    """The moment in UTC: any offset ISO 8601 allows (+20:32 …) is valid here, while databases
    accept only real ones; a moment beyond the calendar's ends is its end."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        if moment.year < 2:
            return datetime(1, 1, 1, tzinfo=UTC)
        return datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)


def _page(queryset: QuerySet, query: PageQuery) -> tuple[int | None, list]:
    """One page in order of last change, and the offset of the next page (None at the end).

    No exact count: counting every visible record on every page was the main cost of the
    lists in a large city. One record more than asked for tells whether another page follows.
    """
    if query.updated_since is not None:
        queryset = queryset.filter(updated_at__gt=_in_utc(query.updated_since))
    queryset = queryset.order_by("updated_at", "pk")
    found = list(queryset[query.offset : query.offset + query.limit + 1])
    if len(found) > query.limit:
        return query.offset + query.limit, found[: query.limit]
    return None, found


def _listed(request, action: str, records: list, person_ids: list[int] | None = None) -> None:
    if records:
        data = {"ids": [r.pk for r in records]}
        if person_ids is not None:
            data["person_ids"] = sorted(set(person_ids))
        audit_record(actor=request.user, action=action, data=data)


# --- persons ----------------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    organization_id: int
    family_name: str
    given_name: str
    family_name_kana: str
    given_name_kana: str
    birth_date: date | None
    died_on: date | None
    sex: str
    postal_code: str
    address: str
    area_id: int | None
    phone: str
    updated_at: datetime


class PersonPage(Page):
    items: list[PersonOut]


@api.get("/persons", response={200: PersonPage, **PROBLEMS}, tags=["本人"], summary="本人の一覧")
@transaction.atomic
def persons(request, query: Query[PageQuery]):
    _require_records(request)
    next_offset, found = _page(Person.objects.filter(policy.persons_visible(request.user)), query)
    _listed(request, "people.person.listed", found)
    return {"next_offset": next_offset, "items": found}


@api.get(
    "/persons/{person_id}", response={200: PersonOut, **PROBLEMS}, tags=["本人"], summary="本人"
)
def person(request, person_id: RecordId):
    _require_records(request)
    found, _ = person_get_for(user=request.user, person_id=person_id)
    return found


# --- consultations ----------------------------------------------------------------------------


class ConsultationOut(Schema):
    id: int
    organization_id: int
    person_id: int
    received_at: datetime
    channel: str
    main_concern: str
    wishes: str
    urgency: str
    disposition: str
    consent: str
    categories: list[str]
    updated_at: datetime

    @staticmethod
    def resolve_categories(obj: Consultation) -> list[str]:
        return [c.code for c in obj.categories.all()]


class ConsultationPage(Page):
    items: list[ConsultationOut]


@api.get(
    "/consultations",
    response={200: ConsultationPage, **PROBLEMS},
    tags=["相談"],
    summary="相談の一覧",
)
@transaction.atomic
def consultations(request, query: Query[PageQuery]):
    _require_records(request)
    visible = Consultation.objects.filter(policy.consultations_visible(request.user))
    next_offset, found = _page(visible.prefetch_related("categories"), query)
    _listed(request, "consultations.consultation.listed", found)
    return {"next_offset": next_offset, "items": found}


@api.get(
    "/consultations/{consultation_id}",
    response={200: ConsultationOut, **PROBLEMS},
    tags=["相談"],
    summary="相談",
)
def consultation(request, consultation_id: RecordId):
    _require_records(request)
    return consultation_get_for(user=request.user, consultation_id=consultation_id)


# --- cases ------------------------------------------------------------------------------------


class CaseOut(Schema):
    id: int
    organization_id: int
    person_id: int
    title: str
    status: str
    lead_organization_id: int
    opened_at: datetime
    closed_at: datetime | None
    updated_at: datetime


class CasePage(Page):
    items: list[CaseOut]


@api.get("/cases", response={200: CasePage, **PROBLEMS}, tags=["多機関協働"], summary="事例の一覧")
@transaction.atomic
def cases(request, query: Query[PageQuery]):
    _require_records(request)
    next_offset, found = _page(
        Case.objects.filter(policy.visible(request.user, policy.Kind.CASE)), query
    )
    _listed(request, "cases.case.listed", found, [c.person_id for c in found])
    return {"next_offset": next_offset, "items": found}


@api.get(
    "/cases/{case_id}", response={200: CaseOut, **PROBLEMS}, tags=["多機関協働"], summary="事例"
)
def case(request, case_id: RecordId):
    _require_records(request)
    return case_get_for(user=request.user, case_id=case_id)


class PlanActionOut(Schema):
    what: str
    organization_id: int
    due_on: date | None
    status: str


class PlanOut(Schema):
    id: int
    case_id: int
    number: int = Field(description="版")
    status: str
    goal_long: str
    goal_short: str
    policy: str
    participation: str
    monitoring_on: date
    approved_by_meeting_id: int | None
    written_at: datetime
    actions: list[PlanActionOut]

    @staticmethod
    def resolve_approved_by_meeting_id(obj: Plan) -> int | None:
        return obj.approved_by_item.meeting_id if obj.approved_by_item else None

    @staticmethod
    def resolve_actions(obj: Plan) -> list[PlanAction]:
        return list(obj.actions.all())


@api.get(
    "/cases/{case_id}/plans",
    response={200: list[PlanOut], **PROBLEMS},
    tags=["多機関協働"],
    summary="事例の支援プラン（すべての版、新しい順）",
)
def case_plans(request, case_id: RecordId):
    """Every version of the case's 支援プラン with its actions, as the case page shows them
    (and audited as a view of the case)."""
    _require_records(request)
    found = case_get_for(user=request.user, case_id=case_id)
    return list(
        found.plans.select_related("approved_by_item")
        .prefetch_related("actions")
        .order_by("-number")
    )


# --- the social resource directory and placements ---------------------------------------------


class ResourceOut(Schema):
    id: int
    hsds_id: UUID
    name: str
    host_name: str
    host_type: str
    categories: list[str]
    area_id: int | None
    status: str
    capacity: int | None
    updated_at: datetime


class ResourcePage(Page):
    items: list[ResourceOut]


@api.get(
    "/resources",
    response={200: ResourcePage, **PROBLEMS},
    tags=["参加支援"],
    summary="社会資源の一覧",
)
def resources(request, query: Query[PageQuery]):
    _require_records(request)
    next_offset, found = _page(Resource.objects.all(), query)
    return {"next_offset": next_offset, "items": found}


@api.get(
    "/resources/{resource_id}",
    response={200: ResourceOut, **PROBLEMS},
    tags=["参加支援"],
    summary="社会資源",
)
def resource(request, resource_id: RecordId):
    _require_records(request)
    return resource_get(resource_id)


class PlacementOut(Schema):
    id: int
    organization_id: int
    person_id: int
    resource_id: int
    status: str
    next_follow_up_on: date | None
    updated_at: datetime


class PlacementPage(Page):
    items: list[PlacementOut]


@api.get(
    "/placements",
    response={200: PlacementPage, **PROBLEMS},
    tags=["参加支援"],
    summary="参加の一覧",
)
@transaction.atomic
def placements(request, query: Query[PageQuery]):
    _require_records(request)
    next_offset, found = _page(
        Placement.objects.filter(policy.participation_visible(request.user)), query
    )
    if found:
        audit_record(
            actor=request.user,
            action="participation.placement.listed",
            grant=Grant.OWN_ORGANIZATION,
            data={"ids": [p.pk for p in found], "person_ids": sorted({p.person_id for p in found})},
        )
    return {"next_offset": next_offset, "items": found}


@api.get(
    "/placements/{placement_id}",
    response={200: PlacementOut, **PROBLEMS},
    tags=["参加支援"],
    summary="参加",
)
def placement(request, placement_id: RecordId):
    _require_records(request)
    return placement_get_for(user=request.user, placement_id=placement_id)


# --- households --------------------------------------------------------------------------------


class MemberOut(Schema):
    person_id: int
    relation: str
    started_on: date
    ended_on: date | None


class HouseholdOut(Schema):
    id: int
    organization_id: int
    name: str
    address: str
    area_id: int | None
    members: list[MemberOut]
    updated_at: datetime

    @staticmethod
    def resolve_members(obj: Household) -> list[HouseholdMembership]:
        return list(obj.memberships.all())


class HouseholdPage(Page):
    items: list[HouseholdOut]


@api.get(
    "/households", response={200: HouseholdPage, **PROBLEMS}, tags=["本人"], summary="世帯の一覧"
)
@transaction.atomic
def households(request, query: Query[PageQuery]):
    _require_records(request)
    visible = Household.objects.filter(policy.households_visible(request.user))
    next_offset, found = _page(visible.prefetch_related("memberships"), query)
    _listed(request, "people.household.listed", found)
    return {"next_offset": next_offset, "items": found}


@api.get(
    "/households/{household_id}",
    response={200: HouseholdOut, **PROBLEMS},
    tags=["本人"],
    summary="世帯",
)
def household(request, household_id: RecordId):
    _require_records(request)
    return household_get_for(user=request.user, household_id=household_id)


# --- referrals ---------------------------------------------------------------------------------


class ReferralOut(Schema):
    id: int
    from_organization_id: int
    to_organization_id: int
    person_id: int | None = Field(description="本人の同意がつなぎ先を含むときだけ")
    status: str
    reason: str
    sent_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_person_id(obj: Referral) -> int | None:
        return obj.person_id if getattr(obj, "shows_person", False) else None


class ReferralPage(Page):
    items: list[ReferralOut]


def _shows_person(request, referral: Referral) -> Referral:
    referral.shows_person = policy.referral_shows_person(request.user, referral)
    return referral


@api.get(
    "/referrals", response={200: ReferralPage, **PROBLEMS}, tags=["相談"], summary="つなぎの一覧"
)
@transaction.atomic
def referrals(request, query: Query[PageQuery]):
    _require_records(request)
    visible = Referral.objects.filter(policy.referrals_visible(request.user))
    next_offset, found = _page(visible, query)
    found = policy.referrals_showing_persons(request.user, found)
    _listed(request, "consultations.referral.listed", found)
    return {"next_offset": next_offset, "items": found}


@api.get(
    "/referrals/{referral_id}",
    response={200: ReferralOut, **PROBLEMS},
    tags=["相談"],
    summary="つなぎ",
)
def referral(request, referral_id: RecordId):
    _require_records(request)
    return _shows_person(request, referral_get_for(user=request.user, referral_id=referral_id))


# --- meetings ----------------------------------------------------------------------------------


class MeetingOut(Schema):
    id: int
    kind: str
    title: str
    organization_id: int
    scheduled_at: datetime
    status: str
    updated_at: datetime


class MeetingPage(Page):
    items: list[MeetingOut]


@api.get(
    "/meetings", response={200: MeetingPage, **PROBLEMS}, tags=["多機関協働"], summary="会議の一覧"
)
def meetings(request, query: Query[PageQuery]):
    """Meetings the token's staff member takes part in or their organization hosts (their
    agendas and minutes are not part of the API)."""
    _require_records(request)
    next_offset, found = _page(meetings_for(request.user), query)
    return {"next_offset": next_offset, "items": found}


@api.get(
    "/meetings/{meeting_id}",
    response={200: MeetingOut, **PROBLEMS},
    tags=["多機関協働"],
    summary="会議",
)
def meeting(request, meeting_id: RecordId):
    _require_records(request)
    return meeting_get_for(user=request.user, meeting_id=meeting_id)


# --- outreach ----------------------------------------------------------------------------------


class OutreachOut(Schema):
    id: int
    organization_id: int
    person_id: int | None
    label: str
    stage: str
    opened_on: date
    last_contact_on: date | None
    first_met_on: date | None
    area_id: int | None
    updated_at: datetime


class OutreachPage(Page):
    items: list[OutreachOut]


@api.get(
    "/outreach",
    response={200: OutreachPage, **PROBLEMS},
    tags=["アウトリーチ"],
    summary="アウトリーチの対象の一覧",
)
@transaction.atomic
def outreach_cases(request, query: Query[PageQuery]):
    _require_records(request)
    next_offset, found = _page(
        OutreachCase.objects.filter(policy.outreach_visible(request.user)), query
    )
    _listed(request, "outreach.case.listed", found, [c.person_id for c in found if c.person_id])
    return {"next_offset": next_offset, "items": found}


@api.get(
    "/outreach/{outreach_id}",
    response={200: OutreachOut, **PROBLEMS},
    tags=["アウトリーチ"],
    summary="アウトリーチの対象",
)
def outreach_case(request, outreach_id: RecordId):
    _require_records(request)
    return outreach_case_get_for(user=request.user, case_id=outreach_id)
