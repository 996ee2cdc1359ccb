"""Who gets the alert: phone → resident, ID number, a village named by the caller, the address;
then the village's officer, else the township's station chief, else the centre's queue."""

import pytest

from fanzha.accounts.models import Role
from fanzha.alerts.models import Alert
from fanzha.alerts.services import AlertIntake, alert_intake
from fanzha.core.ids import check_digit
from tests.factories import GridFactory, HouseholdFactory, ResidentFactory, UserFactory, VillageFactory, assign

pytestmark = pytest.mark.django_db


def intake(**fields):
    base = {
        "external_id": f"T-{fields.get('victim_phone', '')}-{fields.get('address', '')}-{fields.get('id_number', '')}"
    }
    base.update({"source": "province", "level": "high", "fraud_type": "loan"})
    base.update(fields)
    alert, created = alert_intake(data=AlertIntake(**base), by=None)
    assert created
    return alert


def test_phone_finds_the_resident_and_their_officer(world):
    alert = intake(victim_phone="+86 139-0000-0003")
    assert (alert.resident, alert.village, alert.township) == (world.resident_b1, world.village_b1, world.township_b)
    assert alert.assignee == world.user("officer_b1")
    assert alert.routing_method == Alert.RoutingMethod.PHONE


def test_id_number_is_used_when_the_phone_is_unknown(world):
    number = "53232319900101001" + check_digit("53232319900101001")
    world.resident_a2.id_number = number
    world.resident_a2.save()
    alert = intake(victim_phone="13812345678", id_number=number)
    assert alert.resident == world.resident_a2
    assert alert.routing_method == Alert.RoutingMethod.ID_NUMBER
    assert "手机号未找到登记居民" in alert.routing_explanation


def test_a_phone_shared_by_a_family_routes_to_their_village_without_picking_a_person(world):
    ResidentFactory(household=world.resident_a1.household, name="甲一之妻", phone=world.resident_a1.phone)
    alert = intake(victim_phone=world.resident_a1.phone)
    assert alert.resident is None and alert.village == world.village_a1
    assert alert.assignee == world.user("officer_a1")


def test_the_village_named_by_the_caller_is_used_when_no_resident_matches(world):
    alert = intake(victim_phone="13812345678", village_id=world.village_b1.pk)
    assert alert.village == world.village_b1 and alert.assignee == world.user("officer_b1")


def test_a_resident_match_wins_over_the_callers_village(world):
    alert = intake(victim_phone="13900000001", village_id=world.village_b1.pk)
    assert alert.village == world.village_a1


def test_address_routes_to_village_and_grid(world):
    grid = GridFactory(village=world.village_a1, name="上寨网格")
    grid_worker = UserFactory(username="t_grid_upper", role=Role.GRID_WORKER)
    assign(grid_worker, grid)
    alert = intake(address="甲镇东山村上寨组8号")
    assert (alert.village, alert.grid, alert.assignee) == (world.village_a1, grid, world.user("officer_a1"))


def test_address_grid_comes_from_a_registered_household_at_that_address(world):
    grid = GridFactory(village=world.village_b1)
    HouseholdFactory(village=world.village_b1, grid=grid, address="乙乡南坡村5组20号")
    alert = intake(address="乙乡南坡村5组20号")
    assert alert.grid == grid


def test_a_village_without_an_officer_goes_to_the_townships_station_chief(world):
    alert = intake(address="甲镇西河社区12号")
    assert alert.village == world.village_a2
    assert alert.assignee == world.user("chief_a")
    assert alert.status == Alert.Status.ASSIGNED
    assert "西河社区没有社区民警" in alert.routing_explanation


def test_an_address_naming_only_the_township_goes_to_its_chief(world):
    alert = intake(address="测试县乙乡街上88号")
    assert (alert.village, alert.township, alert.assignee) == (None, world.township_b, world.user("chief_b"))
    assert alert.routing_method == Alert.RoutingMethod.ADDRESS


def test_no_officer_and_no_chief_leaves_it_in_the_centre_queue_not_dropped(world):
    lonely = VillageFactory(township__county=world.township_a.county, township__name="丙镇", name="北岭村")
    alert = intake(address="丙镇北岭村1号")
    assert alert.village == lonely and alert.assignee is None
    assert alert.status == Alert.Status.NEW
    assert "转反诈中心人工分派" in alert.routing_explanation


def test_nothing_to_go_on_is_unrouted_in_the_centre_queue(world):
    alert = intake(victim_name="某人")
    assert alert.routing_method == Alert.RoutingMethod.UNROUTED
    assert alert.village is None and alert.township is None and alert.assignee is None
    assert alert.status == Alert.Status.NEW


def test_inactive_officers_are_passed_over(world):
    officer = world.user("officer_a1")
    officer.is_active = False
    officer.save()
    alert = intake(victim_phone="13900000001")
    assert alert.assignee == world.user("chief_a")
