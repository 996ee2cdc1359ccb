"""More scripts of every fraud type, in the registers the first templates lacked.

The first templates (fraud_money.py, fraud_people.py) tell each type's script once per style. Real
messages come in many more shapes: the crude one-line lure SMS with a contact and nothing else, a
group post, a long chat where the script unfolds over many turns, a call transcript with the other
side's small talk, and a relative telling the police what happened ("我妈昨天接到一个电话…"). These
add them, using each type's slots, plus a few new wordings of each stage.
"""

from __future__ import annotations

from fanzha.detection.corpus.grammar import SlotValue

TypeTemplates = dict[str, list[str]]

# Who tells the story, and how it starts: shared by every type's account templates.
ACCOUNT_SLOTS: dict[str, SlotValue] = {
    "tell_who": [
        "我",
        "我妈",
        "我爸",
        "我奶奶",
        "我老公",
        "我老婆",
        "我同事",
        "我邻居",
        "我女儿",
        "我儿子",
        "我朋友",
        "我婆婆",
        "我们单位会计",
        "我室友",
    ],
    "tell_when": ["昨天", "今天上午", "刚才", "前天晚上", "上周", "这几天", "今天下午", "早上", "前几天"],
    "tell_got": ["接到一个电话", "收到一条短信", "微信上有人加", "QQ上有人找", "接到个陌生来电", "在群里看到一条消息"],
    "ad_lender_fake": ["[某某|{city}]金融", "[某某|快]贷", "普惠金融", "信用中心", "借款服务中心"],
    "contact": [
        "加V：{qq}",
        "+V {qq}",
        "薇信{qq}",
        "威信：{qq}",
        "扣扣{qq}",
        "➕Q{qq}",
        "q：{qq}",
        "vx：{qq}",
        "wx {qq}",
        "联系电话{phone}",
        "{url}",
        "详询{phone}",
        "私聊",
        "加我好友",
    ],
}

ORDER_BRUSHING_MORE: TypeTemplates = {
    "sms": [
        "[在家|空闲时间]也能[赚零花钱|挣钱]，[抖音|快手|淘宝][点赞|关注|评论]任务，[一单|一个]{money_small}，[当天|秒]结，{contact}",
        "[诚聘|招聘][线上|网络][客服|打字员|录入员|推广员]，[日薪|每天]{money_small}-{money}，[手机就能做|不限时间地点]，[需先购买|先交]{money_small}[元|]入职[资料费|押金]，{contact}",
        "[招|急招]兼职[，|:]手机操作，[日结|当天结]{money_small}-{money}，{contact}",
        "[宝妈|学生|闲在家的]看过来，{ob_job}，{contact}{emoji}",
        "{ob_job}，[不收任何费用|零门槛]，[有意者|感兴趣的]{contact}",
    ],
    "chat": [
        "[群主|管理员]：[今日|今天]福利任务开始了{emoji}\n[群主|管理员]：{ob_task}\n[群友|会员]{n_small}：[完成|已做]，[佣金到了|收到{money_small}]\n[群主|管理员]：[下一轮是|接下来]垫付任务，[垫付{money}返{money}|返利{percent}]，[名额有限|要的私我]\n我：[我也要做|怎么报名]\n[接待|客服]：先下载[任务App|这个软件]{url}",
        "对方：[亲|你好]，[看你|你]有空吗，[我们|店铺]需要[好评|点赞|关注]，{ob_task}\n我：[真的给钱吗|多少钱一单]\n对方：一单{money_small}，[做完马上结|秒结]，[先做一单试试|不信可以先试]{emoji}\n我：[好了|截图发你了]\n对方：[已返|佣金到了]，[要不要做高佣金的|接下来做个大单]？{ob_push}",
    ],
    "call": [
        "A：[喂，|]你好，[是{name}吗|我是任务群的接待]，你[上次|昨天]做的任务[还没完成|卡住了]\nB：我已经[转|充]了{money}了\nA：{ob_push}\nB：[那我还要再转多少|我没钱了]\nA：[再转{money}|最后一单]就能[全部|连本带利]提现",
    ],
    "report": [
        "{tell_who}{tell_when}在[抖音|小红书|快手|微信群]上[看到|碰到]一个[兼职|做任务]的，{ob_task}，[一开始|头几单]返了钱，后来{ob_push}，前后转了{money}。{ask_close}",
        "{tell_who}{tell_when}[被拉进一个群|加了个导师]，[说是|讲]{ob_job}，[现在|结果]{ob_push}，[还让再转钱|说不转就拿不回本金]，{ask_close}",
    ],
}

