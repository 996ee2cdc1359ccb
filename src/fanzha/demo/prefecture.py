"""The prefecture demo: 楚雄彝族自治州 (楚雄州) and its ten counties, as `fanzha demo` loads them.

牟定县 is built exactly as the one-county demo builds it (fanzha.demo.plan.MOUDING). 南华县 is built in the
same depth: its ten real towns and townships (龙川镇 … 雨露白族乡, with 一街派出所 and 雨露派出所 among the
stations), invented committees, grids, ten-household groups, residents, organisations, a centre
operator and a leader of its own. The other eight counties are lighter: the real seat and two invented
townships each, three invented committees per township, a few hundred residents, a chief per station
and an officer, an assistant and a grid worker per village.

Counties carry their real division codes (the first six digits of the ID numbers issued there), so an
alert that names only an ID number is routed to its county. Then a few alerts cross the county line
(entered in one county about a resident of the next; an ID number of a third; one that fits no county
and waits in the prefecture's queue), and one suspect account and one suspect phone turn up in alerts of
two counties, so the prefecture's centre has 串并线索 to look at.

Every county name, seat, code and the towns of 牟定县 and 南华县 are real; every committee, person,
enterprise and any other township is invented (a name may match a real one by chance).
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from fanzha.accounts.models import Role
from fanzha.alerts.models import Alert, CrossCountyTrace, Observable, TimelineEvent
from fanzha.alerts.services.common import deadlines_for
from fanzha.core.ids import check_digit
from fanzha.demo.plan import DEFAULT_RESIDENTS, MOUDING, CountySpec, StaffPlanner, UserPlan
from fanzha.people.models import Resident
from fanzha.places.models import Assignment, County, Prefecture

PREFECTURE_NAME = "楚雄彝族自治州"
PREFECTURE_SHORT_NAME = "楚雄州"
PREFECTURE_CODE = "532300"

# 南华县's share of 牟定县's residents, and each lighter county's (the demo stays under a minute).
NANHUA_SHARE = 0.5
LIGHT_SHARE = 0.02
LIGHT_MINIMUM = 60
# Alerts of the other counties: 南华县 about two thirds of 牟定县's history, a lighter county a few dozen.
NANHUA_ALERTS = (600, 10)
LIGHT_ALERTS = (40, 2)


def _committees(text: str) -> list[str]:
    return text.split()


NANHUA = CountySpec(
    name="南华县",
    full_name="楚雄彝族自治州南华县",
    code="532324",
    slug="nanhua",
    townships=[
        ("龙川镇", "town", "longchuan", 0.22),
        ("沙桥镇", "town", "shaqiao", 0.12),
        ("五街镇", "town", "wujie", 0.08),
        ("红土坡镇", "town", "hongtupo", 0.08),
        ("马街镇", "town", "majie", 0.10),
        ("兔街镇", "town", "tujie", 0.07),
        ("一街乡", "township", "yijie", 0.09),
        ("罗武庄乡", "township", "luowuzhuang", 0.07),
        ("五顶山乡", "township", "wudingshan", 0.08),
        ("雨露白族乡", "township", "yulu", 0.09),
    ],
    villages={
        "龙川镇": _committees("龙川社区 城南社区 城北社区 桂香村 岔河口村 响水村 大坝塘村 土官村"),
        "沙桥镇": _committees("沙桥社区 五里坡村 普家村 天申堂村 于家村 新民屯村 栗子园村"),
        "五街镇": _committees("五街社区 咪黑们村 芭蕉箐村 干龙潭村 红石岩村 小松园村"),
        "红土坡镇": _committees("红土坡社区 岔路村 石桥村 苴力村 高家村 松林坡村"),
        "马街镇": _committees("马街社区 他宜龙村 大麦地村 小古村 吕家村 青山村 朝阳村"),
        "兔街镇": _committees("兔街社区 干坝塘村 鲁家村 岔河村 大箐村"),
        "一街乡": _committees("一街村 阿雄村 苴却村 白坟村 麦地箐村 左家村"),
        "罗武庄乡": _committees("罗武庄村 小村村 大村村 野猪塘村 柿花村"),
        "五顶山乡": _committees("五顶山村 火把村 黄草坝村 坝子村 中山村 白龙村"),
        "雨露白族乡": _committees("雨露村 白族新村 海子村 清水河村 大石坝村 石门坎村"),
    },
    units=["南华县人民政府办公室", "南华县财政局", "南华县教育体育局", "南华县卫生健康局", "南华县农业农村局"],
    schools=["南华县第一中学"],
    hospitals=["南华县人民医院"],
    enterprises=[
        ("龙川镇", "南华县菌香食品有限公司"),
        ("沙桥镇", "南华县沙桥物流有限公司"),
        ("五街镇", "南华县五街核桃专业合作社"),
        ("马街镇", "南华县马街烤烟专业合作社"),
        ("雨露白族乡", "南华县雨露茶叶专业合作社"),
    ],
    stations={"雨露白族乡": "雨露派出所"},
    default_residents=round(DEFAULT_RESIDENTS * NANHUA_SHARE),
)


def _light(
    name: str, code: str, slug: str, townships: list[tuple[str, str, str]], villages: dict[str, str]
) -> CountySpec:
    """A lighter county: the seat (first) holds half the people, the two invented townships the rest."""
    shares = [0.5, 0.25, 0.25]
    return CountySpec(
        name=name,
        full_name=f"{PREFECTURE_NAME}{name}",
        code=code,
        slug=slug,
        townships=[(t, kind, s, share) for (t, kind, s), share in zip(townships, shares, strict=True)],
        villages={t: _committees(v) for t, v in villages.items()},
        default_residents=max(LIGHT_MINIMUM, round(DEFAULT_RESIDENTS * LIGHT_SHARE)),
    )


LIGHT_COUNTIES = [
    _light(
        "楚雄市",
        "532301",
        "chuxiong",
        [("鹿城镇", "town", "lucheng"), ("紫云镇", "town", "ziyun"), ("青松乡", "township", "qingsong")],
        {
            "鹿城镇": "鹿城社区 西山社区 东门村",
            "紫云镇": "紫云村 果园村 大坡头村",
            "青松乡": "青松村 杉木箐村 老鹰岩村",
        },
    ),
    _light(
        "禄丰市",
        "532331",
        "lufeng",
        [("金山镇", "town", "jinshan"), ("星宿镇", "town", "xingxiu"), ("白岩乡", "township", "baiyan")],
        {"金山镇": "金山社区 南河村 碧城村", "星宿镇": "星宿村 小河边村 黄土坡村", "白岩乡": "白岩村 龙潭村 石缸村"},
    ),
    _light(
        "双柏县",
        "532322",
        "shuangbai",
        [("妥甸镇", "town", "tuodian"), ("青香镇", "town", "qingxiang"), ("松涛乡", "township", "songtao")],
        {"妥甸镇": "妥甸社区 查姆村 麦冲村", "青香镇": "青香村 大箐口村 核桃园村", "松涛乡": "松涛村 岩峰村 马鹿塘村"},
    ),
    _light(
        "姚安县",
        "532325",
        "yaoan",
        [("栋川镇", "town", "dongchuan"), ("莲池镇", "town", "lianchi"), ("荷城乡", "township", "hecheng")],
        {"栋川镇": "栋川社区 光禄村 西关村", "莲池镇": "莲池村 梅葛村 小邑村", "荷城乡": "荷城村 莲塘村 草海村"},
    ),
    _light(
        "大姚县",
        "532326",
        "dayao",
        [("金碧镇", "town", "jinbi"), ("桂林镇", "town", "guilin"), ("白塔乡", "township", "baita")],
        {"金碧镇": "金碧社区 塔底村 龙街村", "桂林镇": "桂林村 赵家店村 铁锁村", "白塔乡": "白塔村 核桃箐村 六苴坝村"},
    ),
    _light(
        "永仁县",
        "532327",
        "yongren",
        [("永定镇", "town", "yongding"), ("莲花镇", "town", "lianhua"), ("方山乡", "township", "fangshan")],
        {
            "永定镇": "永定社区 苴却坝村 中和村",
            "莲花镇": "莲花村 宜就坝村 外普拉村",
            "方山乡": "方山村 诸葛营村 大湾村",
        },
    ),
    _light(
        "元谋县",
        "532328",
        "yuanmou",
        [("元马镇", "town", "yuanma"), ("土林镇", "town", "tulin"), ("金沙乡", "township", "jinsha")],
        {"元马镇": "元马社区 丙南村 能禹村", "土林镇": "土林村 物茂坝村 虎溪村", "金沙乡": "金沙村 江边村 凉山坝村"},
    ),
    _light(
        "武定县",
        "532329",
        "wuding",
        [("狮山镇", "town", "shishan"), ("云台镇", "town", "yuntai"), ("松柏乡", "township", "songbai")],
        {"狮山镇": "狮山社区 近城村 插甸坝村", "云台镇": "云台村 高桥村 万德坝村", "松柏乡": "松柏村 己衣坝村 发窝村"},
    ),
]

COUNTIES: list[CountySpec] = [MOUDING, NANHUA, *LIGHT_COUNTIES]
"""In the order they are built: 牟定县 first, so its rows and logins are the one-county demo's."""

