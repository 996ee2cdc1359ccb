"""How people really write: the same message masked, misspelt, abbreviated, decorated or retold.

Applied to generated texts of every label with the same probabilities (so that none of these marks
becomes a cue for one label), except the filter-evasion tricks scammers use on their lures (symbols
between the characters of 兼职, 薇信 for 微信), which are more frequent in scams but also present in
harmless chat. Every choice comes from the generator's seeded `random.Random`.

- masking as public collections do it: digits → DIGIT, xxxx or ***; links → URL; places → PLACE;
- pinyin initials and slang (微信 → wx/vx, 支付宝 → zfb, 银行卡 → yhk), common typos, emoji;
- call transcripts with other speaker labels (A/B, 甲/乙, 客服/用户, ASCII colons);
- a citizen retelling what they received ("我收到一条短信：…", "我接到一个电话，对方说…").
"""

from __future__ import annotations

import random
import re

from fanzha.detection.corpus.slots import SHARED_SLOTS

MASK_PROBABILITY = 0.3
SLANG_PROBABILITY = 0.25
TYPO_PROBABILITY = 0.15
EMOJI_PROBABILITY = 0.15
RETELL_PROBABILITY = 0.12
SPEAKER_PROBABILITY = 0.6
EVASION_PROBABILITY = {True: 0.15, False: 0.03}  # is_fraud → probability

_DIGITS = re.compile(r"\d[\d,.:\-]*\d|\d")
_URL = re.compile(r"(https?://)?[a-z0-9.-]+\.(cn|cc|top|link|cx|com)/[A-Za-z0-9]+|https?://\S+|www\.[a-z0-9./]+")
_PLACES = tuple(
    sorted((*SHARED_SLOTS["town"], *SHARED_SLOTS["city"]), key=len, reverse=True)  # type: ignore[misc]
)
_PLACE = re.compile("|".join(map(re.escape, _PLACES)))

_SLANG: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("微信", ("wx", "vx", "V信", "WX", "微")),
    ("支付宝", ("zfb", "支fu宝", "ZFB")),
    ("银行卡", ("yhk", "卡")),
    ("身份证", ("sfz", "身份zheng")),
    ("转账", ("zz", "转")),
    ("QQ", ("扣扣", "qq", "Q")),
    ("验证码", ("yzm", "码")),
    ("谢谢", ("3q", "xx", "谢啦")),
    ("好的", ("hd", "ok", "好滴")),
    ("什么", ("啥", "sm")),
    ("知道", ("zd", "晓得")),
    ("现在", ("xz", "这会儿")),
)
_TYPOS: tuple[tuple[str, str], ...] = (
    ("的", "得"),
    ("在", "再"),
    ("账", "帐"),
    ("已经", "以经"),
    ("马上", "吗上"),
    ("微信", "威信"),
    ("那", "哪"),
    ("做", "作"),
    ("登录", "登陆"),
    ("元", "块"),
    ("到账", "到帐"),
    ("你好", "您好"),
    ("吗", "嘛"),
)
_EVASION: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("兼职", ("兼 职", "兼.职", "兼-职", "jian职", "兼织")),
    ("刷单", ("刷 单", "刷.单", "shua单")),
    ("微信", ("薇信", "威信", "徽信", "V❤", "威 信")),
    ("贷款", ("贷 款", "dai款", "贷.款", "带款")),
    ("加", ("+", "➕", "家")),
    ("返利", ("返 利", "fan利")),
    ("佣金", ("佣 金", "yong金")),
    ("赚钱", ("赚 钱", "zhuan钱", "💰")),
    ("投资", ("投 资", "tou资")),
    ("客服", ("kf", "客 服")),
)
_EMOJI = ("😊", "👍", "🙏", "😂", "🌹", "💰", "🔥", "❤️", "✨", "🎉", "👉", "😭", "💪", "🤝", "‼️", "⚠️")
_SPEAKERS: tuple[tuple[str, str], ...] = (
    ("A", "B"),
    ("甲", "乙"),
    ("对方", "我"),
    ("来电", "我"),
    ("客服", "用户"),
    ("坐席", "客户"),
    ("来电人", "本人"),
    ("他", "我"),
    ("对方说", "我说"),
    ("陌生人", "我"),
)
_CALLER = re.compile(r"^(对方|来电|A)[：:]", re.MULTILINE)
_CALLED = re.compile(r"^(我|B)[：:]", re.MULTILINE)
_RETELL_SMS = (
    "我收到一条短信：{}",
    "收到短信“{}”，",
    "手机上收到这个：{}",
    "帮我看看这条：{}",
    "{}\n这个是真的吗",
    "转发：{}",
    "我妈收到的短信：{}",
    "这条信息靠谱吗？{}",
)
_RETELL_CALL = (
    "我接到一个电话，{}",
    "今天有人打电话给我，{}",
    "通话录音整理：\n{}",
    "我爸接到个电话，内容大概是：{}",
    "刚才的电话：{}",
)


def _mask(text: str, rng: random.Random) -> str:
    token = rng.choice(("DIGIT", "xxxx", "***", "XXX", "*"))
    text = _URL.sub(rng.choice(("URL", "[链接]", "URL", "xxx")), text)
    text = _DIGITS.sub(token, text)
    if rng.random() < 0.6:
        text = _PLACE.sub(rng.choice(("PLACE", "某地", "xx")), text)
    return text


def _swap(text: str, table: tuple[tuple[str, tuple[str, ...]], ...], rng: random.Random, rate: float) -> str:
    for word, options in table:
        if word in text and rng.random() < rate:
            text = text.replace(word, rng.choice(options), 1 if rng.random() < 0.5 else -1)
    return text


def _typo(text: str, rng: random.Random) -> str:
    word, wrong = rng.choice(_TYPOS)
    return text.replace(word, wrong, 1)


def _emoji(text: str, rng: random.Random) -> str:
    marks = "".join(rng.choice(_EMOJI) for _ in range(rng.randint(1, 3)))
    if rng.random() < 0.5:
        return text + marks
    return re.sub("[，。！]", lambda m: m[0] + marks if rng.random() < 0.3 else m[0], text, count=2)


def _speakers(text: str, rng: random.Random) -> str:
    caller, called = rng.choice(_SPEAKERS)
    colon = rng.choice(("：", ":", "： ", "："))
    text = _CALLER.sub(caller + colon, text)
    return _CALLED.sub(called + colon, text)


def _retell(text: str, style: str, rng: random.Random) -> str:
    if style == "call":
        flat = text.replace("\n", "，") if rng.random() < 0.5 else text
        return rng.choice(_RETELL_CALL).format(flat)
    return rng.choice(_RETELL_SMS).format(text)


def vary(text: str, style: str, is_fraud: bool, rng: random.Random) -> str:
    """One realistic variant of a generated text (often the text itself)."""
    if style == "call" and rng.random() < SPEAKER_PROBABILITY:
        text = _speakers(text, rng)
    if style in ("sms", "call") and rng.random() < RETELL_PROBABILITY:
        text = _retell(text, style, rng)
    if rng.random() < SLANG_PROBABILITY:
        text = _swap(text, _SLANG, rng, 0.5)
    if rng.random() < EVASION_PROBABILITY[is_fraud]:
        text = _swap(text, _EVASION, rng, 0.6)
    if rng.random() < TYPO_PROBABILITY:
        text = _typo(text, rng)
    if rng.random() < EMOJI_PROBABILITY:
        text = _emoji(text, rng)
    if rng.random() < MASK_PROBABILITY:
        text = _mask(text, rng)
    return text
