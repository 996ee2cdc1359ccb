"""The gazetteer reads addresses as people write them, one kind of noise at a time, and rebuilds
itself when the county's places change."""

import pytest

from fanzha.alerts.routing import Gazetteer, current_gazetteer
from fanzha.alerts.routing.noisy import NOISE_KINDS, NoisyAddressSet
from tests.factories import TownshipFactory, VillageFactory

TOWNSHIPS = [(1, "共和镇"), (2, "新桥镇"), (3, "凤屯镇"), (4, "安乐乡")]
VILLAGES = [
    (11, 1, "天台社区"),
    (12, 1, "共和社区"),
    (13, 1, "大坝村"),
    (14, 1, "小屯村"),
    (15, 1, "中屯社区"),
    (21, 2, "新桥社区"),
    (22, 2, "上大坝村"),
    (23, 2, "大村村"),
    (24, 2, "新村村"),
    (31, 3, "凤屯社区"),
    (32, 3, "小屯村"),
    (33, 3, "安乐村"),
    (41, 4, "安乐社区"),
    (42, 4, "华龙村"),
]


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer(townships=TOWNSHIPS, villages=VILLAGES, regions=["楚雄彝族自治州牟定县"])


@pytest.mark.parametrize(
    ("kind", "address", "village"),
    [
        ("clean", "云南省楚雄彝族自治州牟定县共和镇天台社区3组12号", 11),
        ("no_county", "共和镇天台社区3组12号", 11),
        ("no_town", "牟定县天台社区3组12号", 11),
        ("short_forms", "牟定共和天台3组12号", 11),
        ("short_forms", "牟定共和共和8组87号", 12),
        ("suffix", "共和镇天台社区居委会", 11),
        ("suffix", "牟定县天台村委会上村村民小组", 11),
        ("suffix", "共和镇大坝村民委员会", 13),
        ("suffix", "共和镇天台大村社5号", 11),
        ("house_number", "共和镇天台社区建设路18号附2号", 11),
        ("house_number", "共和镇天台社区3栋2单元401室", 11),
        ("wrong_char", "共和镇天苔社区12号", 11),
        ("wrong_char", "共禾镇天台社区12号", 11),
        ("missing_char", "共和镇台社区12号", 11),
        ("missing_char", "新桥镇大坝村", 22),
        ("combined", "牟定新桥大坝村委会", 22),
    ],
)
def test_each_kind_of_noise_still_finds_the_village(gazetteer, kind, address, village):
    assert gazetteer.match(address).village_id == village, (kind, gazetteer.match(address).explanation)


def test_the_kind_of_committee_tells_namesakes_apart(gazetteer):
    assert gazetteer.match("牟定县安乐村12号").village_id == 33
    assert gazetteer.match("牟定县安乐社区12号").village_id == 41


def test_a_township_disambiguates_a_shared_village_name(gazetteer):
    assert gazetteer.match("凤屯镇小屯村").village_id == 32
    assert gazetteer.match("共和镇小屯村").village_id == 14


def test_a_shared_name_without_a_township_is_not_guessed(gazetteer):
    match = gazetteer.match("牟定县小屯村8号")
    assert match.village_id is None and set(match.candidates) == {14, 32}
    assert "无法确定" in match.explanation


def test_the_township_alone_is_an_answer(gazetteer):
    match = gazetteer.match("共和镇人民路8号")
    assert (match.township_id, match.village_id) == (1, None)


def test_a_group_named_like_a_village_is_not_that_village(gazetteer):
    # 大村社 is a group (社) called 大村 inside 天台社区, not the 大村村 of 新桥镇.
    assert gazetteer.match("共和镇天台社区大村社5号").village_id == 11
    assert gazetteer.match("共和镇大村社5号").village_id is None


def test_an_address_from_elsewhere_matches_nothing(gazetteer):
    match = gazetteer.match("北京市朝阳区建国路88号")
    assert (match.township_id, match.village_id) == (None, None)


def test_noisy_set_is_routed_correctly_per_noise_kind(gazetteer):
    items = list(NoisyAddressSet(gazetteer, county_names=("牟定县", "牟定"), seed=7).generate(per_kind=150))
    assert {a.kind for a in items} == set(NOISE_KINDS)
    for kind in NOISE_KINDS:
        subset = [a for a in items if a.kind == kind]
        correct = sum(
            gazetteer.match(a.text).village_id
            in ({a.village_id, None} if a.expected_village_id is None else {a.village_id})
            for a in subset
        )
        assert correct / len(subset) >= 0.98, kind


@pytest.mark.django_db
def test_the_gazetteer_is_rebuilt_when_places_change(world):
    assert current_gazetteer().match("甲镇东山村").village_id == world.village_a1.pk
    world.village_a1.name = "东岭村"
    world.village_a1.save()
    assert current_gazetteer().match("甲镇东岭村").village_id == world.village_a1.pk
    added = VillageFactory(township=TownshipFactory(county=world.township_a.county, name="丁乡"), name="石门村")
    assert current_gazetteer().match("丁乡石门村").village_id == added.pk
