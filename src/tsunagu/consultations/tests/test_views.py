import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from tsunagu.consultations.models import Activity, Consultation, Referral, ReferralStatus
from tsunagu.consultations.tests.factories import (
    ActivityFactory,
    ConsultationFactory,
    ReferralFactory,
)
from tsunagu.people.models import Person
from tsunagu.people.tests.factories import PersonFactory
from tsunagu.privacy.models import AuditEvent


def _post_data(**overrides):
    data = {
        "submission_token": str(uuid.uuid4()),
        "received_at": "2026-11-20T10:30",
        "channel": "counter",
        "housing": "rented",
        "main_concern": "息子が10年以上家から出ていない",
        "urgency": "high",
        "consent": "given",
        "disposition": "continue",
        "person-family_name": "佐藤",
        "person-given_name": "正",
        "person-family_name_kana": "サトウ",
        "person-given_name_kana": "タダシ",
        "person-birth_date": "昭和16年4月1日",
    }
    return data | overrides


@pytest.mark.django_db
def test_intake_with_referral_creates_both_and_shows_the_consultation(
    client, caseworker, other_org
):
    client.force_login(caseworker)
    response = client.post(
        reverse("consultations:create"),
        _post_data(
            disposition="refer",
            refer_to=other_org.pk,
            referral_reason="障害の相談支援をお願いします",
        ),
    )
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("consultations:detail", args=[consultation.pk])
    assert consultation.person.birth_date.isoformat() == "1941-04-01"
    assert Referral.objects.get().to_organization == other_org


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        ({"main_concern": "   "}, "主訴を入力してください。"),
        ({"person-birth_date": "令和99年1月1日"}, "未来の日付は入力できません。"),
        ({"person-birth_date": "光文3年1月1日"}, "知らない元号"),
        ({"person-family_name_kana": "sato"}, "フリガナはカタカナ"),
        ({"wishes": "番号は 1234 5678 9018 です"}, "個人番号"),
        ({"disposition": "refer"}, "つなぎ先の機関を選んでください。"),
    ],
)
def test_invalid_intake_shows_the_error_at_the_field_and_saves_nothing(
    client, caseworker, overrides, field_error
):
    client.force_login(caseworker)
    response = client.post(reverse("consultations:create"), _post_data(**overrides))
    assert response.status_code == 400
    assert field_error in response.content.decode()
    assert not Consultation.objects.exists()
    assert not Person.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_referral_to_an_organization_without_coordination_is_refused(client, caseworker, other_org):
    client.force_login(caseworker)
    response = client.post(
        reverse("consultations:create"),
        _post_data(disposition="coordination", refer_to=other_org.pk, referral_reason="多機関で"),
    )
    assert response.status_code == 400
    assert "多機関協働事業を実施していません" in response.content.decode()
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_double_submit_saves_once(client, caseworker):
    client.force_login(caseworker)
    data = _post_data()
    client.post(reverse("consultations:create"), data)
    response = client.post(reverse("consultations:create"), data, follow=True)
    assert Consultation.objects.count() == 1
    assert "すでに登録されています" in response.content.decode()


@pytest.mark.django_db
def test_recipient_accepts_from_the_inbox(client, caseworker, outsider):
    referral = ReferralFactory(
        person=PersonFactory(organization=caseworker.organization, family_name="田中"),
        to_organization=outsider.organization,
        sent_by=caseworker,
    )
    client.force_login(outsider)
    home = client.get(reverse("home")).content.decode()
    assert "田中" in home
    client.post(reverse("consultations:referral_accept", args=[referral.pk]))
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


@pytest.mark.django_db
def test_home_and_my_work_list_the_newest_awaiting_referrals_and_count_them_all(
    client, caseworker, outsider
):
    from datetime import timedelta

    from tsunagu.consultations.selectors import AWAITING_LISTED

    # given more referrals awaiting the organization's answer than the home page lists, and
    # one it has answered
    now = timezone.now()
    waiting = [
        ReferralFactory(
            to_organization=outsider.organization,
            sent_by=caseworker,
            sent_at=now - timedelta(hours=n),
        )
        for n in range(AWAITING_LISTED + 3)
    ]
    ReferralFactory(
        to_organization=outsider.organization, sent_by=caseworker, status=ReferralStatus.ACCEPTED
    )
    client.force_login(outsider)
    for url in (reverse("home"), reverse("cases:my_work")):
        body = client.get(url).content.decode()
        # then the newest are listed, with the number awaiting and the way to the rest
        shown = {r.pk for r in waiting if f"/referrals/{r.pk}/" in body}
        assert shown == {r.pk for r in waiting[:AWAITING_LISTED]}, url
        assert f"{AWAITING_LISTED + 3}件" in body
        assert "受理待ちの残り3件はつなぎの一覧で" in body
    # and the inbox lists every one
    inbox = client.get(reverse("consultations:referral_inbox")).content.decode()
    assert all(f"/referrals/{r.pk}/" in inbox for r in waiting)