INVESTMENT_MORE: TypeTemplates = {
    "sms": [
        "[明日|下周][必涨|涨停]股[内参|代码]已出，{contact}[领取|免费领]{emoji}",
        "{iv_lure}，[一对一|专业]老师[指导|带单]，{contact}",
    ],
    "chat": [
        "对方：[宝贝|亲爱的|{name}]，[今天|这两天]我又[赚了|收益了]{money}{emoji}\n对方：[我舅舅|我朋友]在[平台|交易所]做技术的，{iv_lure}\n我：[我不懂这些|会不会亏啊]\n对方：[我教你|跟着我买]，{iv_platform}\n我：[投了{money}|赚了一点]\n对方：[再加点|多投点]，[这波行情|机会]难得",
        "[老师|助理]：各位[家人|学员]，{iv_lure}\n[群友|学员]A：[老师太准了|又赚了{money}]\n[群友|学员]B：[感谢老师|跟上了]\n[老师|助理]：想[上车|参与]的{iv_platform}\n我：{iv_lock}？\n[老师|助理]：[这是正常流程|交了马上到账]",
    ],
    "call": [
        "A：您好，我们是[某某|国际|{city}]证券[投资部|研究院]的，[免费|现在]给您推荐[几只|一只]股票，{iv_lure}\nB：[我没炒股|你们怎么有我电话]\nA：[加一下我们老师微信|进我们的群]就行，[不收费|免费学习]，{iv_platform}",
    ],
    "report": [
        "{tell_who}{tell_when}[在网上|在群里|在直播间]认识一个[老师|美女|投资顾问]，[带着|让]{iv_platform}，[刚开始|前几次]赚了[一点|{money}]，[现在|后来]{iv_lock}。{ask_close}",
        "{tell_who}[加了个|进了个][炒股|理财|数字货币]群，[群里|老师]说{iv_lure}，[已经|前后]投了{money_big}，[想取出来|提现时]{iv_lock}。{ask_close}",
    ],
}

SHOPPING_MORE: TypeTemplates = {
    "sms": [
        "{sh_goods}，[需要的|有意者]{contact}[，先到先得|，数量有限|]",
        "[低价|特价|内部价]{sh_goods}，{sh_move}，{contact}",
    ],
    "chat": [
        "卖家：[在的|亲在吗]，{sh_goods}\n我：[真的吗|多少钱]\n卖家：{sh_move}\n我：[好吧|那我转你]\n卖家：[收到|好的]，{sh_more}",
    ],
    "call": [
        "A：[喂，|]是[你要|你订]的{sh_goods}吗？\nB：是的，[我已经付了|定金转过了]\nA：{sh_more}\nB：[怎么又要钱|不是说好了吗]\nA：[不交发不了货|交了马上发]，[钱会退给你的|到货一起退]",
    ],
    "report": [
        "{tell_who}{tell_when}在[朋友圈|闲鱼|抖音|二手群]看到{sh_goods}，[卖家|对方]说{sh_move}，[转了钱以后|付款后]{sh_more}。{ask_close}",
    ],
}

CUSTOMER_SERVICE_MORE: TypeTemplates = {
    "sms": [
        "[【{shop}】|]您[购买|在本店购买]的[商品|衣服|化妆品][存在质量问题|被召回]，[将为您|现]办理[三倍|双倍]赔偿，[请联系|请加]客服{contact}",
        "[您好|尊敬的用户]，[您的快递|您购买的商品]出现问题，[将为您|需]办理[理赔|退款]，{contact}",
        "[{express}|{shop}][理赔|退款]通知：{cs_reason}，[请速|请]{contact}[办理|处理]",
    ],
    "chat": [
        "[客服|售后]：您好，[请问是{name}吗|这里是{cs_who}]\n我：是的\n[客服|售后]：{cs_reason}\n我：[啊？|我不知道啊]\n[客服|售后]：{cs_steps}\n我：[我看到是借款页面|显示要借钱]\n[客服|售后]：[没事的|那是核验流程]，[按我说的点|继续操作]就好",
    ],
    "call": [
        "A：喂，您好，[是{name}吗？|请问是机主本人吗？]我这边是{cs_who}\nB：[嗯|对]，什么事\nA：{cs_reason}\nB：[我没开过啊|怎么处理]\nA：{cs_steps}\nB：[好的|那你说]\nA：[您不要挂电话|全程保持通话]，[我一步步教您|按提示操作]",
        "客服：[您好|喂]，{cs_who}，[您的订单|您在我们平台]{cs_reason}\n用户：[那怎么办|要我做什么]\n客服：{cs_steps}",
    ],
    "report": [
        "{tell_who}{tell_when}{tell_got}，[对方|那人]自称{cs_who}，说{cs_reason}，[然后|接着]让[我|他|她]{cs_steps}。{ask_close}",
        "{tell_who}{tell_when}接到[个|一个]电话，[对方|那边]知道[订单号|买了什么]，说{cs_reason}，[还|又]让{cs_steps}，[已经转了{money}|还没操作]。{ask_close}",
    ],
}

