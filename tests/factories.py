"""factory_boy factories for the object graphs tests need. Names and addresses are invented."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from fanzha.accounts.models import Role, User
from fanzha.people.models import Household, Organisation, Resident
from fanzha.places.models import Assignment, County, Grid, PoliceStation, TenHouseholdGroup, Township, Village


class CountyFactory(DjangoModelFactory):
    class Meta:
        model = County
        django_get_or_create = ("name",)

    name = "测试县"
    full_name = "测试州测试县"


class TownshipFactory(DjangoModelFactory):
    class Meta:
        model = Township

    county = factory.SubFactory(CountyFactory)
    name = factory.Sequence(lambda n: f"第{n}镇")


class VillageFactory(DjangoModelFactory):
    class Meta:
        model = Village

    township = factory.SubFactory(TownshipFactory)
    name = factory.Sequence(lambda n: f"和美{n}村")


class GridFactory(DjangoModelFactory):
    class Meta:
        model = Grid

    village = factory.SubFactory(VillageFactory)
    name = factory.Sequence(lambda n: f"第{n}网格")


class GroupFactory(DjangoModelFactory):
    class Meta:
        model = TenHouseholdGroup

    village = factory.SubFactory(VillageFactory)
    name = factory.Sequence(lambda n: f"第{n}十户一体组")


class StationFactory(DjangoModelFactory):
    class Meta:
        model = PoliceStation

    county = factory.SubFactory(CountyFactory)
    name = factory.Sequence(lambda n: f"第{n}派出所")


class HouseholdFactory(DjangoModelFactory):
    class Meta:
        model = Household

    village = factory.SubFactory(VillageFactory)
    address = factory.Sequence(lambda n: f"幸福路{n}号")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    township = factory.SubFactory(TownshipFactory)
    name = factory.Sequence(lambda n: f"示例单位{n}")


def _phone(n: int) -> str:
    return f"+86139{n:08d}"


class ResidentFactory(DjangoModelFactory):
    class Meta:
        model = Resident

    household = factory.SubFactory(HouseholdFactory)
    village = factory.SelfAttribute("household.village")
    name = factory.Sequence(lambda n: f"测试居民{n}")
    gender = "F"
    phone = factory.Sequence(_phone)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    role = Role.COMMUNITY_OFFICER
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()


def assign(user: User, place: object) -> Assignment:
    field = {County: "county", Village: "village", Township: "township", PoliceStation: "station", Grid: "grid"}[
        type(place)
    ]
    return Assignment.objects.create(user=user, role=user.role, **{field: place})


class AlertFactory(DjangoModelFactory):
    """An alert as the database holds it, without routing or notifications (use the API or
    `alerts.services.alert_intake` to test those). Deadlines follow the default high-level policy."""

    class Meta:
        model = "alerts.Alert"

    external_id = factory.Sequence(lambda n: f"TEST-{n:06d}")
    source = "province"
    level = "high"
    fraud_type = "impersonate_authority"
    status = "assigned"
    village = factory.SubFactory(VillageFactory)
    township = factory.SelfAttribute("village.township")
    routing_method = "address"
    received_at = factory.LazyFunction(timezone.now)
    contact_deadline = factory.LazyAttribute(lambda a: a.received_at + timedelta(minutes=5))
    visit_deadline = factory.LazyAttribute(lambda a: a.received_at + timedelta(minutes=30))