@pytest.mark.django_db
def test_sender_cannot_accept_its_own_referral(client, caseworker, outsider):
    referral = ReferralFactory(
        person=PersonFactory(organization=caseworker.organization),
        to_organization=outsider.organization,
        sent_by=caseworker,
    )
    client.force_login(caseworker)
    response = client.post(
        reverse("consultations:referral_accept", args=[referral.pk]), follow=True
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    assert "依頼先の機関の職員だけ" in response.content.decode()


@pytest.mark.django_db
def test_a_third_organization_cannot_see_or_answer_a_referral(
    client, caseworker, outsider, coordination_org
):
    from tsunagu.accounts.tests.factories import UserFactory

    referral = ReferralFactory(
        person=PersonFactory(organization=caseworker.organization),
        to_organization=outsider.organization,
        sent_by=caseworker,
    )
    stranger = UserFactory(organization=coordination_org)
    client.force_login(stranger)
    assert (
        client.get(reverse("consultations:referral_detail", args=[referral.pk])).status_code == 404
    )
    assert (
        client.post(reverse("consultations:referral_accept", args=[referral.pk])).status_code == 404
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


@pytest.mark.django_db
def test_recipient_without_consent_sees_the_request_but_not_the_person(
    client, caseworker, outsider
):
    referral = ReferralFactory(
        person=PersonFactory(organization=caseworker.organization, family_name="匿名希望"),
        to_organization=outsider.organization,
        sent_by=caseworker,
        consented=False,
    )
    client.force_login(outsider)
    body = client.get(reverse("consultations:referral_detail", args=[referral.pk])).content.decode()
    assert referral.reason in body
    assert "匿名希望" not in body
    assert "本人の情報は共有されていません" in body


@pytest.mark.django_db
def test_activity_is_recorded_and_appears_in_the_timeline_newest_first(client, caseworker):
    person = PersonFactory(organization=caseworker.organization)
    ConsultationFactory(
        person=person,
        main_concern="最初の相談",
        received_at=timezone.now() - timezone.timedelta(days=1),
    )
    client.force_login(caseworker)
    future = client.post(
        reverse("consultations:activity_create", args=[person.pk]),
        {"occurred_at": "2099-01-01T10:00", "kind": "visit", "text": "未来の訪問"},
    )
    assert future.status_code == 400
    assert "未来の日時は入力できません。" in future.content.decode()
    assert not Activity.objects.exists()
    client.post(
        reverse("consultations:activity_create", args=[person.pk]),
        {
            "occurred_at": "2099-01-01T10:00".replace("2099", "2000"),
            "kind": "visit",
            "text": "昔の訪問",
        },
    )
    client.post(
        reverse("consultations:activity_create", args=[person.pk]),
        {
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "kind": "phone",
            "text": "今日の電話",
        },
    )
    timeline = client.get(
        reverse("consultations:person_timeline", args=[person.pk])
    ).content.decode()
    assert timeline.index("今日の電話") < timeline.index("最初の相談") < timeline.index("昔の訪問")


@pytest.mark.django_db
def test_timeline_includes_household_members_records(client, caseworker):
    from tsunagu.people.tests.factories import HouseholdFactory, MembershipFactory

    household = HouseholdFactory(organization=caseworker.organization)
    mother = MembershipFactory(
        household=household, person__organization=caseworker.organization
    ).person
    son = MembershipFactory(
        household=household,
        relation="child",
        person__organization=caseworker.organization,
        person__given_name="一郎",
    ).person
    ActivityFactory(person=son, text="息子さんと玄関先で話せた")
    client.force_login(caseworker)
    timeline = client.get(
        reverse("consultations:person_timeline", args=[mother.pk])
    ).content.decode()
    assert "息子さんと玄関先で話せた" in timeline
    assert "世帯員 山田 一郎 さん" in timeline


@pytest.mark.django_db
def test_municipal_administrator_sees_figures_but_no_names_on_the_home_page(client, home_org):
    # given consultations recorded this month at two organizations
    from tsunagu.accounts.models import Role
    from tsunagu.accounts.tests.factories import OrganizationFactory, UserFactory
    from tsunagu.consultations.tests.factories import ConsultationFactory

    ConsultationFactory(person__organization=home_org, person__family_name="極秘")
    ConsultationFactory(person__organization=OrganizationFactory(), channel="visit")
    admin = UserFactory(organization=home_org, role=Role.MUNICIPAL_ADMIN)
    client.force_login(admin)
    # when the municipal administrator opens the home page
    body = client.get(reverse("home")).content.decode()
    # then the municipality-wide counts show, and no person's name
    assert "今年度の新規相談" in body
    assert "<dd>2件</dd>" in body
    assert "極秘" not in body


@pytest.mark.django_db
def test_staff_flag_an_activity_as_tax_information_and_no_other_organization_sees_it(
    client, caseworker, outsider
):
    # given a person of the caseworker's organization, referred to the outsider with consent
    from tsunagu.consultations.models import Activity
    from tsunagu.consultations.tests.factories import ReferralFactory
    from tsunagu.people.tests.factories import PersonFactory

    person = PersonFactory(organization=caseworker.organization)
    ReferralFactory(person=person, to_organization=outsider.organization)
    client.force_login(caseworker)
    # when the caseworker records an activity flagged 税情報
    response = client.post(
        reverse("consultations:activity_create", args=[person.pk]),
        {
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "kind": "phone",
            "text": "税務課に住民税の分納を相談",
            "contains_tax_information": "on",
        },
    )
    assert response.status_code == 302
    assert Activity.objects.get().contains_tax_information
    # then the recipient of the referral, who sees the person, never sees that activity
    client.force_login(outsider)
    timeline = client.get(reverse("consultations:person_timeline", args=[person.pk]))
    assert timeline.status_code == 200
    assert "住民税の分納" not in timeline.content.decode()


@pytest.mark.django_db
def test_home_lists_todays_newest_activities_and_the_days_page_lists_them_all(
    client, caseworker, outsider
):
    from datetime import timedelta

    from tsunagu.consultations.selectors import TODAY_LISTED
    from tsunagu.core.clock import day_start

    # given more activities today than the home page lists, one yesterday, and one today at
    # another organization
    morning = day_start(timezone.localdate()) + timedelta(hours=8)
    today = [
        ActivityFactory(
            person=PersonFactory(organization=caseworker.organization, family_name=f"本日{n:02}"),
            occurred_at=morning + timedelta(minutes=n),
        )
        for n in range(TODAY_LISTED + 2)
    ]
    ActivityFactory(
        person=PersonFactory(organization=caseworker.organization, family_name="昨日"),
        occurred_at=morning - timedelta(days=1),
    )
    ActivityFactory(person=PersonFactory(organization=outsider.organization, family_name="他機関"))
    client.force_login(caseworker)
    # when the caseworker opens the home page
    home = client.get(reverse("home")).content.decode()
    # then the newest are listed, newest first, with the day's count and the way to the rest
    newest = [f"本日{n:02}" for n in range(TODAY_LISTED + 1, 1, -1)]
    assert all(name in home for name in newest)
    assert home.index(newest[0]) < home.index(newest[-1])
    assert "本日00" not in home and "本日01" not in home
    assert f"{TODAY_LISTED + 2}件" in home
    assert "今日の支援経過をすべて表示（残り2件）" in home
    # and the day's page lists every one of today's, and nothing else
    day = client.get(reverse("consultations:activities_today"))
    body = day.content.decode()
    assert all(f"本日{n:02}" in body for n in range(TODAY_LISTED + 2))
    assert "昨日" not in body and "他機関" not in body
    # and the read is audited with the activities it showed
    entry = AuditEvent.objects.filter(action="consultations.activity.listed").latest("sequence")
    assert sorted(entry.data["ids"]) == sorted(a.pk for a in today)


@pytest.mark.django_db
def test_the_days_activities_are_refused_to_the_municipal_administrator(client, home_org):
    from tsunagu.accounts.models import Role
    from tsunagu.accounts.tests.factories import UserFactory

    # given an activity today and the municipal administrator
    ActivityFactory(person=PersonFactory(organization=home_org, family_name="極秘"))
    admin = UserFactory(organization=home_org, role=Role.MUNICIPAL_ADMIN)
    client.force_login(admin)
    # when they open the day's activities
    response = client.get(reverse("consultations:activities_today"))
    # then it is refused, nothing is listed, and the refusal is audited
    assert response.status_code == 403
    assert "極秘" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="consultations.activity.listed").exists()
    assert AuditEvent.objects.filter(allowed=False, actor=admin).exists()