LOAN_MORE: TypeTemplates = {
    "sms": [
        "【[{ad_lender_fake}|{bank}贷款中心]】您好，您的[信用|备用金]额度{money_big}元已[审批|下发]，[无需抵押|免面签]，[当天|2小时]到账，[领取|激活]请{contact}",
        "[个人|企业][急用钱|资金周转]，[{n_small}万到{n_small}0万|额度高]，[不看征信|征信花了也能做]，[下款快|手续简单]，{contact}",
        "[网贷逾期|负债高]也能[下款|贷]，[内部通道|特殊渠道]，[先息后本|月息{n_small}厘]，{contact}",
        "[急用钱|缺钱]？{ln_ad}，{contact}",
        "[私人|个人|正规]放款，{ln_ad}[，非诚勿扰|，利息低|]，{contact}",
        "[贷款|借款|额度]：[{money_big}|{n_small}万-{n_small}0万]，[不看征信|不查征信|无视黑白|黑白户均可]，[当天|{n_small}小时]到账，{contact}",
        "{ln_ad}[，手续简单|，只需身份证|，秒批秒到]，[回复|联系]{contact}",
    ],
    "chat": [
        "对方：[你好|老板好]，[需要资金吗|有资金需求吗]？\n我：[要多少利息|能贷多少]\n对方：[看你资质|最高{n_small}0万]，[把身份证正反面和银行卡发我|先填一下资料]\n我：[发了|填好了]\n对方：{ln_fee}",
        "对方：[需要资金吗|缺钱吗]？[我们是|这边]正规[贷款|借款]平台，{ln_ad}\n我：[利息多少|要抵押吗]\n对方：[不用抵押|低息]，[下载App|填个资料]就能[放款|审批]\n我：[申请了|审批过了]，怎么还没到账\n对方：{ln_fee}",
        "贷款顾问：[您好|亲]，[您的|这笔]{money_big}[元|]贷款[已批|审批通过]{emoji}\n贷款顾问：{ln_fee}\n我：[从贷款里扣不行吗|能不能放款后再交]\n贷款顾问：[不行的|系统不允许]，[交了|交完]马上放款",
    ],
    "call": [
        "A：[喂，|]您好，[需要贷款吗|请问您有资金需求吗]？{ln_ad}\nB：[多少利息|要什么手续]\nA：[只要身份证|利息很低]，[加我微信|我发您个链接]办理\nB：[行吧|好的]\nA：[批下来了|审核通过了]，不过{ln_fee}",
        "对方：[您的贷款|您申请的借款][已经审核通过|批下来了]，但是{ln_fee}\n我：[为什么|之前没说啊]\n对方：[这是规定|这是验证还款能力]，交了就能[放款|到账]，[钱会退给您|会一起返还]",
    ],
    "report": [
        "{tell_who}{tell_when}[急用钱|想贷款]，[在网上|通过短信里的链接]下了个[贷款|借款]App，[显示|说]批了{money_big}，[可是|但是]{ln_fee}，[已经|前后]交了{money_small}[元|]。{ask_close}",
        "{tell_who}{tell_when}{tell_got}，说{ln_ad}，[申请以后|按对方说的填了资料]，[对方|客服]又说{ln_fee}。{ask_close}",
    ],
}

CREDIT_REPAIR_MORE: TypeTemplates = {
    "sms": [
        "[征信|逾期|黑名单][修复|洗白|消除]，[内部渠道|专业团队]，[不成功不收费|当天见效]，{contact}",
    ],
    "chat": [
        "对方：[您好|你好]，我们是{cr_who}\n对方：{cr_claim}\n我：[那怎么办|我该怎么做]\n对方：{cr_steps}\n我：[为什么要转钱|要借钱吗]\n对方：[只是走个流程|钱会退回来的]",
    ],
    "call": [
        "A：您好，我这边是{cr_who}，{cr_claim}\nB：[我没注册过|我都毕业好多年了]\nA：[没注销会影响征信|不处理会上黑名单]，{cr_steps}\nB：[好吧|那要怎么弄]\nA：[您先下载|按我说的]操作，[不要挂电话|全程不要挂断]",
    ],
    "report": [
        "{tell_who}{tell_when}接到电话，说是{cr_who}，{cr_claim}，[让|要求]{cr_steps}。{ask_close}",
    ],
}

