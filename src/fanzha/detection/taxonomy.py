"""The twelve fraud types, their red flags, citizen advice and officer playbooks.

Codes are stable and used everywhere (API, files, exports; docs/design.md lists them). The text is
written for this project from public police guidance on how each kind of fraud runs. Red-flag patterns are matched against
*normalised* text (simplified, half-width, lower-case, whitespace removed; see normalize.py), so they
are written in that form: `app`, not `APP`; `验证码`, not `驗證碼`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# Every piece of citizen advice ends with this, whatever the type: it is the one thing a frightened
# person must remember.
STANDARD_ADVICE = "不透露验证码、身份信息，不转账，拨打96110或联系社区民警。"

# 三不一多: the public slogan, given when a message looks normal.
GENERAL_ADVICE: tuple[str, ...] = (
    "未知链接不点击，陌生来电不轻信，个人信息不透露，转账汇款多核实。",
    "拿不准时先停一停，用自己知道的号码向对方单位或家人核实。",
    STANDARD_ADVICE,
)


# Given when a message is most like an advert: marketing is not a scam script, and the usual care holds.
ADVERT_ADVICE: tuple[str, ...] = (
    "这像是营销广告，不是诈骗话术。",
    "优惠和额度以商家官方App、门店或官方客服电话为准；不想再收到，可按短信提示退订。",
    *GENERAL_ADVICE,
)


@dataclass(frozen=True)
class RedFlagRule:
    """A phrase (or a regex when `regex` is true) that gives a fraud script away, and why.

    `why` explains the phrase inside its own type's script; `general`, when the phrase turns up in
    other scripts too (加QQ, 扫码, 保证金), explains it wherever it appears, and is shown when the
    verdict is another type or normal.
    """

    pattern: str
    why: str
    regex: bool = False
    general: str = ""


@dataclass(frozen=True)
class Playbook:
    """What a police officer does when a person may be being defrauded right now."""

    checks: tuple[str, ...]  # 查看: what to look at on the phone and in the accounts
    questions: tuple[str, ...]  # 询问: what to ask the person
    where_to_look: tuple[str, ...]  # where the person is likely to be
    actions: tuple[str, ...]  # what to do at once


@dataclass(frozen=True)
class FraudType:
    code: str
    name_zh: str
    description: str
    red_flags: tuple[RedFlagRule, ...]
    advice: tuple[str, ...]
    playbook: Playbook

    @property
    def is_fraud(self) -> bool:
        return self.code != "normal"


def _p(pattern: str, why: str) -> RedFlagRule:
    return RedFlagRule(pattern, why)


def _re(pattern: str, why: str, general: str = "") -> RedFlagRule:
    return RedFlagRule(pattern, why, regex=True, general=general)


# The face-to-face check (四查看) is the same for every type; each playbook adds what is specific.
_CHECKS_COMMON: tuple[str, ...] = (
    "查看通话和短信记录：近期陌生来电、境外号码、自称官方的短信",
    "查看聊天软件：陌生好友、新建的群聊、对方发来的链接和二维码",
    "查看已安装的应用：不知名的聊天、投资、贷款App，屏幕共享或远程控制软件",
    "查看银行和支付记录：近期大额或频繁转账、向陌生个人账户的转账",
)
_QUESTIONS_COMMON: tuple[str, ...] = (
    "为什么要转账？对方是谁，怎么认识的？",
    "钱是否转到了不认识的个人账户？一共转了多少、转了几次？",
    "是否向对方提供过验证码、银行卡号或身份证照片？",
)
_ACTIONS_COMMON: tuple[str, ...] = (
    "当面讲清这是诈骗，劝阻继续转账",
    "已转出的钱：立即报案并对收款账户申请紧急止付（48小时，最多两次）",
    "保存聊天记录、转账凭证和对方账号，截图后再删除可疑应用",
    "指导安装国家反诈中心App并开启来电预警",
)


def _playbook(
    checks: tuple[str, ...] = (),
    questions: tuple[str, ...] = (),
    where_to_look: tuple[str, ...] = (),
    actions: tuple[str, ...] = (),
) -> Playbook:
    return Playbook(
        checks=_CHECKS_COMMON + checks,
        questions=_QUESTIONS_COMMON + questions,
        where_to_look=where_to_look,
        actions=actions + _ACTIONS_COMMON,
    )


# Red flags that belong to no single type: any script that asks for these is suspect.
COMMON_RED_FLAGS: tuple[RedFlagRule, ...] = (
    _re(
        r"(?<![勿不别要禁得])(告诉|发给|报给|提供|念一下|报一下|读一下|说一下)[^。！？!?\n]{0,6}验证码",
        "有人索要验证码：验证码就是你的钥匙，任何人索要都是诈骗",
    ),
    _re(r"验证码[^。！？!?\n]{0,6}(发给我|告诉我|报给我|发过来|念给我)", "有人索要验证码"),
    _re(r"(屏幕共享|共享屏幕|开启共享|远程(控制|协助))", "要求共享屏幕或远程控制，对方能看到你的密码和验证码"),
    _re(
        r"不要(告诉|跟|和|对)(任何人|家人|别人|家里人|银行)",
        "要求对家人、银行保密：骗子怕你找人核实",
    ),
    _re(r"(转|打|汇)(到|入|进|给)?(指定|以下|下面|这个|我给你的)(的)?(账户|账号|银行卡|卡号)", "要求向指定账户转账"),
    _re(r"(下载|安装)[^。！？!?\n，,]{0,8}(会议|聊天)(app|软件)", "要求下载不知名的会议或聊天软件"),
    _p("身份证正反面", "索要身份证照片，可能被用来冒名办卡、贷款"),
)


FRAUD_TYPES_LIST: tuple[FraudType, ...] = (
    FraudType(
        code="order_brushing",
        name_zh="刷单返利",
        description="以点赞关注、刷单刷信誉、做任务返佣金为诱饵，先返小额佣金取信，"
        "再以连单、卡单、操作失误等理由诱导不断垫付，最终无法提现。",
        red_flags=(
            _p("刷单", "刷单本身违法，要求刷单的都是诈骗"),
            _p("刷信誉", "刷信誉就是刷单"),
            _p("刷好评", "刷好评就是刷单"),
            _re(r"(返利|返佣|返现)", "先付钱再返利，是刷单骗局的典型套路", "用返利、返现引你先掏钱，是诈骗的常见诱饵"),
            _re(
                r"(点赞|关注|评论|收藏|截图)[^。！？!?\n]{0,10}(佣金|提成|返现|元一单|元/单)",
                "点赞关注领佣金是刷单的入门诱饵",
            ),
            _re(
                r"(垫付|垫资)", "要求先垫付资金，正规兼职不会让你先掏钱", "要求你先垫付资金，正规的工作和交易都不会这样"
            ),
            _re(r"(连单|卡单|组合单|联单)", "以连单、卡单为由要求继续充值，是刷单诈骗的收网话术"),
            _p("操作失误", "声称你操作失误导致无法提现，是为了让你再转钱"),
            _re(r"(派单员|接待员|任务单|做任务)", "有专人派任务、做任务返钱，是刷单骗局的组织方式"),
            _re(r"充(值)?(得)?越多[^。！？!?\n]{0,4}(赚|返)", "充得越多赚得越多是诱导加大投入"),
            _re(r"(动动手指|足不出户|在家)[^。！？!?\n]{0,8}(赚|日结|收入)", "轻松赚钱的兼职诱饵"),
        ),
        advice=(
            "凡是要求先垫付资金的刷单、点赞、做任务兼职都是诈骗，刷单本身也违法。",
            "不要因为先拿到小额佣金就相信对方，后面的连单、卡单就是为了骗更多的钱。",
            STANDARD_ADVICE,
        ),
        playbook=_playbook(
            checks=("查看是否加入了任务群、是否有派单员或接待员发来的任务链接",),
            questions=("是否在做点赞、刷单或做任务的兼职？对方用什么理由不让提现？",),
            where_to_look=("学校宿舍（学生）", "家中（待业、在家带孩子的人）", "网吧"),
            actions=("立即停止垫付，告诉对方已报警后退出任务群", "卸载任务App前先截图保存账号和记录"),
        ),
    ),
    FraudType(
        code="investment",
        name_zh="虚假网络投资理财",
        description="通过荐股群、直播课、所谓老师或网恋对象，以内幕消息、平台漏洞、高额回报为饵，"
        "诱导在虚假平台投资；小额能提现，大额后以系统异常、账户冻结、解冻费等为由不让取钱。",
        red_flags=(
            _re(r"(带单老师|带单|老师带你|跟着老师)", "所谓老师带单，是投资骗局的核心角色"),
            _p("内幕消息", "不存在能让你稳赚的内幕消息"),
            _re(
                r"(稳赚不赔|稳赚|保本保息|只赚不赔|零风险)",
                "承诺稳赚不赔的投资都是骗局",
                "承诺稳赚、保本保息、零风险的，都是骗人的说法",
            ),
            _re(r"(高回报|高收益|翻倍|收益率\d+%|日收益|月收益)", "远高于正常水平的收益承诺"),
            _re(r"(荐股|牛股|股票群|炒股群|投资群|理财群)", "荐股群、投资群是投资骗局的引流渠道"),
            _re(r"(平台漏洞|系统漏洞|网站漏洞)", "所谓平台漏洞能赚钱，是骗你在虚假平台充值"),
            _re(
                r"(解冻费|解冻金|保证金|提现手续费|个人所得税)",
                "提现前先交钱，钱就再也拿不回来",
                "要你先交解冻费、保证金、手续费才能拿到钱，是诈骗的常见手法",
            ),
            _re(r"(系统异常|账户冻结|提现失败|无法提现|不能提现)", "大额提现时系统异常，是虚假平台在收网"),
            _re(r"(虚拟币|数字货币|usdt|原始股|期货外汇|外汇平台)", "虚拟币、原始股、境外期货外汇是高发骗局载体"),
            _p("直播课", "免费直播课常用来拉人进投资群"),
        ),
        advice=(
            "通过正规证券、银行渠道投资；凡是老师带单、内幕消息、稳赚不赔的都是骗局。",
            "能小额提现不代表平台可信，大额提现要交解冻费、保证金的一定是诈骗。",
            STANDARD_ADVICE,
        ),
        playbook=_playbook(
            checks=("查看是否有投资、炒股、虚拟币App，以及荐股群、直播课的聊天记录",),
            questions=("在什么平台投资？谁推荐的？能否提现、对方要求交什么费用？",),
            where_to_look=("家中电脑前", "银行网点柜台（大额转账时）"),
            actions=("联系银行对其账户临时限额、延缓大额转账", "让家属陪同，防止继续借钱充值"),
        ),
    ),
    FraudType(
        code="shopping",
        name_zh="虚假购物服务",
        description="以极低价格、代购、代抢门票、代写代办等为名，把人从正规平台引到私下交易，"
        "收款后再以补缴关税、保证金等理由要钱，最后拉黑。",
        red_flags=(
            _re(
                r"(超低价|低价|白菜价|亏本价|清仓价|内部价|一折|二折)",
                "远低于市场价的商品是诱饵",
                "远低于市场价的东西多是诱饵",
            ),
            _re(r"(代购|海外代购|代抢|抢票|代写|代办)", "代购、代抢、代写是虚假购物服务的常见名目"),
            _re(
                r"(私下交易|加微信交易|加我微信|走微信|不走平台|绕开平台|省手续费|免手续费)",
                "要求绕开平台私下交易，出了问题没人保障",
                "要求绕开正规平台私下联系或交易，出了问题没人保障",
            ),
            _re(r"(关税|清关费|补缴|补差价)", "付款后又要补缴费用，是骗你继续转钱"),
            _re(r"(先付全款|先付定金|付定金|先交定金)", "要求先付款后发货，付了就可能被拉黑"),
            _p("拉黑", "付款后被拉黑，已经被骗"),
        ),
        advice=(
            "网购只在正规平台下单付款，不要跟卖家私下转账。",
            "价格低得离谱、要求先付全款或补缴关税的，都是骗局。",
            STANDARD_ADVICE,
        ),
        playbook=_playbook(
            checks=("查看购物平台订单与私下付款记录，是否被卖家拉到微信、QQ交易",),
            questions=("买的什么？在哪个平台看到的？钱是通过平台付的还是私下转的？",),
            where_to_look=("家中", "工作单位"),
            actions=("停止补缴任何费用", "向购物平台投诉并保留商品页面截图"),
        ),
    ),
    FraudType(
        code="customer_service",
        name_zh="冒充电商物流客服",
        description="冒充购物平台、快递物流或直播平台客服，以快递丢失理赔、商品质量问题退款、"
        "误开百万保障或会员要取消等为由，诱导下载会议软件、共享屏幕，套取验证码或让人借款转账。",
        red_flags=(
            _re(
                r"(客服|售后)[^。！？!?\n]{0,10}(退款|理赔|赔偿|赔付)",
                "客服主动打来说要退款理赔，正规平台会在订单页处理",
            ),
            _re(
                r"(快递|包裹|物流)[^。！？!?\n]{0,10}(丢失|丢了|破损|损坏|理赔)",
                "快递丢失要理赔，是冒充物流客服的开场白",
            ),
            _re(
                r"(百万保障|百万医疗|保障服务|会员服务|自动扣费|扣费|续费)",
                "称你误开了百万保障或会员要扣费，是冒充客服的常见理由",
                "以扣费、续费为由让你操作账户，先到官方App或官方电话核实",
            ),
            _re(r"(取消|关闭)[^。！？!?\n]{0,6}(会员|保障|服务|扣费|代理)", "要你操作取消服务，实际是骗你转账"),
            _re(r"(双倍赔偿|三倍赔偿|高额赔偿|退你|退还你)", "主动提出高额赔偿是诱饵"),
            _re(
                r"(备用金|借呗|微粒贷|网贷平台)[^。！？!?\n]{0,10}(借|贷|转)",
                "让你从借款平台借钱再转出，是典型骗局",
                "让你从借款平台借钱再转出，是典型骗局",
            ),
            _p("扫码领取", "包裹里夹带的卡片扫码领赔偿或礼品，多是诈骗入口"),
        ),
        advice=(
            "退款理赔只在购物平台、快递公司官方App或官方电话里办理，不接受来电指引操作。",
            "不下载对方让装的会议、聊天软件，不开启屏幕共享，不从借款平台借钱转给所谓客服。",
            STANDARD_ADVICE,
        ),
        playbook=_playbook(
            checks=("查看是否装有会议类或屏幕共享软件，是否开着共享",),
            questions=("对方说是哪家平台的客服？让你操作了哪些步骤、有没有从借款平台借钱？",),
            where_to_look=("家中", "工作单位"),
            actions=("立即结束屏幕共享并卸载会议软件", "修改支付密码，联系银行和借款平台冻结异常借款"),
        ),
    ),
    FraudType(
        code="loan",
        name_zh="虚假网络贷款",
        description="以无抵押、无担保、秒到账、不查征信等为诱饵，诱导下载虚假贷款App，"
        "放款前以手续费、保证金、解冻费或银行卡号填错需要修改为由要钱。",
        red_flags=(
            _re(r"(无抵押|无担保|免抵押|免担保)", "无抵押无担保的低息贷款是诱饵"),
            _re(r"(秒到账|秒下款|秒批|当天放款|极速放款|快速放款)", "保证秒到账的贷款广告多是虚假贷款"),
            _re(r"(不查征信|黑户可贷|征信不好也能|逾期也能贷)", "声称不查征信，正规贷款都要审核征信"),
            _re(
                r"(手续费|保证金|解冻费|验资|工本费|会员费|刷流水)",
                "放款前先收费，一定是诈骗",
                "要你先交解冻费、保证金、手续费才能拿到钱，是诈骗的常见手法",
            ),
            _re(
                r"(卡号填错|卡号错误|银行卡号有误|账户被冻结|资金被冻结|贷款被冻结)",
                "说你填错卡号、资金冻结，要你交钱解冻",
                "说账户或资金被冻结、要交钱解冻，是诈骗的常见说法",
            ),
            _re(r"(低息贷款|低利息|额度\d+万|贷款额度)", "贷款广告中的高额度低利息"),
        ),
        advice=(
            "正规贷款在放款前不收任何费用；要求先交手续费、保证金、解冻费的都是诈骗。",
            "贷款只找银行或持牌金融机构，通过官方渠道申请。",
            STANDARD_ADVICE,
        ),
        playbook=_playbook(
            checks=("查看是否安装了不知名的贷款App，App里显示的“放款失败”“账户冻结”页面",),
            questions=("在哪个App申请的贷款？放款前被要求交了什么费用？",),
            where_to_look=("家中", "工作地点（急需用钱的个体户、务工人员）"),
            actions=("停止缴纳任何费用并卸载贷款App（先截图）", "告知贷款应通过银行办理"),
        ),
    ),
    FraudType(
        code="credit_repair",
        name_zh="虚假征信",
        description="冒充金融平台或监管部门，称校园贷、网贷账户不注销或有逾期会影响征信，"
        "诱导在多个平台借款后转到指定账户，或收费修复征信。",
        red_flags=(
            _re(
                r"(注销|关闭)[^。！？!?\n]{0,4}(校园贷|学生贷|学生账户|校园账户|网贷账户)",
                "注销校园贷、学生账户是虚假征信的固定开场白",
            ),
            _re(
                r"(修复征信|征信修复|消除逾期|清除逾期|消除不良记录|洗白征信|删除不良记录)",
                "没有人能修改征信记录，收费修复征信就是诈骗",
            ),
            _re(
                r"(影响|损害|上)[^。！？!?\n]{0,4}(征信|信用记录)",
                "用影响征信来吓人",
                "用影响征信来吓人，正规机构不会因此要你转账",
            ),
            _re(r"征信[^。！？!?\n]{0,6}(有污点|受影响|有问题|不良|黑名单)", "用征信问题来吓人"),
            _re(r"(银保监|金融监管)[^。！？!?\n]{0,8}(要求|通知|规定)", "冒充监管部门的名义"),
            _re(
                r"(把额度|额度)[^。！？!?\n]{0,6}(借出来|提出来|取出来|清空)",
                "让你把借款额度借出来转走",
                "让你把借款额度借出来转走，是典型骗局",
            ),
        ),
        advice=(
            "征信记录只能由人民银行征信中心依法记载，任何人都无法修改或注销。",
            "接到注销校园贷、修复征信的电话一律挂断，不要在任何平台借款转给对方。",
            STANDARD_ADVICE,
        ),
        playbook=_playbook(
            checks=("查看各借款App是否有刚借出的款项，以及转出到个人账户的记录",),
            questions=("对方是否说要注销账户、否则影响征信？让你从哪些平台借了钱？",),
            where_to_look=("学校宿舍", "刚毕业学生的租住地或单位"),
            actions=("联系借款平台说明被骗、申请冻结借款", "告知征信无法被个人修改"),
        ),
    ),
    FraudType(
        code="impersonate_acquaintance",
        name_zh="冒充领导熟人",
        description="盗用或仿冒领导、老师、亲友的头像和名字，用新账号联系，以在开会不便接电话、"
        "项目款、保证金、资金拆借等为由，要求先转账后补手续。财务人员是重点目标。",
        red_flags=(
            _re(
                r"(在开会|开会中|正在开会)[^。！？!?\n]{0,8}(不方便|接不了|没法接)",
                "说在开会不方便接电话，就是怕你听出声音",
            ),
            _p("先付后补", "先付后补手续违反财务制度"),
            _re(r"(新号|新微信|新账号|换号了|换了号|这是我新)", "新账号自称熟人，一定要电话或当面核实"),
            _re(r"(资金拆借|项目款|合同款|工程款|投标保证金|往来款)", "以领导名义要求转项目款、拆借资金"),
            _re(r"(你猜我是谁|猜猜我是谁|听不出我)", "“猜猜我是谁”是冒充熟人的老套路"),
            _re(r"(帮我转|先帮我|替我转|先垫一下|帮我垫)", "要你先帮忙转账、垫付"),
            _re(r"(拉你进|拉进)[^。！？!?\n]{0,6}(群|高管群|领导群)", "被拉进假的领导、高管群"),
        ),
        advice=(
            "领导、熟人用新账号要钱，先用原来存的电话或当面核实：没见面、没听到声音，就不转账。",
            "财务人员严格执行转账审批，任何“先付后补”的要求都要拒绝。",
            STANDARD_ADVICE,
        ),
        playbook=_playbook(
            checks=("查看最近新加的好友和新建的群，对方头像名字是否与真领导、亲友相同",),
            questions=("是否与本人通过电话或当面确认过？转的是单位的钱还是自己的钱？",),
            where_to_look=("单位财务室", "家中（冒充子女、亲戚时）"),
            actions=("让当事人用原有号码联系领导或亲友本人核实", "通知单位负责人暂停对外付款"),
        ),
    ),
    FraudType(
        code="impersonate_authority",
        name_zh="冒充公检法及政府机关",
        description="冒充公安、检察院、法院或医保、社保等部门，称对方涉嫌洗钱、快递藏违禁品、"
        "身份被冒用，出示网上通缉令，要求保密、视频做笔录、把钱转到安全账户接受资金清查，"
        "常把人隔离在偏僻宾馆并让其安装屏幕共享软件。",
        red_flags=(
            _p("安全账户", "公安机关没有所谓安全账户，要求转到安全账户的都是诈骗"),
            _re(r"(资金清查|资产清查|资金核查|清查资金)", "公检法不会要求你转账接受资金清查"),
            _re(r"(通缉令|逮捕令|拘捕令|冻结令|传票)", "网上出示的通缉令、逮捕令都是伪造的"),
            _re(r"(洗钱|涉嫌犯罪|涉案|涉嫌|非法集资案)", "说你涉嫌洗钱、涉案，是冒充公检法的开场白"),
            _re(r"(视频笔录|电话笔录|视频做笔录|做笔录|录口供)", "公安机关不会通过电话、视频做笔录"),
            _re(r"(保密|绝密|侦查不公开|泄露案情)", "要求对家人保密，是为了不让你核实"),
            _re(r"(宾馆|酒店)[^。！？!?\n]{0,8}(住|开房|一个人|单独)", "让你一个人住进宾馆，是隔离受害人"),
            _re(r"(住进|住到|去|开一间)[^。！？!?\n]{0,6}(宾馆|酒店)", "让你一个人住进宾馆，是隔离受害人"),
            _re(
                r"(公安局|派出所|检察院|法院|刑警|警官)[^。！？!?\n]{0,12}(转账|汇款|账户|银行卡)", "公检法不会要求转账"
            ),
            _re(
                r"(身份(信息)?被(冒用|盗用)|医保卡(异常|被冒用|违规)|社保卡(异常|被冒用))",
                "以身份被冒用、医保异常开头，再转接给假警察",
            ),
            _re(r"(新办|办一张|新开)[^。！？!?\n]{0,4}(银行卡|卡)", "让你去新办银行卡，是为了转走钱"),
        ),
        advice=(
            "公检法机关不会通过电话、视频办案做笔录，不会网上发通缉令，更没有安全账户。",
            "接到自称警察、检察官要求转账或保密的电话，立即挂断，打110或到派出所当面核实。",
            STANDARD_ADVICE,
        ),
        playbook=_playbook(
            checks=("查看是否装有屏幕共享、远程控制或会议软件，是否存有假通缉令图片",),
            questions=("对方自称哪个单位？是否要求你保密、单独外出住宿、新办银行卡？",),
            where_to_look=(
                "偏僻的宾馆、酒店、民宿（受害人常被要求独自入住）",
                "银行网点（新办卡、大额转账）",
                "家中独处的房间",
            ),
            actions=(
                "到宾馆、银行逐一查找，见面劝阻",
                "立即卸载屏幕共享软件，必要时取出手机卡切断与骗子的联系",
                "联系银行暂停大额转账",
            ),
        ),
    ),
    FraudType(
        code="romance",
        name_zh="网络婚恋交友",
        description="在交友软件、婚恋网站或游戏里以恋爱为名长期培养感情（杀猪盘），"
        "取得信任后引到博彩、投资平台充值，或以各种急事为由借钱。",
        red_flags=(
            _re(r"(交友软件|婚恋网站|婚恋平台|相亲网站|交友平台)", "从交友、婚恋平台认识的人要你投资或借钱，高度可疑"),
            _re(
                r"(宝贝|亲爱的|老公|老婆)[^。！？!?\n]{0,12}(投资|充值|平台|赚钱|下注|彩票)",
                "恋爱对象带你投资、下注，是杀猪盘",
            ),
            _re(r"(一起赚钱|带你赚钱|一起投资|为我们的未来|以后结婚用)", "以共同未来为名带你投资"),
            _re(r"(博彩|彩票平台|下注|竞猜|网站漏洞|内部渠道)", "恋爱对象知道的博彩、平台漏洞就是骗局"),
            _re(r"(没见过面|从没见过|不肯视频|不方便视频|视频就卡)", "从未见面、不肯视频，身份多是假的"),
            _p("杀猪盘", "杀猪盘：先养感情，再骗钱"),
        ),
        advice=(
            "网上认识、从未见面的恋人让你投资、下注或借钱，一定是骗局。",
            "不在对方推荐的平台充值，先和家人朋友商量。",
            STANDARD_ADVICE,
        ),
        playbook=_playbook(
            checks=("查看交友软件和聊天记录，对方是否推荐了投资、博彩网站或App",),
            questions=("怎么认识的？见过面吗？对方让你在什么平台充值或借了多少钱？",),
            where_to_look=("家中", "独居者住处"),
            actions=("请家人陪伴开导，防止继续借钱充值", "停止向对方推荐的平台充值"),
        ),
    ),
    FraudType(
        code="game_trading",
        name_zh="网络游戏产品虚假交易",
        description="以低价充值、高价收购游戏账号、免费领皮肤装备为诱饵，把交易引到私下或虚假平台，"
        "再以注册费、解冻费、会员费、保证金等名目要钱，金额常是零碎数字。未成年人是常见目标。",
        red_flags=(
            _re(
                r"(游戏账号|游戏号|游戏装备|游戏币|点券|钻石|金币)[^。！？!?\n]{0,12}(收购|出售|买|卖|交易|充值)",
                "游戏账号、装备私下交易",
            ),
            _re(r"(免费领|免费送|白送)[^。！？!?\n]{0,6}(皮肤|装备|英雄|点券|钻石)", "免费领皮肤装备是骗局诱饵"),
            _re(r"(低价充值|充值优惠|半价充值|打折充值|代充)", "低价代充是诈骗诱饵"),
            _re(r"(高价收购|高价收号)", "高价收号是诱饵"),
            _re(
                r"(注册费|解冻费|会员费|保证金|激活费|认证费)",
                "交易平台要先交各种费用，是诈骗",
                "要你先交解冻费、保证金、手续费才能拿到钱，是诈骗的常见手法",
            ),
            _re(r"(交易平台|交易网站|交易猫|账号冻结|资金冻结)", "对方指定的交易平台多是虚假网站"),
            _re(
                r"(私下交易|私下交|加我qq|加qq|扫码)",
                "离开游戏官方渠道私下交易",
                "要求加QQ、扫码或私下交易，把人带离正规平台，是多种骗局的共同步骤",
            ),
        ),
        advice=(
            "游戏账号、装备只在官方渠道交易，不信低价充值、高价收号、免费送皮肤。",
            "家长管好支付密码，告诉孩子：要你先交钱才能拿到东西的，都是骗子。",
            STANDARD_ADVICE,
        ),
        playbook=_playbook(
            checks=("查看孩子或本人的游戏聊天、QQ记录，以及父母手机上的支付记录",),
            questions=("在哪个游戏、哪个平台交易？对方要求交了哪些费用？是否用了家长的手机付款？",),
            where_to_look=("家中（未成年人用家长手机时）", "学校、网吧"),
            actions=("通知家长修改支付密码并关闭免密支付", "向游戏官方举报对方账号"),
        ),
    ),
    FraudType(
        code="other_fraud",
        name_zh="其他诈骗",
        description="不属于上述类型的诈骗，如机票退改签、积分清零兑换、中奖、ETC或医保社保认证、"
        "冒充老师收费、出租出借银行卡电话卡（帮信、两卡）等。",
        red_flags=(
            _re(
                r"(航班取消|航班延误|退改签|改签)[^。！？!?\n]{0,16}(赔偿|退款|理赔|补偿|手续)",
                "航班取消退改签理赔，只认航空公司官方渠道",
            ),
            _re(r"(积分清零|积分即将清零|积分兑换|积分到期)", "积分清零兑换礼品的短信链接多是钓鱼网站"),
            _re(
                r"(中奖|幸运用户|抽中|大奖)[^。！？!?\n]{0,12}(领取|手续费|税|保证金|点击)",
                "中奖先交钱，是诈骗",
                "中奖、领奖要先交钱，是诈骗",
            ),
            _re(r"(etc)[^。！？!?\n]{0,8}(失效|认证|停用|过期|禁用)", "ETC失效认证短信多是钓鱼"),
            _re(
                r"(出租|出借|出售|收购)[^。！？!?\n]{0,4}(银行卡|电话卡|手机卡|u盾|对公账户)",
                "出租出借银行卡、电话卡是帮信犯罪（两卡）",
            ),
            _re(
                r"(资料费|报名费|书本费|班费)[^。！？!?\n]{0,10}(转|扫码|付)", "冒充老师在群里收费，要先向老师本人核实"
            ),
            _re(
                r"(点击|登录)[^。！？!?\n]{0,6}(链接|网址)[^。！？!?\n]{0,10}(领取|认证|激活|兑换|退款)",
                "点击链接领取、认证，多是钓鱼网站",
            ),
        ),
        advice=(
            "退改签、积分、中奖、ETC和社保认证，只通过官方App或官方客服电话办理，不点短信里的链接。",
            "出租、出借、出售自己的银行卡、电话卡是违法犯罪。",
            STANDARD_ADVICE,
        ),
        playbook=_playbook(
            checks=("查看短信里的链接是否已点击、是否在网页上填写过银行卡号和密码",),
            questions=("在网页或App上填写过哪些信息？是否把银行卡、电话卡交给过别人？",),
            where_to_look=("家中", "银行网点"),
            actions=("修改银行卡和支付密码，挂失已泄露的卡", "通知银行拦截可疑交易"),
        ),
    ),
    FraudType(
        code="normal",
        name_zh="非诈骗",
        description="没有发现诈骗特征的正常信息，如银行和运营商通知、快递、验证码短信、家人和工作聊天、"
        "营销广告、政府通知和反诈宣传。",
        red_flags=(),
        advice=GENERAL_ADVICE,
        playbook=Playbook(checks=(), questions=(), where_to_look=(), actions=()),
    ),
)

FRAUD_TYPES: dict[str, FraudType] = {t.code: t for t in FRAUD_TYPES_LIST}
CODES: tuple[str, ...] = tuple(FRAUD_TYPES)
FRAUD_CODES: tuple[str, ...] = tuple(c for c in CODES if c != "normal")
FRAUD_CODES_DESCRIBED = "诈骗类型代码，之一：" + "；".join(f"{c} {FRAUD_TYPES[c].name_zh}" for c in FRAUD_CODES)
"""What an API field that takes a fraud type tells its caller (OpenAPI): every code with its name."""


def fraud_code_of(text: str, aliases: Mapping[str, str]) -> str:
    """The code of a fraud type written as its code, its Chinese name or one of `aliases`; otherwise
    the text as it was, for the caller's check to refuse."""
    if text in FRAUD_CODES:
        return text
    for code in FRAUD_CODES:
        if FRAUD_TYPES[code].name_zh == text:
            return code
    return aliases.get(text, text)


class UnknownFraudType(KeyError):
    """A code that is not one of the twelve taxonomy codes."""


def get(code: str) -> FraudType:
    try:
        return FRAUD_TYPES[code]
    except KeyError:
        raise UnknownFraudType(code) from None