WITH_CENTRE = {MOUDING.name, NANHUA.name}
"""The counties whose centre operator and leader are demo users (the others' escalations stop at the
prefecture's centre)."""


def residents_of(county: CountySpec, residents: int) -> int:
    """`residents` is 牟定县's count, as in the one-county demo; the others get their share of it."""
    if county is MOUDING:
        return residents
    if county is NANHUA:
        return max(1, round(residents * NANHUA_SHARE))
    return max(LIGHT_MINIMUM, round(residents * LIGHT_SHARE))


def alerts_of(county: CountySpec) -> tuple[int, int]:
    return NANHUA_ALERTS if county is NANHUA else LIGHT_ALERTS


def alert_prefix(county: CountySpec) -> str:
    return f"DEMO-{county.slug.upper()}-" if county.slug else "DEMO-"


def prefecture_staff(*, seed: int, used_phones: set[str]) -> list[UserPlan]:
    """The prefecture centre's duty operator and the prefecture's leader."""
    spec = CountySpec(
        name=PREFECTURE_SHORT_NAME,
        full_name=PREFECTURE_NAME,
        code=PREFECTURE_CODE,
        slug="prefecture",
        townships=[],
        villages={},
    )
    planner = StaffPlanner(villages=[], seed=seed, county=spec, centre=False, used_phones=used_phones)
    return [
        planner.user("prefecture", Role.PREFECTURE_OPERATOR),
        planner.user("prefecture_leader", Role.PREFECTURE_LEADER),
    ]