ACQUAINTANCE_MORE: TypeTemplates = {
    "sms": [
        "[爸|妈|{relative}]，我手机[坏了|掉水里了]，这是[同学|朋友]的号，{aq_ask}",
        "[小{surname}|{name}]，明天上午[来我办公室一趟|到我这来一下]，[有事|有个事]跟你说。——{aq_who}",
        "[我是|是我，]{aq_who}，{aq_new}，[有急事|有事找你]{emoji}",
        "{aq_new}。{aq_busy}，{aq_ask}",
    ],
    "chat": [
        "对方：[爸|妈]，[我手机摔坏了|我换号了]，[用同学的|这是新的]微信\n我：[怎么了|你是谁]\n对方：[学校|老师]让交[培训费|资料费]{money}，[急|今天截止]，[你转这个卡|转给我同学]\n我：[我给你打个电话|你发个语音]\n对方：[在上课不方便|宿舍在查寝]，[快点|先转]",
        "对方：[在吗|在不在|忙吗]\n我：在，[你是|哪位]？\n对方：{aq_new}\n对方：{aq_busy}\n对方：{aq_ask}\n我：[你打个电话给我吧|我先打给你确认一下]\n对方：{aq_busy}，[快点|急]",
        "对方：[小{surname}|{name}]，[明天|一会儿]来我办公室一趟\n我：好的[领导|{surname}总]\n对方：[还有个事|先帮我办件事]，{aq_ask}\n我：[我先跟财务说一下|要走审批吗]\n对方：[来不及了|别声张]，先转，[回头|明天]补手续",
    ],
    "call": [
        "A：[喂，|]猜猜我是谁？\nB：[你是|是]……[小{surname}|{surname}哥]？\nA：对对对，[我换号了|这是我新号]\nA：[我这边|我在外地]{aq_ask}\nB：[这么急啊|出什么事了]\nA：[别问了|回来跟你说]，[先转|快点转]，[别跟别人说|别告诉家里]",
    ],
    "report": [
        "{tell_who}{tell_when}[收到|接到]一个[新号|陌生号|新微信]，[对方|那人]说是{aq_who}，[说|讲]{aq_busy}，{aq_ask}，[已经|差点]转了{money}。{ask_close}",
        "{tell_who}[在单位|在公司]被[拉进一个群|加了好友]，[头像|名字]是{aq_who}，[说|让]{aq_ask}。{ask_close}",
    ],
}

AUTHORITY_MORE: TypeTemplates = {
    "sms": [
        "[您好，|]{au_who}[通知|告知]：{au_claim}，[请速|请在24小时内]{contact}[配合调查|处理]，[否则|逾期]将[冻结|依法处理]",
    ],
    "chat": [
        "对方：[你好|请问是{name}吗]，我是{au_who}\n对方：{au_claim}\n我：[不可能|我没有]\n对方：{au_order}\n我：[我能去派出所吗|我要告诉家人]\n对方：[案件保密|这是秘密侦查]，[不能告诉任何人|不准泄露]",
    ],
    "call": [
        "A：喂，[是{name}吗？|你好，]我是{au_who}，[警号|工号]{code4}\nB：[什么事|怎么了]\nA：{au_claim}\nB：[我不知道啊|不是我]\nA：{au_order}\nB：[好的|那怎么办]\nA：[我把电话转给|现在转接]{au_who}，[你配合调查|不要挂电话]",
        "对方：这里是{au_who}，[请问你是|核实一下]{name}本人吗？{au_claim}，[现在|马上]{au_order}",
    ],
    "report": [
        "{tell_who}{tell_when}接到一个电话，[对方|那人]说是{au_who}，{au_claim}，[要求|让]{au_order}，[现在|还]不让跟家里人说。{ask_close}",
        "{tell_who}[一直|整天]关在[房间|宾馆]里打电话，[说|讲]{au_who}在查案，{au_claim}，{au_order}。{ask_close}",
    ],
}

