"""Templates for messages that are not fraud.

False alarms cost the platform its users' trust, so this set is large and deliberately close to the
scams: real bank and carrier notices, genuine verification-code SMS (which warn "tell no one"),
genuine refunds and loans, family members asking for money in person, anti-fraud publicity full of
scam keywords, and citizens asking harmless questions in the consultation style.
"""

from __future__ import annotations

from fanzha.detection.corpus.grammar import SlotValue

NORMAL_SLOTS: dict[str, SlotValue] = {
    "nm_food": ["饺子", "火锅", "米线", "红烧肉", "炒饭", "烧烤", "汤圆", "鸡汤"],
    "nm_work": ["周报", "月度报表", "项目方案", "会议纪要", "预算表", "考勤表", "合同草稿"],
    "nm_place": ["会议室", "三楼小会议室", "乡政府", "村委会", "社区活动室", "学校操场"],
    "nm_goods": ["纸巾", "洗衣液", "大米", "牛奶", "水果", "面包", "电饭煲"],
    "nm_fraud": [
        "刷单返利",
        "冒充公检法",
        "虚假投资理财",
        "冒充客服",
        "虚假贷款",
        "注销校园贷",
        "网络游戏交易",
        "杀猪盘",
    ],
    "nm_tip": [
        "公安机关不会通过电话办案，也没有安全账户",
        "凡是要求先垫付的刷单都是诈骗",
        "正规贷款放款前不收任何费用",
        "不要向任何人透露验证码",
        "网购退款请在官方平台办理，不要开启屏幕共享",
        "没人能修复征信，注销校园贷的电话都是诈骗",
        "领导熟人用新号借钱，一定要电话核实",
        "网上认识没见过面的恋人让你投资，一定是骗局",
    ],
    "nm_site": [
        "https://www.12306.cn",
        "www.gov.cn",
        "https://www.chsi.com.cn",
        "etax.chinatax.gov.cn",
        "https://www.95598.cn",
        "www.12123.gov.cn",
        "https://www.zwfw.yn.gov.cn",
        "https://www.stats.gov.cn",
    ],
    "nm_short": [
        "好的",
        "收到",
        "嗯嗯",
        "哈哈哈",
        "谢谢",
        "OK",
        "👌",
        "在",
        "晚安",
        "？",
        "知道了",
        "马上到",
        "辛苦了",
        "好滴",
        "没问题",
        "稍等",
        "到了",
        "明白",
        "👍👍",
        "🙏",
    ],
    "nm_foreign": [
        "See you tomorrow at 9.",
        "Happy birthday! 🎂",
        "Thanks, got it.",
        "こんにちは、元気ですか",
        "Привет, как дела?",
        "Meeting moved to 3pm",
        "안녕하세요",
        "ok see u later",
        "Where are you now?",
        "Bonjour à tous",
        "lol 😂😂",
        "Good morning everyone ☀️",
    ],
    "nm_emoji": ["😀", "😂", "🤣", "❤️", "🌹", "👍", "🎉", "🙂", "😭", "🐶", "☕", "🌙", "💪", "🍎"],
}

