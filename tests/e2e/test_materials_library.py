"""A grid worker finds the Yi-language song on a phone and plays it in the page; the centre publishes
a new technique and a citizen's consultation shows its red flag at once."""

from __future__ import annotations

import io

from fanzha.materials import services
from tests.materials.conftest import png_with_metadata, wav_bytes


def test_grid_worker_filters_the_library_and_plays_a_song_on_a_phone(world, new_page, login_as, live_url):
    centre = world.user("centre")
    services.material_upload(
        by=centre,
        kind="audio",
        title="彝语反诈歌",
        language="yi",
        upload=services.Upload(io.BytesIO(wav_bytes()), "a.wav"),
    )
    services.material_upload(
        by=centre, kind="poster", title="刷单海报", upload=services.Upload(io.BytesIO(png_with_metadata()), "p.png")
    )
    phone = new_page("phone")
    login_as(phone, "t_grid_a1")
    phone.goto(live_url("/materials/library/"))
    assert phone.locator("img.material-preview").count() == 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    with phone.expect_navigation():
        phone.locator("select[name=language]").select_option("yi")
    assert phone.get_by_text("刷单海报").count() == 0
    with phone.expect_navigation():
        phone.get_by_text("彝语反诈歌").click()
    audio = phone.locator("audio.material-media")
    assert audio.count() == 1
    source = audio.get_attribute("src")
    assert source is not None
    served = phone.request.get(live_url(source))  # with the page's session cookie
    assert served.status == 200 and served.headers["content-type"] == "audio/x-wav"
    assert audio.evaluate("a => a.canPlayType('audio/wav')") != ""


def test_centre_publishes_a_technique_and_the_consult_page_shows_it(world, new_page, login_as, live_url):
    desk = new_page("desktop")
    login_as(desk, "t_centre")
    desk.goto(live_url("/materials/techniques/new/"))
    desk.fill("#id_name", "旧手机换鸡蛋")
    desk.select_option("#id_fraud_type", "other_fraud")
    desk.fill("#id_description", "上门用鸡蛋换旧手机，账号被冒用")
    desk.fill("#id_phrases", "收旧手机\n旧手机换")
    desk.fill("#id_why", "旧手机里的账号会被诈骗团伙冒用")
    with desk.expect_navigation():
        desk.get_by_role("button", name="保存并检查误报").click()
    assert "日常（非诈骗）短信" in desk.locator("#over-matching").inner_text()
    with desk.expect_navigation():
        desk.get_by_role("button", name="发布：咨询页和识别接口即刻生效").click()

    citizen = new_page("phone")
    citizen.goto(live_url("/consult/"))
    citizen.fill("textarea[name=text]", "村口来了收旧手机的，一台换两斤鸡蛋")
    with citizen.expect_navigation():
        citizen.get_by_role("button", name="帮我看看").click()
    assert "旧手机里的账号会被诈骗团伙冒用" in citizen.content()