ROMANCE_MORE: TypeTemplates = {
    "sms": [
        "[你好|嗨]，[在吗|加个好友吧]，[想认识你|觉得你很有眼缘]，我[在|是在]{city}[做生意的|工作的|开公司的]{emoji}",
        "[亲爱的|宝贝]，{rm_love}，{rm_lure}{emoji}",
    ],
    "chat": [
        "对方：早安[宝贝|亲爱的]{emoji}\n我：早\n对方：{rm_love}\n对方：[今天|最近]{rm_lure}\n我：[我不太懂|我没有那么多钱]\n对方：[我教你|相信我]，[为了我们的将来|等我们结婚]{emoji}",
        "对方：[认识你真好|跟你聊天很开心]{emoji}\n对方：[我在|我是]{rm_meet}\n我：[哈哈|是吗]\n对方：{rm_love}\n对方：{rm_lure}\n我：[为什么要我转钱|你怎么不视频]\n对方：[信号不好|摄像头坏了]，[你还不信我吗|我的心你不懂吗]",
    ],
    "call": [
        "A：[宝贝|亲爱的]，[我好想你|终于接电话了]\nB：[怎么了|你说]\nA：{rm_lure}\nB：[我手上没钱|我考虑一下]\nA：[我们不是说好了吗|你不爱我了吗]，[就这一次|帮我这一次]",
    ],
    "report": [
        "{tell_who}在[网上|婚恋网站|交友软件|游戏里]认识了一个[对象|男朋友|女朋友]，{rm_meet}，[从没见过面|一直不肯视频]，[现在|最近]{rm_lure}，[已经|前后]转了{money}。{ask_close}",
    ],
}

GAME_MORE: TypeTemplates = {
    "sms": [
        "[{game}|游戏]免费领[皮肤|点券|装备]，[限时|今日]{emoji}，[扫码|登录]{url}[领取|激活]",
        "[收|高价收][{game}|游戏]账号，[秒结|价格高]，{contact}",
        "{game}[账号|装备|皮肤]{gm_lure}，{contact}",
    ],
    "chat": [
        "买家：[你的号|这个号]我要了，[出{money}|{money}卖吗]\n我：可以\n买家：[在|去]这个交易平台[挂上|上架]，{gm_fee}\n我：[怎么还要交钱|为什么要保证金]\n客服：{gm_fee}，[交了马上退|提现时一起返还]",
    ],
    "call": [
        "A：[喂，|]你是[卖{game}号的|要{game}皮肤的]吗？\nB：对\nA：{gm_lure}\nB：[要怎么弄|在哪交易]\nA：[加我QQ|去这个平台]，{gm_fee}",
    ],
    "report": [
        "{tell_who}[家孩子|小孩]玩{game}，[看到|被人拉进]{gm_lure}，[用|拿]我手机[扫码|转]了{money}，[对方|客服]又说{gm_fee}。{ask_close}",
    ],
}

OTHER_MORE: TypeTemplates = {
    "sms": [
        "[温馨提示|紧急通知|重要提醒]：{ot_story}，[{ot_steps}|详见{url}]",
        "{ot_story}。{ot_code}",
        "{ot_story}，{contact}",
    ],
    "chat": [
        "[群友|同学|网友]：{ot_story}\n[群友|同学|网友]：[真的有|我领到了]\n我：[怎么弄|在哪领]\n[群友|同学|网友]：{ot_steps}",
        "对方：[{greeting}|你好]，{ot_story}\n我：[要怎么做|是真的吗]\n对方：{ot_steps}\n我：[好吧|那我试试]",
    ],
    "call": [
        "A：[喂，|您好，]{ot_story}\nB：[是吗|什么意思]\nA：{ot_steps}\nB：[要交钱吗|需要什么]\nA：[一点手续费|就是走个流程]，{ot_steps}",
    ],
    "report": [
        "{tell_who}{tell_when}[在群里|在朋友圈|在网上]看到[一条|个]消息，说{ot_story}，[对方|上面]让{ot_steps}，[已经|差点]照做了。{ask_close}",
        "{tell_who}{tell_when}{tell_got}，说{ot_story}，[让|要]{ot_steps}。{ask_close}",
    ],
}

MORE_SCRIPTS: dict[str, TypeTemplates] = {
    "order_brushing": ORDER_BRUSHING_MORE,
    "investment": INVESTMENT_MORE,
    "shopping": SHOPPING_MORE,
    "customer_service": CUSTOMER_SERVICE_MORE,
    "loan": LOAN_MORE,
    "credit_repair": CREDIT_REPAIR_MORE,
    "impersonate_acquaintance": ACQUAINTANCE_MORE,
    "impersonate_authority": AUTHORITY_MORE,
    "romance": ROMANCE_MORE,
    "game_trading": GAME_MORE,
    "other_fraud": OTHER_MORE,
}
