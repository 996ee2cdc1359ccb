"""Notification pages: the inbox (everyone), channels (centre and admins), deliveries with attempts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fanzha.accounts.models import User
from fanzha.core.once import once_per_submission
from fanzha.core.pagination import paginate, query_without_page
from fanzha.core.permissions import action_required
from fanzha.notify import selectors, services
from fanzha.notify.forms import ChannelForm
from fanzha.notify.models import Channel, Delivery, Notification
from fanzha.notify.owners import owner_labels


def _me(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@action_required("notify.read")
def inbox(request: HttpRequest) -> HttpResponse:
    """通知: the user's own in-app notifications, newest first, unread highlighted."""
    user = _me(request)
    page = paginate(request, selectors.notifications_for(user=user), per_page=30)
    return render(
        request,
        "notify/inbox.html",
        {"page": page, "qs": query_without_page(request), "unread": selectors.unread_count(user=user)},
    )


@require_POST
@action_required("notify.read")
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one read, then follow its link when asked to ("open"), else back to the inbox."""
    user = _me(request)
    # Someone else's notification looks exactly like a missing one.
    notification = get_object_or_404(Notification, pk=pk, user=user)
    services.notification_mark_read(notification=notification, by=user)
    link = notification.link
    if request.POST.get("open") and link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notify:inbox")


@require_POST
@action_required("notify.read")
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=_me(request))
    messages.success(request, _("已将 %(count)s 条通知标为已读") % {"count": count})
    return redirect("notify:inbox")


def _named(channels: Any) -> list[Channel]:
    """Each channel with `owner_name`: the place or group it belongs to by name, not its key."""
    found = list(channels)
    names = owner_labels({c.owner_key for c in found if c.owner_key})
    for c in found:
        c.owner_name = names.get(c.owner_key) or c.owner_label
    return found


@action_required("notify.channel_manage")
@once_per_submission
def channel_list(request: HttpRequest) -> HttpResponse:
    """通知渠道: every channel, and a form to add one."""
    form = ChannelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        channel = services.channel_save(channel=form.save(commit=False), by=_me(request))
        messages.success(request, _("已添加渠道“%(name)s”") % {"name": channel.name})
        return redirect("notify:channel_list")
    return render(
        request,
        "notify/channels.html",
        {"channels": _named(selectors.channels_all()), "form": form},
        status=400 if form.is_bound else 200,
    )


@action_required("notify.channel_manage")
def channel_edit(request: HttpRequest, pk: int) -> HttpResponse:
    channel = get_object_or_404(Channel, pk=pk)
    form = ChannelForm(request.POST or None, instance=channel)
    if request.method == "POST" and form.is_valid():
        services.channel_save(channel=form.save(commit=False), by=_me(request))
        messages.success(request, _("已保存渠道“%(name)s”") % {"name": channel.name})
        return redirect("notify:channel_list")
    return render(
        request, "notify/channel_edit.html", {"channel": channel, "form": form}, status=400 if form.is_bound else 200
    )


@require_POST
@action_required("notify.channel_manage")
def channel_test(request: HttpRequest, pk: int) -> HttpResponse:
    channel = get_object_or_404(Channel, pk=pk)
    result = services.channel_test(channel=channel, by=_me(request))
    if result.ok:
        messages.success(request, _("测试消息已发送到“%(name)s”") % {"name": channel.name})
    else:
        messages.error(request, _("“%(name)s”发送失败：%(error)s") % {"name": channel.name, "error": result.error})
    return redirect("notify:channel_list")


@action_required("notify.read")
def delivery_list(request: HttpRequest) -> HttpResponse:
    """投递记录: every delivery and each of its attempts (county-wide roles), else the user's own."""
    user = _me(request)
    status = request.GET.get("status", "")
    status = status if status in Delivery.Status.values else ""
    page = paginate(request, selectors.deliveries_for(user=user, status=status), per_page=50)
    return render(
        request,
        "notify/deliveries.html",
        {
            "page": page,
            "qs": query_without_page(request),
            "status": status,
            "statuses": Delivery.Status.choices,
            "county_wide": user.county_wide,
        },
    )