# (style, template): style is sms, chat, call or report, as for the scams.
NORMAL: list[tuple[str, str]] = [
    # Bank and payment notices.
    (
        "sms",
        "【{bank}】您尾号{tail}的[储蓄卡|借记卡|账户]于{date}{clock}[转入|存入|收到工资]人民币{money}元，余额{money}元。",
    ),
    (
        "sms",
        "【{bank}】您尾号{tail}的卡于{date}{clock}[消费|支出|快捷支付]{money_small}元，余额{money}元。[如非本人操作请致电客服。|]",
    ),
    ("sms", "【{bank}】尊敬的客户，您的信用卡本期账单{money}元，最后还款日{date}，请按时还款。[已还款请忽略。|]"),
    ("sms", "【{bank}】您购买的[理财产品|定期存款]已于{date}到期，本息{money}元已转入尾号{tail}的账户。"),
    ("sms", "【{bank}】温馨提示：银行工作人员不会索要您的密码和验证码，[谨防诈骗|如有疑问请到网点咨询]。"),
    ("sms", "【[支付宝|微信支付]】您的账户{date}收到一笔转账{money_small}元，[可在账单中查看|已存入余额]。"),
    ("sms", "【{bank}】您申请的个人贷款{money_big}元已于{date}发放至尾号{tail}账户，[请按时还款|详情请咨询网点]。"),
    # Carriers.
    (
        "sms",
        "【{carrier}】尊敬的客户，您本月已使用流量{n_small}GB，剩余[{n_small}GB|{money_small}MB]，[详询10086|月底清零]。",
    ),
    ("sms", "【{carrier}】您的话费余额为{money_small}元，为避免停机，请及时充值。"),
    ("sms", "【{carrier}】您{date}办理的[套餐变更|宽带续约]已生效，如有疑问请拨打[10086|10010|10000]。"),
    # Deliveries and genuine refunds.
    ("sms", "【[菜鸟驿站|{express}]】您的包裹已到[小区门口|{town}]驿站，取件码{pickup}，请于{clock}前取件。"),
    ("sms", "【{express}】您的快递正在派送中，快递员{name}，电话{phone}，[请保持电话畅通|今天送达]。"),
    ("sms", "【{shop}】您的订单{order_no}退款{money_small}元已原路退回，[预计1-3个工作日到账|请注意查收]。"),
    ("sms", "【{shop}】您购买的商品已发货，[运单号|快递单号]{order_no}，可在App订单详情查看物流。"),
    # Verification codes: genuine ones say never to tell anyone.
    ("sms", "【{shop}】验证码{code}，[5|10]分钟内有效。[请勿泄露给他人|切勿告诉他人]，[客服不会索要验证码|谨防诈骗]。"),
    (
        "sms",
        "【{bank}】您正在[登录手机银行|绑定新设备|修改密码]，验证码{code}，请勿向任何人提供，[包括银行工作人员|谨防诈骗]。",
    ),
    ("sms", "【[国家反诈中心|政务服务]】您的注册验证码为{code4}，[有效期5分钟|请勿转发]。"),
    # Government and community notices.
    (
        "sms",
        "【{town}人民政府】{date}[停水|停电]通知：因[管道维修|线路检修]，[上午|下午]暂停供[水|电]，请提前做好准备。",
    ),
    (
        "sms",
        "【[医保局|{city}医保]】[{date}起|即日起]开始缴纳下一年度城乡居民医保，可通过[云南税务App|微信小程序|村委会]缴费，[不通过个人账户收费|请勿向个人转账]。",
    ),
    ("sms", "【[交管12123|{city}交警]】您的车辆{date}在[{town}路口|城区]有一条违法记录，请通过交管12123 App查询处理。"),
    ("sms", "【[气象台|{city}气象]】{date}夜间有[暴雨|大风|寒潮]，请注意防范，[减少外出|关好门窗]。"),
    ("sms", "【{town}派出所】温馨提示：{nm_tip}。如遇可疑情况请拨打96110或联系社区民警。"),
    ("sms", "【反诈提醒】近期{nm_fraud}案件高发，{nm_tip}。请下载国家反诈中心App。"),
    (
        "chat",
        "社区民警：各位居民，[今天|本周]给大家讲一个{nm_fraud}的案例，[骗子会说|对方一般会说]“先交保证金才能提现”，{nm_tip}，请转告家里老人。\n居民：收到\n居民：[谢谢提醒|已转发给家人]",
    ),
    # Marketing.
    (
        "sms",
        "【[{shop}|{city}万达|永辉超市]】[会员日|双十一|周年庆]全场{n_small}折起，{nm_goods}买一送一，[回T退订|退订回T]。",
    ),
    ("sms", "【[美团|饿了么]】送您{money_small}元[外卖红包|吃喝玩乐券]，{date}前有效，[打开App使用|拒收请回复R]。"),
    ("sms", "【{city}[车展|家装节]】{date}盛大开幕，到店有礼，详询{landline}，回T退订。"),
    # Family, friends and work chat.
    (
        "chat",
        "{relative}：[今晚|周末]回家吃饭吗？做了{nm_food}\n我：[回，大概{clock}到|这周加班，下周回]{emoji}\n{relative}：好，[路上慢点|记得带伞]",
    ),
    ("chat", "{relative}：[帮我|顺路]买点{nm_goods}回来\n我：好，还要别的吗\n{relative}：[不用了|再买点{nm_goods}]"),
    (
        "chat",
        "{relative}：[孩子|我]学费要交了，你方便的时候[转|打]{money}过来，[我当面跟你说过的|上次电话说好的]\n我：好，[晚上|明天]转给你",
    ),
    (
        "chat",
        "[同事|{name}]：{nm_work}[发你邮箱了|放群文件了]，帮忙看一下\n我：[好的|收到]，[下午|明天]给你意见\n[同事|{name}]：谢谢{emoji}",
    ),
    ("chat", "[领导|{surname}主任]：[明天|{date}]{clock}在{nm_place}开会，[带上{nm_work}|请准时参加]\n我：收到"),
    ("chat", "[班主任|{surname}老师]：各位家长，{date}开家长会，地点{nm_place}，请准时参加。\n家长：收到，谢谢老师"),
    (
        "chat",
        "{name}：[周末|明天]一起去[爬山|钓鱼|吃{nm_food}]吗\n我：好啊，[几点|在哪]集合\n{name}：{clock}，[老地方|{nm_place}]",
    ),
    ("chat", "网格员：[各位户主|大家好]，{date}在{nm_place}[打疫苗|体检|发放物资]，请带好身份证。\n居民：收到"),
    ("chat", "我：[这个月|上次]借你的{money}已经转你了，[查收一下|谢谢啦]\n{name}：收到了，不急的{emoji}"),
    # Calls and consultations that are harmless.
    ("call", "来电：您好，我是{express}快递员，您的快递[放门口|放驿站]可以吗？\n我：[可以|放驿站吧]，谢谢"),
    ("call", "对方：您好，这里是{town}卫生院，提醒您{date}来复查，[带上病历|空腹来]。\n我：好的，谢谢"),
    (
        "call",
        "来电：我是{town}派出所民警{name}，[来回访一下|提醒您]，{nm_tip}，[有事打96110|有问题随时联系我]。\n我：好的，谢谢",
    ),
    (
        "call",
        "对方：您好，{bank}[客户经理|网点]，您的[身份证|证件]快到期了，[请带身份证到网点更新|有空来柜台办理]，[不用在电话里提供信息|我们不会在电话里要验证码]。\n我：好的",
    ),
    ("report", "{ask_open}[我想|怎么]注册国家反诈中心App，[需要什么|在哪下载]？"),
    (
        "report",
        "{ask_open}今天社区民警来[村里|小区]宣传{nm_fraud}，[讲得很好|我学到了]，[以后接到这种电话就挂断|谢谢你们]。",
    ),
    (
        "report",
        "{ask_open}我收到{bank}的短信，说[我的卡|账户]转入了{money}元工资，[这个正常吗|我核对过是单位发的]？{ask_close}",
    ),
    ("report", "{ask_open}[快递员|{express}]打电话说包裹放驿站了，给了取件码，{ask_close}"),
    (
        "report",
        "{ask_open}我在{shop}上退货，退款已经按原路退回到账户，[没有人给我打电话|我自己在App里操作的]。{ask_close}",
    ),
    ("report", "{ask_open}[我儿子|我闺女|我老公]当面跟我说要交学费，让我转{money}给他，[这个没问题吧|应该没事吧]？"),
    ("report", "{ask_open}收到一条短信验证码，说请勿告诉他人，可是我没有[登录|注册]什么，[会不会有问题|要紧吗]？"),
    (
        "report",
        "{ask_open}村委会通知交医保，说可以在村委会或者税务App交，[不找个人收钱|不用转给个人]。{ask_close}",
    ),  # Anti-fraud publicity in every style: full of scam words, and not a scam.
    (
        "chat",
        "[网格员|中心户长]：[转发|通知]：{nm_fraud}诈骗又有新套路，{nm_tip}。[大家|各户]看完回复收到。\n居民：收到\n居民：[收到，谢谢|已告诉家里老人]",
    ),
    (
        "call",
        "来电：您好，这里是96110反诈专线，[我们注意到|提醒您]您[刚才|近期]接到了[可疑电话|境外来电]，{nm_tip}，请不要转账。\n我：好的，谢谢提醒",
    ),
    ("report", "{ask_open}[我看到|派出所发了]一条宣传，说{nm_tip}，[我转发到家族群了|我记住了]。"),
    (
        "sms",
        "【{city}公安】[国家反诈中心|全民反诈]提醒：[刷单就是诈骗|{nm_fraud}是诈骗]，{nm_tip}。[如遇可疑|如有疑问]请拨打96110。",
    ),
    (
        "chat",
        "{relative}：[你看这个新闻|转给你看看]，[有个老人|隔壁村有人]被{nm_fraud}骗了{money_big}元，{nm_tip}\n我：[知道了，|]我不会信的\n{relative}：[那就好|多注意]",
    ),
    ("report", "{ask_open}学校[开班会|发通知]讲了{nm_fraud}，说{nm_tip}，[我想确认一下|是这样吗]？"),
    (
        "sms",
        "【{town}派出所】[您好，|]我所民警{name}[将于|]{date}到[村里|小区]开展反诈宣传，讲解{nm_fraud}的骗术，请[准时参加|积极参加]。",
    ),
    (
        "chat",
        "[单位|公司]通知：[财务人员|全体员工]注意，[近期|最近]有人冒充领导[加好友|建群]要求转账，[凡是|所有]付款必须[电话|当面]核实，[走审批流程|严禁先付后补]。\n同事：收到",
    ),
    # Genuine money talk that looks like a scam on the surface.
    ("chat", "{name}：[上次|那天]吃饭的钱{money_small}，我[AA|平摊]一下转你了\n我：[收到|好的]{emoji}"),
    (
        "chat",
        "[领导|{surname}总]：[明天|周五]的[项目款|合同款]按流程走审批，财务[核对|复核]后再付\n财务：好的，[审批单|发票]齐了就付",
    ),
    (
        "chat",
        "{relative}：[我|刚才]在{bank}[存了|取了]{money}，[给你转了生活费|给孙子交了学费]\n我：收到了，[谢谢{relative}|不用这么多]",
    ),
    (
        "call",
        "来电：您好，我是{shop}的客服，您[刚才|昨天]在App上申请的退款已经[审核通过|处理]，[钱会原路退回|不需要您做任何操作]，[请注意查收|有问题可以在App里联系]。\n我：好的",
    ),
    (
        "call",
        "对方：您好，{bank}信用卡中心，您的[分期|账单]{money}元[已经办理成功|本月到期]，请[在手机银行里|通过官方App]查看，[我们不会要您转账|不需要提供验证码]。\n我：好的，知道了",
    ),
    (
        "sms",
        "【{bank}】您的[经营贷|房贷|个人消费贷]申请已受理，请携带身份证[到|于{date}到]网点面签，本行不收取任何[前期|放款前]费用。",
    ),
    (
        "sms",
        "【{shop}】您的[包裹|快递]已签收，如有质量问题可在订单页申请售后，[我们不会主动来电要求退款|谨防冒充客服诈骗]。",
    ),
    ("sms", "【{city}公积金中心】您的公积金{date}入账{money}元，余额{money_big}元，[详询12329|可登录官网查询]。"),
    (
        "chat",
        "{name}：[你孩子的|你的]游戏账号别[乱|]卖啊，[现在骗子多|要卖就在官方平台]\n我：[知道|嗯嗯]，他就是随便玩玩",
    ),
    ("chat", "{name}：[相亲|介绍]的那个姑娘[人挺好的|见过面了]，[下周|周末]两家一起吃个饭\n我：好啊{emoji}"),
    (
        "chat",
        "[同学|室友]：[这周|周六]学校[招聘会|兼职招聘]，[学生处|辅导员]组织的，[不收任何费用|免费参加]\n我：[一起去|好的]",
    ),
    (
        "report",
        "{ask_open}我在{bank}网点[办理|咨询]了[定期存款|理财]，柜员讲了风险，[我自己决定买的|合同也给我了]。{ask_close}",
    ),
    (
        "report",
        "{ask_open}[我朋友|同事]跟我借了{money}，[他当面|打电话]跟我说的，[我认识他好多年了|我们见过面]。{ask_close}",
    ),
    (
        "report",
        "{ask_open}[有个|收到]{carrier}[短信|电话]说[话费|流量]快用完了，[我在营业厅充了|我在官方App查过]。{ask_close}",
    ),
    (
        "report",
        "{ask_open}孩子玩{game}，[在官方商城|用自己的零花钱]买了[皮肤|点券]，[没有加陌生人|是在游戏里买的]。{ask_close}",
    ),
    # Everyday texts in more forms.
    (
        "sms",
        "【{city}[人民医院|中医院]】{name}您好，您预约的{date}[上午|下午][内科|口腔科|儿科]门诊，请[提前|按时]到院签到。",
    ),
    (
        "sms",
        "【[12306|铁路]】订单{order_no}，{name}您已购{date}{city}至{city}的车票，[请携带身份证|检票口见站内公告]。",
    ),
    (
        "sms",
        "【[{town}|{city}]人社】{date}[举办|开展][招聘会|技能培训]，[岗位{n_small}0余个|免费参加]，地点{nm_place}。",
    ),
    (
        "sms",
        "【[税务局|个税App]】[尊敬的纳税人|您好]，[个人所得税年度汇算|{date}]即将截止，请[登录个人所得税App|通过官方渠道]办理。",
    ),
    (
        "sms",
        "【{city}[供电局|自来水公司|燃气公司]】户号{order_no}[本月|{date}]应缴费用{money_small}元，可通过[网上国网App|微信缴费|营业厅]缴纳。",
    ),
    ("chat", "{relative}：[药|降压药]吃了吗？[天冷了|降温了]多穿点\n我：吃了，你也注意身体{emoji}"),
    ("chat", "[快递员|{express}小哥]：[你好，|]你的快递[到了|放在门卫了]\n我：好的谢谢"),
    ("chat", "{name}：[明天|周六]{nm_place}[开会|集合]，[别迟到|记得带本子]\n{name}：[好|收到]\n我：收到"),
    (
        "chat",
        "[房东|物业]：[下个月|{date}]起[房租|物业费]{money}，[转我微信就行|交到物业办公室]，[有收据|开收据]\n我：好的，[月底|这周]交",
    ),
    (
        "call",
        "来电：[喂，|]我是{relative}，[我|]{clock}[到车站|下班]，[来接我一下|晚饭别等我]\n我：好，[路上注意安全|知道了]",
    ),
    (
        "call",
        "对方：[您好，|]{town}[村委会|社区]，[提醒您|通知您]{date}[来领|来办理][老年证|补贴卡|医保卡]，[带上户口本|带身份证]。\n我：好的",
    ),
    (
        "call",
        "来电：[您好，|]我是{city}[房产中介|装修公司]的{name}，[您之前咨询的房子|您家装修的事]，[方便的话|有空]来店里[看看|聊聊]？\n我：[不需要|下次吧]，谢谢",
    ),
    (
        "report",
        "{ask_open}[我收到|家里收到]一条[银行|快递]短信，[我打官方客服|我在官方App]核实过了，是真的。{ask_close}",
    ),
    (
        "report",
        "{ask_open}[社区|村里]通知[打疫苗|体检|领物资]，地点在{nm_place}，[这是真的吧|我想确认一下时间]。",
    ),  # Links, replies, emoji and other scripts: what people paste when they are unsure, or by mistake.
    ("sms", "{url}"),
    ("chat", "[你看看这个|分享一个链接|看这个视频|这个好好笑]{emoji}{url}"),
    ("sms", "【{shop}】[新品上市|限时秒杀|会员专享]，[戳|点击]{url}[，退订回T|]"),
    ("chat", "[官网|办理入口|通知原文]在这：{nm_site}，[自己看一下|按上面步骤办]"),
    ("chat", "{nm_short}"),
    ("chat", "{nm_emoji}{nm_emoji}[{nm_emoji}|]"),
    ("chat", "{nm_foreign}"),
    ("chat", "{nm_short}，{nm_foreign}"),
    ("report", "{nm_site}"),
    ("sms", "[{code}|{tail}|{phone}]"),  # Genuine notices and offers also carry short links.
    ("sms", "【{carrier}】您{date}的[账单|电子发票]已出，[查看详情|点击查看]{url}，[回T退订|]"),
    ("sms", "【[{city}|{town}]政务】[您办理的|您申请的][居住证|营业执照|社保转移]已办结，[进度查询|查看]{url}"),
    ("sms", "【[滴滴|高德|携程]】[您的行程已结束|您的订单已确认]，[评价司机|查看订单]{url}"),
    ("sms", "【[{shop}|{city}影城]】[您收藏的商品降价了|您关注的电影明天上映]，[去看看|立即购票]{url} 回T退订"),
]
