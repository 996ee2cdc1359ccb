"""More harmless messages, in the shapes the first normal templates lacked.

Service notices with masked numbers, genuine service calls transcribed turn by turn (a courier, the
bank's real service line, a hospital, a sales call), family and friends talking about money without
any scam in it, group posts, and news or publicity that quotes scam phrases to warn people.
"""

from __future__ import annotations

from fanzha.detection.corpus.grammar import SlotValue

NORMAL_MORE_SLOTS: dict[str, SlotValue] = {
    "nm_hospital": ["{city}人民医院", "{town}卫生院", "{city}妇幼保健院", "{city}中医医院", "社区卫生服务中心"],
    "nm_dept": ["内科", "口腔科", "眼科", "儿科", "妇产科", "骨科", "体检中心", "皮肤科"],
    "nm_school": ["{town}中心小学", "{city}第一中学", "{town}幼儿园", "{city}实验小学", "{city}职业技术学院"],
    "nm_money_talk": [
        "上次借你的{money_small}块还你了",
        "房租我转你了，你看下",
        "饭钱AA，一人{money_small}",
        "借我{money_small}块到周五，发工资就还",
        "给妈的生日红包我出一半",
        "车费我先垫了，回头一起算",
        "份子钱我帮你随了{money_small}",
        "水电费这个月{money_small}，平摊一下",
    ],
    "nm_news": [
        "{city}警方破获一起跨境电信网络诈骗案，抓获嫌疑人{n_small}0余名",
        "{town}一村民接到“公检法”电话险被骗，民警及时劝阻",
        "反诈民警提醒：凡是“刷单返利”都是诈骗",
        "{city}公安发布今年以来电信诈骗典型案例",
        "警方提醒：冒充客服“退款”“理赔”的电话要警惕",
        "{city}一女子被“网恋对象”骗走{money_big}元，警方提醒谨防杀猪盘",
    ],
}

