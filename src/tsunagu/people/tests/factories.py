import datetime

import factory

from tsunagu.accounts.tests.factories import OrganizationFactory
from tsunagu.core.kana import normalize_for_search
from tsunagu.people.models import Household, HouseholdMembership, Person, Relation


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organization = factory.SubFactory(OrganizationFactory)
    family_name = "山田"
    given_name = factory.Sequence(lambda n: f"太郎{n}")
    family_name_kana = "ヤマダ"
    given_name_kana = "タロウ"
    birth_date = datetime.date(1950, 4, 1)
    address = "みどり市本町1-2-3"
    name_key = factory.LazyAttribute(lambda p: normalize_for_search(p.family_name + p.given_name))
    kana_key = factory.LazyAttribute(
        lambda p: normalize_for_search(p.family_name_kana + p.given_name_kana)
    )


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"山田世帯{n}")
    address = "みどり市本町1-2-3"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMembership

    household = factory.SubFactory(HouseholdFactory)
    person = factory.SubFactory(PersonFactory)
    relation = Relation.HEAD
    started_on = datetime.date(2020, 4, 1)
