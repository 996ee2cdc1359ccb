"""The demo county's places, people and organisations, at a small size."""

from __future__ import annotations

from collections import Counter
from datetime import date

from fanzha.core.ids import validate_id_number
from fanzha.core.phones import normalize_phone
from fanzha.demo.plan import REFERENCE_DATE
from fanzha.people.models import Household, KeyGroup, Organisation, Resident
from fanzha.places.models import County, PoliceStation, TenHouseholdGroup, Township, Village
from tests.demo.conftest import SMALL

REAL_COMMITTEES = {
    "共和镇": ["共丰", "柳丰", "清河", "余丁", "中屯"],
    "凤屯镇": ["河节冲"],
    "江坡镇": ["柜山", "和平"],
    "新桥镇": ["大蒙恩", "杜家庄", "马厂"],
    "蟠猫乡": ["古岩", "联丰"],
    "安乐乡": ["石板", "直苴"],
    "戌街乡": ["伏龙基"],
}


def test_county_has_the_real_towns_townships_and_89_committees(demo: str) -> None:
    county = County.objects.get()
    assert county.is_demo and county.full_name == "楚雄彝族自治州牟定县"
    kinds = dict(Township.objects.values_list("name", "kind"))
    assert kinds == {
        "共和镇": "town",
        "新桥镇": "town",
        "江坡镇": "town",
        "凤屯镇": "town",
        "蟠猫乡": "township",
        "戌街乡": "township",
        "安乐乡": "township",
    }
    assert Village.objects.count() == 89
    names = list(Village.objects.values_list("name", flat=True))
    assert len(set(names)) == 89, "committee names are unique county-wide"
    for township, cores in REAL_COMMITTEES.items():
        in_township = set(Village.objects.filter(township__name=township).values_list("name", flat=True))
        for core in cores:
            assert in_township & {f"{core}村", f"{core}社区"}, f"{core} missing in {township}"
    assert Village.objects.filter(kind=Village.Kind.COMMUNITY).exists()


def test_each_town_has_its_own_police_station(demo: str) -> None:
    for township in Township.objects.all():
        assert list(PoliceStation.objects.filter(townships=township).values_list("name", flat=True)) == [
            f"{township.name[:-1]}派出所"
        ]


def test_every_village_has_grids_and_panmao_has_over_300_groups_whatever_the_size(demo: str) -> None:
    assert not Village.objects.filter(grids__isnull=True).exists()
    assert TenHouseholdGroup.objects.filter(village__township__name="蟠猫乡").count() >= 300
    # Groups with households have a head who lives in one of them.
    for group in TenHouseholdGroup.objects.filter(households__isnull=False).distinct().select_related("head"):
        assert group.head is not None
        assert group.head.household is not None and group.head.household.group_id == group.pk


def test_residents_number_about_what_was_asked_and_live_at_addresses(demo: str) -> None:
    count = Resident.objects.count()
    assert SMALL <= count <= SMALL + 89 * 6
    household = Household.objects.filter(village__name="共丰村").first()
    assert household is not None
    assert household.address.startswith("牟定县共和镇共丰村委会")
    assert household.address.endswith("号") and "组" in household.address
    assert not Household.objects.filter(members__isnull=True).exists()


def test_every_resident_has_a_valid_id_and_a_normalised_unique_phone_from_age_12(demo: str) -> None:
    phones = []
    for r in Resident.objects.all():
        assert validate_id_number(r.id_number) == r.id_number
        assert r.id_number.startswith("532323")
        assert r.birth_date == date(int(r.id_number[6:10]), int(r.id_number[10:12]), int(r.id_number[12:14]))
        assert r.gender == ("M" if int(r.id_number[16]) % 2 else "F")
        if r.phone:
            assert normalize_phone(r.phone) == r.phone
            phones.append(r.phone)
        else:
            assert r.age_on(REFERENCE_DATE) < 12
    assert len(phones) == len(set(phones))
    assert len(phones) > Resident.objects.count() * 0.7


def test_key_groups_follow_age_and_work(demo: str) -> None:
    tagged = Counter(KeyGroup.objects.filter(residents__isnull=False).values_list("code", flat=True))
    assert tagged["elderly"] > 0 and tagged["student"] > 0
    for r in Resident.objects.filter(key_groups__code="elderly"):
        assert r.birth_date is not None and r.birth_date.year <= 1966
    for r in Resident.objects.filter(key_groups__code="teacher"):
        assert r.organisation is not None and r.organisation.kind == Organisation.Kind.SCHOOL
    assert Resident.objects.filter(app_registered_on__isnull=False).exists()


def test_organisations_cover_every_kind_with_a_responsible_person(demo: str) -> None:
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds >= {"government", "school", "enterprise", "hospital", "village_committee"}
    assert Organisation.objects.filter(kind="village_committee").count() == 89
    for org in Organisation.objects.all():
        assert org.responsible_person
        assert normalize_phone(org.responsible_phone) == org.responsible_phone
    assert Resident.objects.filter(organisation__isnull=False).exists()


def test_no_two_members_of_a_household_share_a_name(demo: str) -> None:
    for household in Household.objects.prefetch_related("members"):
        names = [r.name for r in household.members.all()]
        assert len(names) == len(set(names)), household.address