NORMAL_MORE: list[tuple[str, str]] = [
    # Service notices.
    (
        "sms",
        "【{nm_hospital}】您已成功预约{date}{nm_dept}[{name}医生|专家]门诊，就诊序号{n_small}，请携带身份证[提前30分钟|按时]到院。",
    ),
    ("sms", "【{nm_school}】各位家长：[本周五|{date}]下午[放学时间调整为|提前至]{clock}，[请按时接孩子|注意安全]。"),
    (
        "sms",
        "【{express}】您的快递已由[驿站|快递柜]代收，取件码{code4}，地址{town}[菜鸟驿站|丰巢柜]，[有问题请联系|电话]{phone}。",
    ),
    (
        "sms",
        "【{bank}】您尾号{tail}的账户{date}[代扣|自动扣款][水费|电费|燃气费|社保费]{money_small}元，余额{money}元。",
    ),
    ("sms", "【[国家税务总局|{city}税务]】{name}您好，您{date}缴纳的城乡居民医保{money_small}元已成功入库。"),
    (
        "sms",
        "【[{shop}|微信支付|支付宝]】验证码{code}，用于[登录|支付|身份验证]，[5分钟|15分钟]内有效，[请勿泄露|切勿转发]，[工作人员不会向您索取|如非本人操作请忽略]。",
    ),
    (
        "sms",
        "【{city}[政务服务|社保]】您的[社保卡|养老金]{date}[已制卡完成|已发放{money}元]，[可到{town}网点领取|请注意查收]。",
    ),
    ("sms", "【{town}社区】{date}{clock}在社区活动室开展[免费体检|义诊|反诈宣传|老年人防骗讲座]，欢迎居民参加。"),
    (
        "sms",
        "【[12345|{city}市民热线]】您反映的[路灯|噪音|停水]问题已转交相关部门办理，[办理结果将短信告知|感谢您的监督]。",
    ),
    # Genuine service calls, turn by turn.
    (
        "call",
        "快递员：喂，[{name}吗|你好]，[有你的快递|你的包裹到了]，家里有人吗？\n我：[没人，放驿站吧|在的，送上来吧]\n快递员：好的，[取件码短信发你了|马上到]",
    ),
    (
        "call",
        "A：您好，{bank}客服，[您刚才|您的卡]有一笔{money}元的[消费|交易]，是本人操作吗？\nB：是我本人\nA：好的，那没事了，[如有疑问请拨打卡背面的客服电话|银行不会向您索要验证码]，再见",
    ),
    (
        "call",
        "对方：您好，这里是{nm_hospital}，您的[体检报告|检查结果]出来了，[可以来医院取|在公众号上也能查]\n我：[好的|需要本人去吗]\n对方：带就诊卡就行",
    ),
    ("call", "A：[喂，|]{relative}，[我到了|在哪呢]\nB：[在小区门口|马上下来]\nA：好，[我等你|别急]"),
    (
        "call",
        "客服：您好，{carrier}客服，您反映的[宽带故障|信号问题]已经派师傅，[明天上午|{date}]上门，[您看方便吗|请保持电话畅通]\n客户：方便的，谢谢",
    ),
    (
        "call",
        "来电：[您好，|]{nm_school}[班主任|{surname}老师]，[孩子今天发烧了|孩子在学校摔了一下]，[您方便来接一下吗|已经送医务室了]\n我：[好的我马上来|谢谢老师]",
    ),
    (
        "call",
        "A：您好，我是{town}派出所户籍室，您的身份证[办好了|可以领了]，[带上回执|工作日]来窗口领取\nB：好的，谢谢",
    ),
    # Everyday chat about money, without any scam in it.
    ("chat", "{name}：{nm_money_talk}\n我：[好的|收到了|行]{emoji}"),
    ("chat", "我：{nm_money_talk}\n{name}：[没问题|好嘞|不急]"),
    (
        "chat",
        "{relative}：[微信|支付宝]给你转了{money_small}，[买点水果|给孩子买书]\n我：[收到啦|谢谢{relative}]{emoji}",
    ),
    (
        "chat",
        "[室友|同事]：[今天|周末]外卖一共{money_small}，[群收款发了|我发个群收款]\n我：[付了|已付]\n[室友|同事]：👌",
    ),
    (
        "chat",
        "{name}：[周末|下周]{city}[自驾|旅游]，[油费|房费]大家平摊\n{name}：[我订好酒店了|车我来开]\n我：好，[钱转你|账单发群里]",
    ),
    # Group posts: neighbours, classmates, owners' groups, second-hand sales, lost and found.
    (
        "chat",
        "[群公告|通知]：[本周六|{date}]{clock}[小区|村里][停水|停电|消杀|大扫除]，[请各户提前准备|给大家带来不便请谅解]。——[物业|村委会|居委会]",
    ),
    (
        "chat",
        "[出|转让]闲置{ad_goods}，[九成新|用了半年]，{money_small}元，[{town}|小区]自提，[有意私聊|需要的私我]{emoji}",
    ),
    (
        "chat",
        "[寻物启事|捡到东西]：[今天|{date}]在{town}[菜市场|公交站|学校门口][丢了|捡到]一个[钱包|钥匙|身份证|书包]，[有人看到请联系|失主请联系]{phone}，[必有酬谢|谢谢大家]",
    ),
    (
        "chat",
        "[拼车|顺风车]：{date}{clock}{city}到{city}，[还有{n_small}个位|缺{n_small}人]，[AA油费|每人{money_small}]，[电话|联系]{phone}",
    ),
    (
        "chat",
        "[家长群|班级群]{surname}老师：[请家长|各位家长]{date}前在[学校小程序|学校公众号]上[填报|提交][体检表|假期安全承诺书]，[不收取任何费用|不需要缴费]。",
    ),
    ("chat", "[业主群|村民群]：[谁家|有人]的[狗|鸡|车]在{town}[路口|菜地边]，[赶紧来看看|挡着路了]{emoji}"),
    ("chat", "[朋友圈|动态]：[今天|周末]带孩子去{town}[摘草莓|爬山|看花]，[天气真好|累并快乐着]{emoji}{emoji}"),
    (
        "chat",
        "[{name}|同学]：[同学聚会|老乡会][定在|改到]{date}{clock}，{town}[饭店|农家乐]，[AA制|每人{money_small}]，[能来的接龙|请回复]\n{name}：+1\n{name}：+1",
    ),
    # Harmless events told by the person or a relative, with the same openings as the scam accounts.
    (
        "report",
        "{tell_who}{tell_when}{tell_got}，[是|原来是]{express}[快递员|小哥]说[快递到了|放驿站了]，[我们去拿了|已经取了]。{ask_close}",
    ),
    (
        "report",
        "{tell_who}{tell_when}接到{bank}的电话，[提醒|说]信用卡[账单|还款日]快到了，没让[转账|提供验证码]，[我|我们]在官方App上[看了|还了]。{ask_close}",
    ),
    (
        "report",
        "{tell_who}{tell_when}{tell_got}，是[{carrier}|营业厅]推荐[流量包|新套餐]的，[没办|说不需要就挂了]。{ask_close}",
    ),
    (
        "report",
        "{tell_who}{tell_when}接到[医院|卫生院|学校|村委会]的电话，[通知|说]{date}[去复查|开家长会|领补贴卡]，[核实过了|打回去问了]是真的。{ask_close}",
    ),
    (
        "report",
        "{tell_who}{tell_when}收到[儿子|女儿|老同学]的微信[借钱|要钱]，[我打电话|视频]确认了[是本人|是他本人]，[才转的|当面给的]。{ask_close}",
    ),
    (
        "report",
        "{tell_who}{tell_when}[在超市|在商场|在4S店]办了[会员卡|年卡]，[收到|手机上有]一条[优惠|活动]短信，[这是商家的广告吧|应该没问题吧]。{ask_close}",
    ),
    (
        "report",
        "{tell_who}{tell_when}[去|在]{bank}网点[买了理财|办了信用卡]，[客户经理|柜员]后来打电话[回访|介绍新产品]，[没让转钱|只是问满不满意]。{ask_close}",
    ),
    # News and publicity quoting scam phrases.
    ("chat", "[转发|分享]：{nm_news}。[大家|家里老人]注意，{nm_tip}\n{relative}：[知道了|收到]"),
    ("sms", "【{city}公安】{nm_news}。{nm_tip}，[如有疑问|接到可疑电话]请拨打96110。"),
    ("chat", "{nm_news}\n{name}：[太吓人了|又是这种]，[转给爸妈看看|大家小心]"),
    ("report", "{ask_open}[看到新闻说|社区群里发了]{nm_news}，[想问问|我想确认一下]{nm_tip}，是这样吗？"),
]
