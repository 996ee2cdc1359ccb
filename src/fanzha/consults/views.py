"""Consultation pages: the public "is this a scam?" page, and the staff's list, entry form and detail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from fanzha.accounts.policy import can
from fanzha.consults import selectors, services
from fanzha.consults.forms import FilterForm, PublicConsultForm, StaffConsultForm
from fanzha.consults.models import Channel, Consultation
from fanzha.core.middleware import client_ip
from fanzha.core.once import once_per_submission
from fanzha.core.pagination import paginate, query_without_page
from fanzha.core.permissions import action_required, public
from fanzha.detection.classifier import MAX_CHARS
from fanzha.places.models import Village
from fanzha.places.scoping import get_scoped_or_404, scoped


@dataclass
class Segment:
    text: str
    why: str = ""  # non-empty: a red flag, highlighted with this explanation


def highlighted(text: str, red_flags: list[dict[str, Any]]) -> list[Segment]:
    """The text cut into plain and flagged pieces by the red-flag offsets (overlaps merged); the
    template escapes every piece, so a pasted <script> is shown, never run."""
    spans: list[tuple[int, int, str]] = []
    for flag in sorted(red_flags, key=lambda f: (f.get("start", 0), f.get("end", 0))):
        start, end = int(flag.get("start", 0)), int(flag.get("end", 0))
        start, end = max(0, start), min(len(text), end)
        if end <= start:
            continue
        if spans and start < spans[-1][1]:
            last = spans[-1]
            spans[-1] = (last[0], max(last[1], end), last[2])
            continue
        spans.append((start, end, str(flag.get("why", ""))))
    segments: list[Segment] = []
    at = 0
    for start, end, why in spans:
        if start > at:
            segments.append(Segment(text[at:start]))
        segments.append(Segment(text[start:end], why or _("可疑说法")))
        at = end
    if at < len(text):
        segments.append(Segment(text[at:]))
    return segments


def _answer_context(consultation: Consultation) -> dict[str, Any]:
    return {
        "consultation": consultation,
        "segments": highlighted(consultation.text, consultation.red_flags),
        "max_chars": MAX_CHARS,
        "police": selectors.local_police(consultation.village),
        "score_percent": round(consultation.score * 100),
    }


@never_cache
@public
def public_page(request: HttpRequest) -> HttpResponse:
    """咨询: no login. Paste the message or describe the call; the answer comes on the same page."""
    villages = selectors.public_villages()
    form = PublicConsultForm(request.POST if request.method == "POST" else None, villages=villages)
    context: dict[str, Any] = {"form": form}
    if request.method != "POST":
        return render(request, "consults/public.html", context)
    if not form.is_valid():
        return render(request, "consults/public.html", context, status=400)
    ip = client_ip(request)
    try:
        services.throttle_check(ip_digest=services.ip_hash(ip), phone=form.cleaned_data["phone"])
        consultation, _created = services.consultation_record(
            data=services.ConsultationIn(
                channel=Channel.WEB,
                text=form.cleaned_data["text"],
                phone=form.cleaned_data["phone"],
                village=form.cleaned_data["village"],
                ip=ip,
            ),
            by=None,
        )
    except services.Throttled as exc:
        context["throttled"] = exc.message
        return render(request, "consults/public.html", context, status=429)
    except services.ConsultationInputError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return render(request, "consults/public.html", context, status=400)
    context.update(_answer_context(consultation))
    context["form"] = PublicConsultForm(villages=villages)  # a fresh form under the answer, for the next one
    return render(request, "consults/public.html", context)


@action_required("consult.read")
def staff_list(request: HttpRequest) -> HttpResponse:
    """咨询记录: consultations in the user's jurisdiction, newest first, with filters."""
    filter_form = FilterForm(request.GET or None)
    qs = selectors.consultations_for(user=request.user, **filter_form.filters())
    context = {
        "filter_form": filter_form,
        "page": paginate(request, qs),
        "qs": query_without_page(request),
        "may_log": can(request.user, "consult.log"),
    }
    return render(request, "consults/list.html", context)


@action_required("consult.log")
@once_per_submission
def staff_new(request: HttpRequest) -> HttpResponse:
    """登记电话或来访咨询: the same engine judges it; the verdict is on the page that follows."""
    user: Any = request.user
    villages = scoped(Village.objects.all(), user)
    form = StaffConsultForm(
        request.POST if request.method == "POST" else None, villages=villages, village_required=not user.county_wide
    )
    if request.method == "POST" and form.is_valid():
        try:
            consultation, _created = services.consultation_record(
                data=services.ConsultationIn(
                    channel=form.cleaned_data["channel"],
                    text=form.cleaned_data["text"],
                    phone=form.cleaned_data["phone"],
                    village=form.cleaned_data["village"],
                ),
                by=user,
            )
        except services.ConsultationInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            if consultation.alert_id:
                messages.warning(request, _("高风险咨询，已生成预警并派给社区民警"))
            else:
                messages.success(request, _("咨询已登记"))
            return redirect("consults:detail", pk=consultation.pk)
    return render(request, "consults/new.html", {"form": form}, status=400 if form.is_bound else 200)


@action_required("consult.read")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One consultation with the full phone number: audited every time it is opened."""
    consultation = get_scoped_or_404(
        Consultation.objects.select_related("village__township", "township", "handled_by", "alert"),
        request.user,
        pk=pk,
    )
    services.consultation_viewed(consultation=consultation, by=request.user)  # type: ignore[arg-type]
    return render(request, "consults/detail.html", _answer_context(consultation))
