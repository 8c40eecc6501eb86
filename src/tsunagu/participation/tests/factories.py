import factory

from tsunagu.participation.models import Resource


class ResourceFactory(factory.django.DjangoModelFactory):
    """A farm taking two people on Monday and Wednesday mornings, with short hours."""

    class Meta:
        model = Resource

    name = factory.Sequence(lambda n: f"野菜の収穫体験{n}")
    host_name = "農園みどりの丘"
    host_type = "farm"
    categories = factory.LazyFunction(lambda: ["farming", "work_experience"])
    accommodations = factory.LazyFunction(lambda: ["short_hours", "little_talk", "visit_ok"])
    days = factory.LazyFunction(lambda: ["mon", "wed"])
    time_slots = factory.LazyFunction(lambda: ["morning"])
    capacity = 2
