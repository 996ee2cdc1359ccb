"""Each fraud type is recognised on hand-written examples that are not in the training corpus."""

from __future__ import annotations

import csv

import pytest

from fanzha.detection import taxonomy
from fanzha.detection.classifier import ADVERT, MODEL_PATH, classify, load_model
from fanzha.detection.corpus.generate import CORPUS_CSV

EXAMPLES: dict[str, list[str]] = {
    "order_brushing": [
        "群里的接待员说帮商家刷销量，一单返百分之十，我做了三单后说是连单，要再垫六千",
        "网上兼职点赞员，先给了我十二块佣金，现在让我充值做大任务",
    ],
    "investment": [
        "一个带单老师说他有内幕消息，让我在他们的平台买，现在我提现不了，还要交解冻费",
        "群里的分析师天天晒收益，说跟着他操作一个月赚百分之五十，让我入金",
    ],
    "shopping": [
        "在朋友圈找代购买了两罐奶粉，付完钱对方说被海关扣了要补缴关税",
        "卖家说平台扣手续费，让我加他微信私下转账买手机，便宜五百",
    ],
    "customer_service": [
        "自称快递客服的人说我的包裹丢了要理赔，让我下载一个会议软件共享屏幕",
        "客服打电话说我开通了百万保障每月扣费，要我打开借呗借钱转过去才能取消",
    ],
    "loan": [
        "网上贷款说无抵押秒到账，结果说我银行卡号填错了，要交解冻费才能放款",
        "贷款App通过了审核，客服让我先交三千保证金，说放款后一起退",
    ],
    "credit_repair": [
        "对方说我大学的校园贷账户没注销会影响征信，让我在几个平台借钱转给他注销",
        "有人说花两千块可以帮我修复征信，把逾期记录删掉",
    ],
    "impersonate_acquaintance": [
        "领导的新微信让我先给供应商转三十万，说他在开会不方便接电话，手续后补",
        "有人打电话让我猜他是谁，说是我老同学，借五千块应急",
    ],
    "impersonate_authority": [
        "一个自称警官的人说我的卡涉嫌洗钱，让我把钱转到安全账户做资金清查，不能告诉家人",
        "对方发来一张通缉令，让我一个人去宾馆住下配合视频笔录",
    ],
    "romance": [
        "婚恋网站上认识的男朋友从不视频，说他发现一个博彩网站的漏洞让我一起下注",
        "网恋对象天天叫我老婆，让我在他推荐的平台充钱一起投资赚钱结婚",
    ],
    "game_trading": [
        "孩子在游戏里看到免费领皮肤，用我的手机扫码付了钱，对方又说要交解冻费",
        "卖游戏账号时买家让我去一个交易平台，现在说要交保证金才能提现",
    ],
    "other_fraud": [
        "短信说我的航班取消了，客服让我提供银行卡和验证码办理改签补偿",
        "有人高价收购银行卡和电话卡，一张给两千，出借几天就行",
    ],
}

NORMAL_EXAMPLES = [
    "【农业银行】您尾号3321的账户11月5日入账工资4200.00元",
    "快递到驿站了，取件码5-3-2210",
    "【支付宝】验证码771204，请勿告诉任何人，支付宝不会索要验证码",
    "明天早上八点村委会门口集合去修水渠",
    "派出所提醒：公检法不会让你转账到安全账户，遇到可疑电话打96110",
    "妈，我周末回来，给你带点水果",
]


def _corpus_texts() -> set[str]:
    with CORPUS_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["text"] for row in csv.DictReader(handle)}


def test_the_examples_are_not_in_the_corpus() -> None:
    corpus = _corpus_texts()
    for text in [t for texts in EXAMPLES.values() for t in texts] + NORMAL_EXAMPLES:
        assert text not in corpus


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_each_fraud_type_is_recognised_in_examples_not_in_the_corpus(code: str) -> None:
    verdicts = classify(EXAMPLES[code])
    assert all(v.is_fraud for v in verdicts), [v.fraud_type for v in verdicts]
    assert [v.fraud_type for v in verdicts].count(code) >= 1, [v.fraud_type for v in verdicts]


def test_fraud_verdicts_name_red_flags_and_give_the_types_advice() -> None:
    verdict = classify(EXAMPLES["impersonate_authority"][:1])[0]
    assert {"安全账户", "资金清查"} <= {f.phrase for f in verdict.red_flags}
    assert any("安全账户" in line for line in verdict.advice)


def test_everyday_messages_are_not_flagged() -> None:
    verdicts = classify(NORMAL_EXAMPLES)
    assert [v.fraud_type for v in verdicts] == ["normal"] * len(NORMAL_EXAMPLES)
    assert all(v.advice == taxonomy.GENERAL_ADVICE for v in verdicts)
    assert all(v.score < 0.5 for v in verdicts)


def test_the_shipped_model_loads_from_its_file_and_names_every_fraud_type() -> None:
    # How long it takes is a figure for benchmarks/bench_detection.py (model_load_seconds), not a test.
    detector = load_model(MODEL_PATH)
    assert detector.classify([EXAMPLES["investment"][0]])[0].fraud_type == "investment"
    assert set(detector.model.classes) == {*taxonomy.CODES, ADVERT}
