"""The demo county as plain data, before any of it touches the database.

Everything is drawn from `random.Random` streams seeded from one number, so the same `residents`
gives the same county: the places and the users from streams of their own (they do not change with
`residents`), the people from a third. Ages and App registrations are reckoned from a fixed day
(REFERENCE_DATE), not today, so a rebuild next year gives the same records too.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from fanzha.accounts.models import Role
from fanzha.core.ids import check_digit
from fanzha.demo import names
from fanzha.people.models import Organisation
from fanzha.places.models import Village

SEED = 532323
DEMO_PASSWORD = "fanzha-demo-2026"  # noqa: S105 - printed for everyone to use, on demo data only
DEFAULT_RESIDENTS = 30_000
COUNTY_NAME = "牟定县"
COUNTY_FULL_NAME = "楚雄彝族自治州牟定县"
REGION_CODE = "532323"  # 牟定县's division code: the first six digits of its residents' ID numbers
REFERENCE_DATE = date(2026, 6, 30)
APP_LAUNCHED = date(2021, 3, 15)  # the National Anti-Fraud Center App went public in March 2021
# Invented numbers. China has no range set aside for fiction; residents get 170, staff 166.
RESIDENT_PHONE_PREFIX = "+86170"
STAFF_PHONE_PREFIX = "+86166"
# Ten-household groups per village are sized for the default county and stay fixed whatever
# `residents` is, so the county's structure never changes; a small run leaves many groups without
# households (and so without a head), a large one fills them.
HOUSEHOLDS_PER_GROUP_AT_DEFAULT = 8
PANMAO_GROUPS_PER_VILLAGE = 26  # 蟠猫乡's pilot: 12 × 26 = 312 groups
HOUSEHOLD_SIZES = [(1, 10), (2, 22), (3, 25), (4, 22), (5, 13), (6, 8)]
MEAN_HOUSEHOLD_SIZE = sum(s * w for s, w in HOUSEHOLD_SIZES) / sum(w for _, w in HOUSEHOLD_SIZES)

# --- which county ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountySpec:
    """One county of the demo: its names, its division code and where its people live. 牟定县 (MOUDING)
    is the county the one-county demo has always built; the prefecture's other counties are in
    fanzha.demo.prefecture. `slug` prefixes the county's usernames and random streams (empty for 牟定县,
    so its data and logins are what they always were)."""

    name: str
    full_name: str
    code: str
    slug: str
    # (name, kind, pinyin slug for the station chief's username, share of the county's population)
    townships: list[tuple[str, str, str, float]]
    villages: dict[str, list[str]]
    units: list[str] = field(default_factory=list)  # county units (机关单位) in the seat
    schools: list[str] = field(default_factory=list)  # county schools in the seat
    hospitals: list[str] = field(default_factory=list)
    enterprises: list[tuple[str, str]] = field(default_factory=list)  # (township, name)
    pilot_township: str = ""  # runs the 十户一体 pilot: more groups per village
    stations: dict[str, str] = field(default_factory=dict)  # township → station name, where not 〈name〉派出所
    default_residents: int = DEFAULT_RESIDENTS

    @property
    def seat(self) -> str:
        return self.townships[0][0]

    def stream(self, seed: int, label: str) -> str:
        return f"{seed}:{label}" if not self.slug else f"{seed}:{self.slug}:{label}"

    def station_name(self, township: str) -> str:
        return self.stations.get(township) or f"{township[:-1]}派出所"

    def username(self, name: str) -> str:
        return f"{self.slug}_{name}" if self.slug else name


MOUDING = CountySpec(
    name=COUNTY_NAME,
    full_name=COUNTY_FULL_NAME,
    code=REGION_CODE,
    slug="",
    townships=names.TOWNSHIPS,
    villages=names.VILLAGES,
    units=names.COUNTY_UNITS,
    schools=names.COUNTY_SCHOOLS,
    hospitals=names.COUNTY_HOSPITALS,
    enterprises=names.ENTERPRISES,
    pilot_township="蟠猫乡",
)

# --- the plan (pure Python, no database) -------------------------------------------------------------


@dataclass
class VillagePlan:
    number: int  # 1-based across the county: officer_001 works in village 1
    township: str
    name: str
    kind: str
    share: float
    grids: int
    villager_groups: int  # 村民小组, used in addresses ("三组")
    ten_household_groups: int

    @property
    def committee(self) -> str:
        """The committee as addresses name it: 共丰村委会, 中屯社区居委会."""
        return f"{self.name}委会" if self.kind == Village.Kind.VILLAGE else f"{self.name}居委会"


@dataclass
class PersonPlan:
    name: str
    gender: str
    age: int
    birth_date: date
    id_number: str
    phone: str = ""
    organisation: tuple[str, str] | None = None  # (township, organisation name)
    key_groups: list[str] = field(default_factory=list)
    app_registered_on: date | None = None


@dataclass
class HouseholdPlan:
    village: VillagePlan
    group_index: int
    grid_index: int
    address: str
    members: list[PersonPlan]


def plan_villages(seed: int = SEED, county: CountySpec = MOUDING) -> list[VillagePlan]:
    rng = random.Random(county.stream(seed, "places"))
    plans: list[VillagePlan] = []
    for township, _kind, _slug, share in county.townships:
        village_names = county.villages[township]
        weights = [rng.uniform(0.6, 1.4) for _ in village_names]
        for name, weight in zip(village_names, weights, strict=True):
            kind = Village.Kind.COMMUNITY if name.endswith("社区") else Village.Kind.VILLAGE
            village_share = share * weight / sum(weights)
            if township == county.pilot_township:
                groups = PANMAO_GROUPS_PER_VILLAGE
            else:
                households = county.default_residents * village_share / MEAN_HOUSEHOLD_SIZE
                groups = max(6, round(households / HOUSEHOLDS_PER_GROUP_AT_DEFAULT))
            plans.append(
                VillagePlan(
                    number=len(plans) + 1,
                    township=township,
                    name=name,
                    kind=kind,
                    share=village_share,
                    grids=rng.randint(4, 6) if kind == Village.Kind.COMMUNITY else rng.randint(2, 4),
                    villager_groups=rng.randint(6, 10) if kind == Village.Kind.COMMUNITY else rng.randint(9, 18),
                    ten_household_groups=groups,
                )
            )
    return plans


def organisation_plan(county: CountySpec = MOUDING) -> list[tuple[str, str, str, list[str]]]:
    """(township, name, kind, key-group codes) for every organisation except village committees."""
    kind = Organisation.Kind
    result: list[tuple[str, str, str, list[str]]] = []
    seat, prefix = county.seat, county.name
    result += [(seat, unit, kind.GOVERNMENT, ["civil_servant"]) for unit in county.units]
    result += [(seat, school, kind.SCHOOL, ["teacher", "student"]) for school in county.schools]
    result += [(seat, hospital, kind.HOSPITAL, []) for hospital in county.hospitals]
    for township, *_ in county.townships:
        result.append((township, f"{township}人民政府", kind.GOVERNMENT, ["civil_servant"]))
        result.append((township, f"{prefix}{township}中心小学", kind.SCHOOL, ["teacher", "student"]))
        result.append((township, f"{prefix}{township}初级中学", kind.SCHOOL, ["teacher", "student"]))
        if township != seat:
            result.append((township, f"{prefix}{township}卫生院", kind.HOSPITAL, []))
    result += [(township, name, kind.ENTERPRISE, ["accountant"]) for township, name in county.enterprises]
    return result


class PeoplePlanner:
    """Households and residents for the villages, drawn from one seeded stream."""

    def __init__(
        self,
        *,
        villages: list[VillagePlan],
        residents: int,
        seed: int = SEED,
        county: CountySpec = MOUDING,
        used_phones: set[str] | None = None,
    ) -> None:
        self.rng = random.Random(county.stream(seed, "people"))
        self.county = county
        self.villages = villages
        self.target = residents
        self.used_ids: set[str] = set()
        # Shared by the counties of a prefecture: a phone number belongs to one resident.
        self.used_phones: set[str] = used_phones if used_phones is not None else set()
        self.surnames = [s for s, _ in names.SURNAMES]
        self.surname_weights = [w for _, w in names.SURNAMES]
        orgs = organisation_plan(county)
        self.orgs_by = defaultdict(list)
        for township, name, kind, _groups in orgs:
            self.orgs_by[(township, kind)].append((township, name))
        self.seat = county.seat

    # one person --------------------------------------------------------------------------------------

    def surname(self) -> str:
        return self.rng.choices(self.surnames, self.surname_weights)[0]

    def person(
        self, *, surname: str, gender: str, age: int, township: str, household: list[PersonPlan] | None = None
    ) -> PersonPlan:
        """One resident; `household` holds the members drawn so far, whose names are not drawn again."""
        rng = self.rng
        older = age >= 50
        pool = (
            (names.MALE_OLDER if older else names.MALE_YOUNGER)
            if gender == "M"
            else (names.FEMALE_OLDER if older else names.FEMALE_YOUNGER)
        )
        birth = REFERENCE_DATE - timedelta(days=int((age + rng.random()) * 365.25))
        person = PersonPlan(
            name=self.name(surname, pool, taken={p.name for p in household or ()}),
            gender=gender,
            age=REFERENCE_DATE.year
            - birth.year
            - ((REFERENCE_DATE.month, REFERENCE_DATE.day) < (birth.month, birth.day)),
            birth_date=birth,
            id_number=self.id_number(birth, gender),
        )
        if person.age >= 12:
            person.phone = self.phone()
        self.occupy(person, township)
        return person

    def name(self, surname: str, pool: list[str], *, taken: set[str]) -> str:
        while True:
            name = surname + self.rng.choice(pool)
            if name not in taken:
                return name

    def id_number(self, birth: date, gender: str) -> str:
        while True:
            sequence = self.rng.randrange(500) * 2 + (1 if gender == "M" else 0)  # odd: male
            first17 = f"{self.county.code}{birth:%Y%m%d}{sequence:03d}"
            number = first17 + check_digit(first17)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def phone(self) -> str:
        while True:
            number = f"{RESIDENT_PHONE_PREFIX}{self.rng.randrange(10**8):08d}"
            if number not in self.used_phones:
                self.used_phones.add(number)
                return number

    def pick(self, township: str, kind: str) -> tuple[str, str] | None:
        found = self.orgs_by.get((township, kind)) or self.orgs_by.get((self.seat, kind))
        return self.rng.choice(found) if found else None

    def occupy(self, person: PersonPlan, township: str) -> None:
        """School, work, key-group tags and App registration, by age and a draw."""
        rng, age, kind = self.rng, person.age, Organisation.Kind
        app_chance = 0.0
        if age >= 60:
            person.key_groups.append("elderly")
            app_chance = 0.25
        elif 6 <= age <= 14:
            primary, junior = f"{self.county.name}{township}中心小学", f"{self.county.name}{township}初级中学"
            person.organisation = (township, primary if age <= 11 else junior)
            person.key_groups.append("student")
            app_chance = 0.5 if age >= 12 else 0.0
        elif 15 <= age <= 18 and self.county.schools and rng.random() < 0.8:
            person.organisation = (self.seat, rng.choice(self.county.schools))
            person.key_groups.append("student")
            app_chance = 0.5
        elif 19 <= age <= 22 and rng.random() < 0.35:
            person.key_groups.append("student")  # studies outside the county
            app_chance = 0.6
        elif age >= 18:
            draw = rng.random()
            app_chance = 0.4
            if draw < 0.04:
                county_unit = township == self.seat or rng.random() < 0.15
                person.organisation = self.pick(self.seat if county_unit else township, kind.GOVERNMENT)
                person.key_groups.append("civil_servant")
                app_chance = 0.9
            elif draw < 0.065:
                person.organisation = self.pick(township, kind.SCHOOL)
                person.key_groups.append("teacher")
                app_chance = 0.9
            elif draw < 0.085:
                person.organisation = self.pick(township, kind.ENTERPRISE if rng.random() < 0.7 else kind.GOVERNMENT)
                person.key_groups.append("accountant")
                app_chance = 0.8
            elif draw < 0.10:
                person.organisation = self.pick(township, kind.HOSPITAL)
            elif draw < 0.17:
                person.organisation = self.pick(township, kind.ENTERPRISE)
            elif draw < 0.23:
                person.key_groups.append("unemployed")
        if app_chance and rng.random() < app_chance:
            span = (REFERENCE_DATE - APP_LAUNCHED).days
            person.app_registered_on = APP_LAUNCHED + timedelta(days=rng.randint(0, span))

    # one household -----------------------------------------------------------------------------------

    def members(self, township: str) -> list[PersonPlan]:
        rng = self.rng
        size = rng.choices([s for s, _ in HOUSEHOLD_SIZES], [w for _, w in HOUSEHOLD_SIZES])[0]
        surname = self.surname()
        if size == 1:
            age = rng.randint(60, 92) if rng.random() < 0.6 else rng.randint(22, 59)
            return [self.person(surname=surname, gender=rng.choice("MF"), age=age, township=township)]
        low, high = rng.choices([(25, 39), (40, 59), (60, 85)], [30, 45, 25])[0]
        head_age = rng.randint(low, high)
        head_gender = "M" if rng.random() < 0.85 else "F"
        spouse_surname = self.surname()
        spouse_age = min(95, max(20, head_age + rng.randint(-6, 4)))
        head = self.person(surname=surname, gender=head_gender, age=head_age, township=township)
        spouse_gender = "F" if head_gender == "M" else "M"
        spouse = self.person(
            surname=spouse_surname, gender=spouse_gender, age=spouse_age, township=township, household=[head]
        )
        people = [head, spouse]
        father_surname = surname if head_gender == "M" else spouse_surname
        if size > 2 and head_age < 58 and rng.random() < 0.35:
            parent_gender = rng.choice("MF")
            parent_surname = surname if parent_gender == "M" else self.surname()
            parent_age = min(98, head_age + rng.randint(22, 32))
            people.append(
                self.person(
                    surname=parent_surname, gender=parent_gender, age=parent_age, township=township, household=people
                )
            )
        base = min(head_age, spouse_age)
        while len(people) < size:
            age = rng.randint(max(0, base - 36), max(0, base - 20))
            people.append(
                self.person(
                    surname=father_surname, gender=rng.choice("MF"), age=age, township=township, household=people
                )
            )
        return people

    def households(self) -> list[HouseholdPlan]:
        result: list[HouseholdPlan] = []
        total_share = sum(v.share for v in self.villages)
        for village in self.villages:
            target = max(1, round(self.target * village.share / total_share))
            drawn: list[list[PersonPlan]] = []
            count = 0
            while count < target:
                people = self.members(village.township)
                drawn.append(people)
                count += len(people)
            result += self.place_households(village, drawn)
        return result

    def place_households(self, village: VillagePlan, drawn: list[list[PersonPlan]]) -> list[HouseholdPlan]:
        """Consecutive households share a ten-household group; a group lies in one grid and one 村民小组."""
        n, groups = len(drawn), village.ten_household_groups
        house_numbers: dict[int, int] = defaultdict(int)
        result = []
        for j, people in enumerate(drawn):
            group = j * groups // n if n >= groups else j
            villager_group = group * village.villager_groups // groups + 1
            house_numbers[villager_group] += self.rng.choice((1, 1, 1, 2, 3))
            address = (
                f"{self.county.name}{village.township}{village.committee}"
                f"{names.chinese_number(villager_group)}组{house_numbers[villager_group]}号"
            )
            grid = group * village.grids // groups
            result.append(HouseholdPlan(village, group, grid, address, people))
        return result


def chief_username(slug: str) -> str:
    return f"chief_{slug}"


def committee_heads(households: list[HouseholdPlan], rng: random.Random) -> dict[int, PersonPlan]:
    """One adult with a phone per village chairs its committee (and works there)."""
    candidates: dict[int, list[PersonPlan]] = defaultdict(list)
    for h in households:
        for person in h.members:
            if 30 <= person.age <= 65 and person.phone and person.organisation is None and not person.key_groups:
                candidates[h.village.number].append(person)
    heads = {}
    for number, people in candidates.items():
        head = rng.choice(people)
        heads[number] = head
    # The committee is an organisation in the village's own township.
    committee_of = {h.village.number: (h.village.township, h.village.committee) for h in households}
    for number, head in heads.items():
        head.organisation = committee_of[number]
    return heads


# --- users ---------------------------------------------------------------------------------------------


@dataclass
class UserPlan:
    username: str
    role: str
    full_name: str
    phone: str
    station_slug: str = ""
    village_number: int = 0


class StaffPlanner:
    """The demo's user accounts and the people organisations name when none of their staff is listed."""

    def __init__(
        self,
        *,
        villages: list[VillagePlan],
        seed: int = SEED,
        county: CountySpec = MOUDING,
        centre: bool = True,
        used_phones: set[str] | None = None,
    ) -> None:
        """`centre`: the county has its own centre operator and leader (牟定县 and, in the prefecture,
        南华县); the administrator comes with 牟定县 alone, whose usernames carry no prefix."""
        self.rng = random.Random(county.stream(seed, "staff"))
        # Shared by the counties of a prefecture: a phone number belongs to one person.
        self.used_phones: set[str] = used_phones if used_phones is not None else set()
        self.users: list[UserPlan] = []
        if not county.slug:
            self.users.append(self.user("admin", Role.ADMIN))
        if centre:
            self.users.append(self.user(county.username("centre"), Role.CENTRE_OPERATOR))
            self.users.append(self.user(county.username("leader"), Role.LEADER))
        for _name, _kind, slug, _share in county.townships:
            self.users.append(self.user(county.username(chief_username(slug)), Role.STATION_CHIEF, station_slug=slug))
        for village in villages:
            for prefix, role in (
                ("officer", Role.COMMUNITY_OFFICER),
                ("assistant", Role.POLICE_ASSISTANT),
                ("grid", Role.GRID_WORKER),
            ):
                username = county.username(f"{prefix}_{village.number:03d}")
                self.users.append(self.user(username, role, village_number=village.number))

    def full_name(self) -> str:
        surname = self.rng.choices([s for s, _ in names.SURNAMES], [w for _, w in names.SURNAMES])[0]
        pool = names.MALE_YOUNGER + names.MALE_OLDER if self.rng.random() < 0.7 else names.FEMALE_YOUNGER
        return surname + self.rng.choice(pool)

    def phone(self) -> str:
        while True:
            number = f"{STAFF_PHONE_PREFIX}{self.rng.randrange(10**8):08d}"
            if number not in self.used_phones:
                self.used_phones.add(number)
                return number

    def user(self, username: str, role: str, **place: Any) -> UserPlan:
        return UserPlan(username=username, role=role, full_name=self.full_name(), phone=self.phone(), **place)

    def extra_person(self) -> PersonPlan:
        """A responsible person who is not among the listed residents (small runs)."""
        return PersonPlan(
            name=self.full_name(), gender="", age=0, birth_date=REFERENCE_DATE, id_number="", phone=self.phone()
        )
