"""Slots shared by fraud and normal templates: people, places, money, numbers, links, apps.

They carry no hint of the label on purpose: a bank name or an amount appears in real notices and in
scams alike, so the model has to learn from the script, not from the filler.
"""

from __future__ import annotations

import random
import string

from fanzha.detection.corpus.grammar import SlotValue

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余杜叶程魏苏吕丁沈任姚卢"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰红梅琳鹏辉建国志文斌宇浩凯晨欣雪婷佳怡子涵梓轩"


def _name(rng: random.Random) -> str:
    given = rng.choice(_GIVEN) + (rng.choice(_GIVEN) if rng.random() < 0.6 else "")
    if rng.random() < 0.12:  # names masked as public collections do: 张**, 张某, 某某
        return rng.choice((rng.choice(_SURNAMES) + "*" * len(given), rng.choice(_SURNAMES) + "某", "某某", "NAME"))
    return rng.choice(_SURNAMES) + given


def _surname(rng: random.Random) -> str:
    return rng.choice(_SURNAMES)


def _money(low: int, high: int) -> SlotValue:
    def draw(rng: random.Random) -> str:
        value = rng.randint(low, high)
        if value >= 1000 and rng.random() < 0.5:
            value = round(value, -2)
        if rng.random() < 0.15:
            return f"{value:,}"
        if rng.random() < 0.25:
            return f"{value}.{rng.randint(0, 99):02d}"
        return str(value)

    return draw


def _digits(n: int) -> SlotValue:
    return lambda rng: "".join(rng.choice(string.digits) for _ in range(n))


def _phone(rng: random.Random) -> str:
    number = rng.choice(["13", "15", "17", "18", "19"]) + "".join(rng.choice(string.digits) for _ in range(9))
    style = rng.random()
    if style < 0.2:
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    if style < 0.3:
        return f"{number[:3]}-{number[3:7]}-{number[7:]}"
    return number


def _landline(rng: random.Random) -> str:
    return (
        rng.choice(["0871", "0878", "010", "021", "020", "0755", "028"])
        + "-"
        + "".join(rng.choice(string.digits) for _ in range(rng.choice([7, 8])))
    )


def _url(rng: random.Random) -> str:
    host = rng.choice(["t.cn", "dwz.cn", "url.cn", "s.cc", "x7k.top", "vip-app.cc", "h5.link", "m.qq.cx"])
    path = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(rng.randint(4, 8)))
    return f"{rng.choice(['http://', 'https://', ''])}{host}/{path}"


def _date(rng: random.Random) -> str:
    return f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日"


def _clock(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.randint(7, 22)}:{rng.randint(0, 59):02d}"
    return (
        rng.choice(["上午", "下午", "晚上", "中午"])
        + rng.choice("一二三四五六七八九十")
        + "点"
        + rng.choice(["", "半", "多"])
    )


def _percent(rng: random.Random) -> str:
    return f"{rng.randint(3, 40)}%"


def _odd_amount(rng: random.Random) -> str:
    return str(rng.choice([88, 168, 198, 288, 368, 520, 648, 688, 888, 998, 1288, 1314, 1688, 2998, 3680, 5200]))


def _qq(rng: random.Random) -> str:
    return "".join(rng.choice(string.digits) for _ in range(rng.randint(8, 10)))


SHARED_SLOTS: dict[str, SlotValue] = {
    "name": _name,
    "surname": _surname,
    "money_small": _money(5, 300),
    "money": _money(300, 30000),
    "money_big": _money(20000, 800000),
    "odd_money": _odd_amount,
    "tail": _digits(4),
    "code": _digits(6),
    "code4": _digits(4),
    "pickup": lambda rng: f"{rng.randint(1, 30)}-{rng.randint(1, 6)}-{rng.randint(1000, 9999)}",
    "order_no": _digits(12),
    "phone": _phone,
    "landline": _landline,
    "qq": _qq,
    "url": _url,
    "date": _date,
    "clock": _clock,
    "percent": _percent,
    "n_small": lambda rng: str(rng.randint(2, 9)),
    "days": lambda rng: str(rng.randint(2, 30)),
    "bank": [
        "中国银行",
        "工商银行",
        "建设银行",
        "农业银行",
        "邮储银行",
        "招商银行",
        "交通银行",
        "农村信用社",
        "富滇银行",
        "云南农信",
        "民生银行",
        "兴业银行",
        "平安银行",
        "浦发银行",
    ],
    "shop": ["淘宝", "京东", "拼多多", "抖音商城", "唯品会", "闲鱼", "快手小店", "天猫"],
    "express": ["顺丰", "中通", "圆通", "韵达", "申通", "京东快递", "邮政EMS", "极兔", "德邦"],
    "carrier": ["中国移动", "中国联通", "中国电信"],
    "chat_app": ["微信", "QQ", "钉钉", "抖音私信"],
    "city": ["昆明", "楚雄", "大理", "曲靖", "北京", "上海", "广州", "深圳", "成都", "重庆", "杭州", "西安"],
    "town": ["鹿城镇", "东瓜镇", "吕合镇", "紫溪镇", "东华镇", "子午镇", "苍岭镇", "三街镇", "八角镇", "中山镇"],
    "game": ["王者荣耀", "和平精英", "原神", "梦幻西游", "英雄联盟", "蛋仔派对", "我的世界", "第五人格", "逆水寒"],
    "relative": ["妈", "爸", "姐", "哥", "老婆", "老公", "儿子", "闺女", "舅舅", "小姨", "奶奶", "大伯"],
    "emoji": ["", "", "", "😊", "👍", "🙏", "😂", "🌹", "[微笑]", "[抱拳]", "~", "！！"],
    "greeting": ["您好", "你好", "在吗", "在不在", "打扰一下", "亲", "哈喽", "您好呀"],
    "me": ["我", "本人", "我", "我"],
    # How a citizen opens and closes a consultation: the same for scams and for harmless messages.
    "ask_open": [
        "",
        "",
        "",
        "请问，",
        "帮我看看，",
        "民警同志您好，",
        "我想咨询一下，",
        "你好，我想问问，",
        "麻烦问一下，",
    ],
    "ask_close": [
        "",
        "",
        "",
        "这是不是诈骗？",
        "这个是真的吗？",
        "我该怎么办？",
        "靠谱吗？",
        "会不会是骗子？",
        "要紧吗？",
    ],
}
