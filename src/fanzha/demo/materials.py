"""Demo materials for `fanzha demo`: a poster, a stamp design and a leaflet drawn with Pillow, a short
broadcast chime written as a WAV, slogans; a published new technique; a typical case drafted from one
of the demo cases. Everything is made here by code (nothing is downloaded) and goes through the
services, so the files are checked and re-encoded as an upload would be."""

from __future__ import annotations

import io
import math
import random
import struct
import wave
from pathlib import Path

from django.db.models import Count, Max
from PIL import Image, ImageDraw, ImageFont

from fanzha.accounts.models import Role, User
from fanzha.cases.models import Case
from fanzha.core.models import AuditEntry
from fanzha.materials import services
from fanzha.materials.models import Material
from fanzha.outreach.models import Activity
from fanzha.places.models import County

# Debian's fonts-noto-cjk (scripts/system-deps.sh); without it the poster carries only numbers.
CJK_FONTS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
)
SLOGANS = (
    ("快递面单标语", "陌生来电要警惕，转账汇款先核实", "parcel"),
    ("集市横幅", "不听不信不转账，遇事拨打96110", "market"),
    ("校园标语", "刷单返利是陷阱，兼职先问老师家长", "school"),
)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in CJK_FONTS:
        if path.exists():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def _poster() -> bytes:
    image = Image.new("RGB", (600, 850), (196, 32, 38))
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 30, 570, 820), outline=(255, 215, 0), width=8)
    draw.text((300, 140), "警惕刷单返利", font=_font(64), fill="white", anchor="mm")
    draw.text((300, 260), "先垫付、再返佣 = 诈骗", font=_font(36), fill=(255, 235, 150), anchor="mm")
    draw.ellipse((180, 340, 420, 580), fill="white")
    draw.text((300, 460), "96110", font=_font(56), fill=(196, 32, 38), anchor="mm")
    draw.text((300, 680), "接到可疑电话，先挂断再核实", font=_font(30), fill="white", anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _stamp() -> bytes:
    image = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, 390, 390), outline=(200, 0, 0, 255), width=14)
    draw.text((200, 150), "反诈提醒", font=_font(52), fill=(200, 0, 0, 255), anchor="mm")
    draw.text((200, 250), "96110", font=_font(60), fill=(200, 0, 0, 255), anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _leaflet() -> bytes:
    page = Image.new("RGB", (1240, 1754), "white")  # A4 at 150 dpi
    draw = ImageDraw.Draw(page)
    draw.text((620, 150), "防范养老诈骗告知书", font=_font(72), fill="black", anchor="mm")
    lines = (
        "一、以“养老项目”“以房养老”高息吸收资金的，都是诈骗。",
        "二、保健品“免费体验”“专家义诊”，最后都要掏钱。",
        "三、自称公检法要求转账到“安全账户”的，立即挂断。",
        "四、拿不准时，拨打96110，或问社区民警、网格员。",
    )
    for i, line in enumerate(lines):
        draw.text((120, 320 + i * 110), line, font=_font(40), fill="black")
    out = io.BytesIO()
    page.save(out, format="PDF", resolution=150)
    return out.getvalue()


def _chime() -> bytes:
    """Two seconds of a three-note chime, the kind a village loudspeaker plays before an announcement."""
    rate = 8000
    samples = []
    for freq in (523.25, 659.25, 783.99):
        for n in range(rate * 2 // 3):
            fade = 1 - n / (rate * 2 / 3)
            samples.append(int(9000 * fade * math.sin(2 * math.pi * freq * n / rate)))
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    return out.getvalue()


def load_demo(*, county: County, rng: random.Random) -> str:
    centre = User.objects.filter(role=Role.CENTRE_OPERATOR, is_active=True).order_by("id").first()
    if centre is None:
        return "没有反诈中心账号，未生成宣传素材"
    files = (
        ("poster", "刷单返利警示海报", _poster(), "order_brushing", "online", "poster.png"),
        ("stamp", "快递包裹反诈印章", _stamp(), "", "parcel", "stamp.png"),
        ("leaflet", "防范养老诈骗告知书", _leaflet(), "", "community", "leaflet.pdf"),
        ("audio", "村广播反诈提示音", _chime(), "", "village", "chime.wav"),
    )
    # The services below audit each step, as they would for a person; demo data gets one entry, the
    # county's `demo.loaded`, so what they wrote here is taken back at the end.
    audited_before = AuditEntry.objects.aggregate(top=Max("id"))["top"] or 0
    made: list[Material] = []
    for kind, title, data, fraud_type, occasion, name in files:
        material, _ = services.material_upload(
            by=centre,
            kind=kind,
            title=title,
            upload=services.Upload(io.BytesIO(data), name),
            fraud_type=fraud_type,
            occasion=occasion,
            external_id=f"demo-material-{kind}",
        )
        made.append(material)
    for title, text, occasion in SLOGANS:
        material, _ = services.material_upload(
            by=centre, kind="slogan", title=title, text=text, occasion=occasion, external_id=f"demo-slogan-{occasion}"
        )
        made.append(material)
    activities = list(Activity.objects.filter(township__county=county).order_by("-date", "id")[:40])
    for activity in activities:
        services.material_use_record(material=rng.choice(made), activity=activity, by=centre)
    technique = services.technique_create(
        by=centre,
        name="旧手机换鸡蛋",
        fraud_type="other_fraud",
        description="有人走村串户用鸡蛋、脸盆换旧手机，收走的手机卡、支付和聊天账号被诈骗团伙冒用。",
        phrases=["收旧手机", "旧手机换"],
        why="旧手机里的手机卡和账号会被诈骗团伙冒用，不要卖给上门收购的陌生人",
    )
    services.technique_publish(technique=technique, by=centre)
    drafted = 0
    case = (
        Case.objects.filter(township__county=county)
        .annotate(n_alerts=Count("alerts"))
        .order_by("-n_alerts", "-loss_amount", "id")
        .first()
    )
    if case is not None:
        services.typical_case_draft(case=case, by=centre)
        drafted = 1
    AuditEntry.objects.filter(id__gt=audited_before).delete()
    return f"{len(made)} 份宣传素材，{len(activities)} 次活动使用记录，1 个新型手法，{drafted} 篇典型案例草稿"
