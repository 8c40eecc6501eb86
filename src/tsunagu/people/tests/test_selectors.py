import pytest

from tsunagu.people import services
from tsunagu.people.selectors import person_search_for
from tsunagu.privacy.models import AuditEvent


@pytest.fixture
def yamada(caseworker):
    return services.person_create(
        organization=caseworker.organization,
        created_by=caseworker,
        family_name="山田",
        given_name="太郎",
        family_name_kana="ヤマダ",
        given_name_kana="タロウ",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["ﾔﾏﾀﾞ ﾀﾛｳ", "やまだたろう", "山田　太郎", "山田太郎", "ヤマダ", "ﾀﾛｳ", " 太郎 "]
)
def test_search_finds_a_person_by_kanji_or_kana_in_any_width_or_spacing(caseworker, yamada, query):
    assert person_search_for(user=caseworker, query=query) == [yamada]


@pytest.mark.django_db
def test_search_does_not_find_other_names(caseworker, yamada):
    assert person_search_for(user=caseworker, query="さとう") == []


@pytest.mark.django_db
def test_search_never_returns_another_organizations_person(outsider, yamada):
    # when the outsider searches the exact name
    found = person_search_for(user=outsider, query="山田太郎")
    # then nothing, and no read is logged for a record they did not see
    assert found == []
    assert not AuditEvent.objects.filter(action="people.person.listed").exists()


@pytest.mark.django_db
def test_search_logs_ids_but_not_the_query(caseworker, yamada):
    person_search_for(user=caseworker, query="やまだ")
    event = AuditEvent.objects.get(action="people.person.listed")
    assert event.data == {"ids": [yamada.pk]}
