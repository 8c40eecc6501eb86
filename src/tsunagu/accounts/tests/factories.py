import factory

from tsunagu.accounts.models import Organization, Role, User

PASSWORD = "correct-horse-battery"  # noqa: S105


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"テスト相談支援機関{n}")
    fields = ["other"]
    programs = ["consultation"]
    phone = "0120-000-000"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    display_name = factory.Sequence(lambda n: f"職員 {n}")
    email = factory.Sequence(lambda n: f"staff{n}@example.com")
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.CONSULTATION
    password = factory.django.Password(PASSWORD)