def write_prefecture() -> Prefecture:
    return Prefecture.objects.create(
        name=PREFECTURE_NAME, short_name=PREFECTURE_SHORT_NAME, code=PREFECTURE_CODE, is_demo=True
    )


# --- alerts that cross the county line -------------------------------------------------------------------

# Invented traces: a bank card and a phone number that no real account or line is meant to have.
SHARED_ACCOUNT = "6230521100004471"
SHARED_PHONE = "+8616500041177"


def _id_number(code: str, rng: random.Random) -> str:
    first17 = (
        f"{code}{rng.randint(1955, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randrange(1000):03d}"
    )
    return first17 + check_digit(first17)


def load_cross_county(*, counties: dict[str, County], rng: random.Random) -> str:
    """Alerts routed across county lines, and the traces two counties share (with their 串并线索)."""
    mouding, nanhua, yaoan, lufeng = (counties[n] for n in ("牟定县", "南华县", "姚安县", "禄丰市"))
    now = timezone.now()
    officers = {
        a.village_id: a.user
        for a in Assignment.objects.filter(role=Role.COMMUNITY_OFFICER, village__township__county=nanhua)
        .exclude(village__isnull=True)
        .select_related("user")
    }
    # A resident of 一街乡 (南华县), reported to 牟定县's centre: routed to 南华县, saying so.
    person = (
        Resident.objects.filter(village__township__county=nanhua, village__township__name="一街乡")
        .exclude(phone="")
        .select_related("village", "household")
        .order_by("id")
        .first()
    ) or Resident.objects.filter(village__township__county=nanhua).exclude(phone="").select_related(
        "village", "household"
    ).order_by("id").first()
    made: list[Alert] = []

    def alert(n: int, minutes_ago: int, level: str, fraud_type: str, **fields: object) -> Alert:
        received = now - timedelta(minutes=minutes_ago)
        contact_deadline, visit_deadline = deadlines_for(level, received_at=received)
        obj = Alert(
            external_id=f"DEMO-PREF-{n:04d}",
            source=str(fields.pop("source", "province")),
            level=level,
            fraud_type=fraud_type,
            description=str(fields.pop("description", "演示预警：疑似正在被诈骗，请尽快联系劝阻。")),
            issued_at=received - timedelta(minutes=2),
            received_at=received,
            contact_deadline=contact_deadline,
            visit_deadline=visit_deadline,
            **fields,
        )
        made.append(obj)
        return obj

    if person is not None:
        alert(
            1,
            rng.randint(8, 15),
            "high",
            "impersonate_authority",
            source="电话",
            status=Alert.Status.ASSIGNED,
            county=nanhua,
            victim_name=person.name,
            victim_phone=person.phone,
            address=person.household.address if person.household else "",
            amount_at_risk=Decimal(50000),
            resident=person,
            village=person.village,
            township_id=person.village.township_id,
            assignee=officers.get(person.village_id),
            routing_method=Alert.RoutingMethod.PHONE,
            routing_explanation=(
                f"按手机号找到登记居民（演示数据）；由{mouding.name}录入，预警对象属{nanhua.name}，已转{nanhua.name}处置"
            ),
        )
    # Only an ID number of 姚安县 and no address: the county's own queue.
    alert(
        2,
        rng.randint(20, 40),
        "medium",
        "loan",
        status=Alert.Status.NEW,
        county=yaoan,
        victim_name="演示对象甲",
        id_number=_id_number(yaoan.code, rng),
        routing_method=Alert.RoutingMethod.UNROUTED,
        routing_explanation=f"未找到登记居民；身份证号归属{yaoan.name}，转{yaoan.name}反诈中心",
    )
    # A caller from outside the prefecture: the prefecture's queue.
    alert(
        3,
        rng.randint(45, 70),
        "high",
        "investment",
        status=Alert.Status.NEW,
        county=None,
        victim_name="演示对象乙",
        victim_phone="+8613900000000",
        address="省外某地",
        routing_method=Alert.RoutingMethod.UNROUTED,
        routing_explanation="未找到登记居民；无法确定所属县，进入州反诈中心队列",
    )
    Alert.objects.bulk_create(made)
    made = list(Alert.objects.filter(external_id__startswith="DEMO-PREF-").order_by("id"))
    TimelineEvent.objects.bulk_create(
        TimelineEvent(alert=a, kind="received", at=a.received_at, data={"source": a.source}) for a in made
    )

    # The shared traces: the account in 牟定县's and 南华县's open alerts, the phone in a 牟定县 and a
    # 禄丰市 alert of the last weeks.
    def latest_open(county: County) -> Alert | None:
        return Alert.objects.filter(county=county).exclude(status=Alert.Status.CLOSED).order_by("-received_at").first()

    def recent_closed(county: County) -> Alert | None:
        since = now - timedelta(days=60)
        return (
            Alert.objects.filter(county=county, status=Alert.Status.CLOSED, received_at__gte=since)
            .order_by("-received_at")
            .first()
        )

    carrying = {
        (Observable.Kind.ACCOUNT, SHARED_ACCOUNT, "6230 5211 0000 4471"): [
            latest_open(mouding),
            next((a for a in made if a.county_id == nanhua.pk), None) or latest_open(nanhua),
        ],
        (Observable.Kind.PHONE, SHARED_PHONE, "165 0004 1177"): [recent_closed(mouding), recent_closed(lufeng)],
    }
    observables = []
    traces = []
    for (kind, value, raw), alerts in carrying.items():
        found = [a for a in alerts if a is not None]
        observables += [Observable(alert=a, kind=kind, value=value, raw=raw) for a in found]
        county_ids = sorted({a.county_id for a in found if a.county_id is not None})
        if len(county_ids) >= 2:
            flagged = max(a.received_at for a in found)
            traces.append(
                CrossCountyTrace(
                    kind=kind, value=value, county_ids=county_ids, first_flagged_at=flagged, last_flagged_at=flagged
                )
            )
    Observable.objects.bulk_create(observables)
    CrossCountyTrace.objects.bulk_create(traces)
    return f"{len(made)} 条跨县预警、{len(traces)} 条串并线索"
