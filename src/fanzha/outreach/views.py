"""Outreach pages: log an activity from a phone, coverage per township, App registrations, groups,
bulletins, and the public feedback link."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fanzha.accounts.policy import can
from fanzha.core.context import current_ip
from fanzha.core.jobs import job_page, job_start
from fanzha.core.models import Job
from fanzha.core.params import id_or_none
from fanzha.core.permissions import action_required, public
from fanzha.detection.taxonomy import FRAUD_TYPES
from fanzha.outreach import selectors, services
from fanzha.outreach.forms import ActivityForm, BulletinForm, FeedbackForm, HeadVisitForm, RegistrationImportForm
from fanzha.outreach.models import Activity, ActivityPhoto, Bulletin, BulletinTarget
from fanzha.outreach.registrations import COLUMNS as REGISTRATION_COLUMNS
from fanzha.outreach.tasks import JOB_KIND as REGISTRATIONS_JOB_KIND
from fanzha.outreach.tasks import import_registrations_job
from fanzha.people.models import Household, Resident
from fanzha.places.models import County, TenHouseholdGroup, Township, Village
from fanzha.places.scoping import get_scoped_or_404, jurisdiction_of, scoped

FEEDBACK_LIMIT_PER_HOUR = 20


def _villages(user: Any) -> Any:
    return scoped(Village.objects.select_related("township"), user).order_by("township_id", "id")


@action_required("outreach.read")
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "outreach/home.html",
        {
            "activities": selectors.activities_for(user=request.user)[:10],
            "may_act": can(request.user, "outreach.log"),
            "may_bulletin": can(request.user, "outreach.bulletin"),
        },
    )


# --- activities --------------------------------------------------------------------------------------


def _picker_context(user: Any, village: Village | None) -> dict[str, Any]:
    """The village's households grouped by ten-household group, for ticking a whole group at once."""
    if village is None:
        return {"picker_village": None, "picker_groups": [], "picker_grids": []}
    households = list(
        scoped(Household.objects.filter(village=village), user)
        .select_related("group", "grid")
        .order_by("group_id", "id")
    )
    groups: dict[int | None, dict[str, Any]] = {}
    for h in households:
        entry = groups.setdefault(h.group_id, {"group": h.group, "households": []})
        entry["households"].append(h)
    grids = sorted({(h.grid_id, h.grid.name) for h in households if h.grid_id and h.grid}, key=lambda g: g[0])
    return {"picker_village": village, "picker_groups": list(groups.values()), "picker_grids": grids}


def _chosen_village(request: HttpRequest, villages: Any, raw: str | None) -> Village | None:
    pk = id_or_none(raw)
    if pk is not None:
        return villages.filter(pk=pk).first()
    only = list(villages[:2])
    return only[0] if len(only) == 1 else None


@action_required("outreach.log")
def household_picker(request: HttpRequest) -> HttpResponse:
    village = _chosen_village(request, _villages(request.user), request.GET.get("village"))
    return render(
        request, "outreach/_household_picker.html", {**_picker_context(request.user, village), "chosen": set()}
    )


@action_required("outreach.log")
def activity_new(request: HttpRequest) -> HttpResponse:
    """Phone first: a kind button, today's date, a village, tick a group or a grid, save."""
    user: Any = request.user
    villages = _villages(user)
    village = _chosen_village(request, villages, request.POST.get("village") or request.GET.get("village"))
    picker = _picker_context(user, village)
    offered = [h.pk for g in picker["picker_groups"] for h in g["households"]]
    form = ActivityForm(
        request.POST or None, villages=villages, household_ids=offered, initial={"village": village, "kind": ""}
    )
    photos = request.FILES.getlist("photos")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity, _created = services.activity_create(
                by=user,
                kind=data["kind"],
                day=data["date"],
                village=data["village"],
                place=data["place"],
                audience=data["audience"] or 0,
                household_ids=data["households"],
                materials=data["materials"],
                note=data["note"],
                photos=[services.PhotoUpload(file=f, name=f.name or "", size=f.size) for f in photos],
            )
        except services.OutreachError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _("已记录：%(kind)s，覆盖 %(n)s 户")
                % {"kind": activity.get_kind_display(), "n": len(data["households"])},
            )
            return redirect("outreach:activity_detail", pk=activity.pk)
    chosen = set(form.cleaned_data.get("households", [])) if form.is_bound and hasattr(form, "cleaned_data") else set()
    return render(
        request,
        "outreach/activity_new.html",
        {"form": form, "kinds": Activity.Kind.choices, "chosen": chosen, **picker},
        status=400 if form.is_bound else 200,
    )


@action_required("outreach.read")
def activity_list(request: HttpRequest) -> HttpResponse:
    from fanzha.core.pagination import paginate, query_without_page

    village = id_or_none(request.GET.get("village"))
    page = paginate(request, selectors.activities_for(user=request.user, village=village))
    return render(
        request,
        "outreach/activity_list.html",
        {"page": page, "qs": query_without_page(request), "villages": _villages(request.user), "village": village},
    )


@action_required("outreach.read")
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_scoped_or_404(
        Activity.objects.select_related("township", "village", "created_by"), request.user, pk=pk
    )
    households = Household.objects.filter(outreach_reached__activity=activity).select_related("group").order_by("id")
    return render(
        request,
        "outreach/activity_detail.html",
        {
            "activity": activity,
            "households": [(h, selectors.mask_address(h.address)) for h in households],
            "photos": activity.photos.all(),
            "organisers": activity.organisers.all(),
        },
    )


@action_required("outreach.read")
def activity_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Photos are served through the scope check, not from a public media URL."""
    photo = get_scoped_or_404(ActivityPhoto.objects.all(), request.user, pk=pk)
    return FileResponse(photo.image.open("rb"), content_type="image/jpeg")


# --- coverage -------------------------------------------------------------------------------------------


@action_required("outreach.read")
def coverage(request: HttpRequest) -> HttpResponse:
    """Per township: every village's share of households reached in 30/90/365 days, table and chart."""
    townships = scoped(Township.objects.all(), request.user).order_by("id")
    township = townships.filter(pk=id_or_none(request.GET.get("township")) or 0).first() or townships.first()
    rows = selectors.village_coverage(user=request.user, township=township.pk) if township else []
    chart = {
        "villages": [r["village"].name for r in rows],
        "series": {str(d): [round(r["coverage"].rate(d) * 100, 1) for r in rows] for d in selectors.WINDOWS},
    }
    return render(
        request,
        "outreach/coverage.html",
        {"townships": townships, "township": township, "rows": rows, "chart": chart, "windows": selectors.WINDOWS},
    )


@action_required("outreach.read")
def coverage_village(request: HttpRequest, pk: int) -> HttpResponse:
    village = get_scoped_or_404(Village.objects.select_related("township"), request.user, pk=pk)
    households = Household.objects.filter(village=village)
    by_grid = selectors.coverage_by(households, key="grid_id")
    by_group = selectors.coverage_by(households, key="group_id")
    grids = {g.pk: g.name for g in village.grids.all()}
    groups = {g.pk: g for g in village.ten_household_groups.all()}
    never, never_total = selectors.never_reached(village=village, limit=300)
    return render(
        request,
        "outreach/coverage_village.html",
        {
            "village": village,
            "grid_rows": [(grids.get(k or 0, _("未分网格")), c) for k, c in by_grid.items()],
            "group_rows": [(groups.get(k or 0), c) for k, c in by_group.items()],
            "never": never,
            "never_total": never_total,
            "windows": selectors.WINDOWS,
        },
    )


# --- App registrations ------------------------------------------------------------------------------


@action_required("outreach.read")
def registrations(request: HttpRequest) -> HttpResponse:
    days = id_or_none(request.GET.get("days")) or 30
    days = min(max(days, 1), 3650)
    township = id_or_none(request.GET.get("township"))
    figures = selectors.registration_rates(user=request.user, township=township, days=days)
    return render(
        request,
        "outreach/registrations.html",
        {
            "rate_townships": figures["townships"],
            "rate_villages": figures["villages"],
            "days": days,
            "township": township,
            "townships": scoped(Township.objects.all(), request.user),
            "may_import": can(request.user, "outreach.import"),
        },
    )


@action_required("outreach.import")
def registrations_import(request: HttpRequest) -> HttpResponse:
    """Upload the list of registered people; the worker matches it while the job page shows progress:
    matched residents get their date, the rest are listed back (and offered for download)."""
    form = RegistrationImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = job_start(
            kind=REGISTRATIONS_JOB_KIND,
            by=request.user,
            task=import_registrations_job,
            upload=form.cleaned_data["file"],
        )
        return job_page(job)
    recent = Job.objects.filter(kind=REGISTRATIONS_JOB_KIND, created_by=request.user)[:5]  # type: ignore[misc]
    return render(
        request,
        "outreach/registrations_import.html",
        {
            "form": form,
            "columns": REGISTRATION_COLUMNS,
            "recent": recent,
            "max_mb": settings.IMPORT_MAX_BYTES // (1024 * 1024),
        },
        status=400 if form.is_bound else 200,
    )


@action_required("outreach.read")
def registrations_village(request: HttpRequest, pk: int) -> HttpResponse:
    """Unregistered residents per ten-household group, for the heads to visit (phones masked)."""
    village = get_scoped_or_404(Village.objects.select_related("township"), request.user, pk=pk)
    return render(
        request,
        "outreach/registrations_village.html",
        {"village": village, "groups": selectors.unregistered_by_group(village=village)},
    )


# --- ten-household groups ------------------------------------------------------------------------------


@action_required("outreach.read")
def group_list(request: HttpRequest) -> HttpResponse:
    village = id_or_none(request.GET.get("village"))
    return render(
        request,
        "outreach/group_list.html",
        {
            "groups": selectors.groups_for(user=request.user, village=village)[:500],
            "villages": _villages(request.user),
            "village": village,
        },
    )


def _group_for(request: HttpRequest, pk: int) -> TenHouseholdGroup:
    return get_scoped_or_404(
        TenHouseholdGroup.objects.select_related("village__township", "grid", "head"), request.user, pk=pk
    )


def _group_context(request: HttpRequest, group: TenHouseholdGroup, form: HeadVisitForm | None = None) -> dict[str, Any]:
    from fanzha.notify.models import Channel

    households = list(group.households.order_by("id"))
    residents = Resident.objects.filter(household__group=group).order_by("household_id", "id")
    return {
        "group": group,
        "households": [(h, selectors.mask_address(h.address)) for h in households],
        "residents": residents,
        "visits": selectors.head_visits_of(group)[:100],
        "channels": Channel.objects.filter(owner_key=f"group:{group.pk}", active=True),
        "form": form or HeadVisitForm(households=[(h.pk, selectors.mask_address(h.address)) for h in households]),
        "may_act": can(request.user, "outreach.log"),
    }


@action_required("outreach.read")
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group_for(request, pk)
    return render(request, "outreach/group_detail.html", _group_context(request, group))


@require_POST
@action_required("outreach.log")
def head_visit_create(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group_for(request, pk)
    households = [(h.pk, selectors.mask_address(h.address)) for h in group.households.order_by("id")]
    form = HeadVisitForm(request.POST, households=households)
    if form.is_valid():
        household = group.households.get(pk=form.cleaned_data["household"])
        try:
            services.head_visit_record(
                group=group,
                household=household,
                day=form.cleaned_data["date"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except services.OutreachError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("已记录走访"))
            return redirect("outreach:group_detail", pk=group.pk)
    return render(request, "outreach/group_detail.html", _group_context(request, group, form), status=400)


# --- bulletins ---------------------------------------------------------------------------------------------


@action_required("outreach.read")
def bulletin_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "outreach/bulletin_list.html",
        {
            "bulletins": selectors.bulletins_for(user=request.user)[:200],
            "may_bulletin": can(request.user, "outreach.bulletin"),
        },
    )


@action_required("outreach.bulletin")
def bulletin_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    villages = _villages(user)
    form = BulletinForm(
        request.POST or None,
        request.FILES or None,
        townships=[(t.pk, t.name) for t in scoped(Township.objects.all(), user)],
        villages=[(v.pk, f"{v.township.name} · {v.name}") for v in villages],
        groups=[
            (g.pk, f"{g.village.name} · {g.name}")
            for g in scoped(TenHouseholdGroup.objects.select_related("village"), user).order_by("village_id", "id")
        ],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        targets = [services.TargetSpec("township", int(pk)) for pk in data["townships"]]
        targets += [services.TargetSpec("village", int(pk)) for pk in data["villages"]]
        targets += [services.TargetSpec("group", int(pk)) for pk in data["groups"]]
        if data["county"]:
            # the whole of the user's counties (one in a county deployment; every one for the prefecture)
            counties = County.objects.filter(pk__in=scoped(Township.objects.all(), user).values("county_id"))
            targets += [services.TargetSpec("county", c.pk) for c in counties]
        picture = data.get("picture")
        try:
            bulletin, _created = services.bulletin_create(
                by=user,
                title=data["title"],
                text=data["text"],
                fraud_type=data["fraud_type"],
                targets=targets,
                picture=services.PhotoUpload(file=picture, name=picture.name or "", size=picture.size)
                if picture
                else None,
            )
        except services.OutreachError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("通报已发送"))
            return redirect("outreach:bulletin_detail", pk=bulletin.pk)
    return render(request, "outreach/bulletin_new.html", {"form": form}, status=400 if form.is_bound else 200)


def _bulletin_for(request: HttpRequest, pk: int) -> Bulletin:
    bulletin = selectors.bulletins_for(user=request.user).filter(pk=pk).first()
    if bulletin is None:
        raise Http404
    return bulletin


@action_required("outreach.read")
def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin_for(request, pk)
    report = selectors.bulletin_report(bulletin)
    if not jurisdiction_of(request.user).everything:
        report = [r for r in report if _target_visible(request.user, r["target"])]
    return render(
        request,
        "outreach/bulletin_detail.html",
        {"bulletin": bulletin, "report": report, "fraud_type": FRAUD_TYPES.get(bulletin.fraud_type)},
    )


def _target_visible(user: Any, target: BulletinTarget) -> bool:
    mine = jurisdiction_of(user)
    if target.level == BulletinTarget.Level.COUNTY:
        return True
    if target.township_id:
        return mine.covers_township(target.township_id) or bool(
            mine.all_village_ids()
            & set(Village.objects.filter(township_id=target.township_id).values_list("id", flat=True))
        )
    if target.village_id:
        return mine.covers_village(target.village_id)
    return target.group is not None and mine.covers_village(target.group.village_id)


@action_required("outreach.read")
def bulletin_picture(request: HttpRequest, pk: int) -> HttpResponseBase:
    bulletin = _bulletin_for(request, pk)
    if not bulletin.picture:
        raise Http404
    return FileResponse(bulletin.picture.open("rb"), content_type="image/jpeg")


def _rate_limited(request: HttpRequest, token: str) -> bool:
    """At most FEEDBACK_LIMIT_PER_HOUR reports per address per hour, across all links."""
    key = f"outreach:feedback:{current_ip.get() or request.META.get('REMOTE_ADDR', '')}"
    if cache.add(key, 1, 3600):
        return False
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, 3600)
        return False
    return count > FEEDBACK_LIMIT_PER_HOUR


@public
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    """The short link in the bulletin: no login, the token is the credential."""
    target = get_object_or_404(BulletinTarget.objects.select_related("bulletin"), token=token)
    form = FeedbackForm(request.POST or None)
    status = 200
    done = False
    if request.method == "POST":
        if _rate_limited(request, token):
            return render(
                request, "outreach/feedback.html", {"target": target, "form": form, "limited": True}, status=429
            )
        if form.is_valid():
            services.bulletin_feedback_record(target=target, **form.cleaned_data)
            done = True
        else:
            status = 400
    return render(
        request,
        "outreach/feedback.html",
        {
            "target": target,
            "bulletin": target.bulletin,
            "form": form,
            "done": done,
            "fraud_type": FRAUD_TYPES.get(target.bulletin.fraud_type),
        },
        status=status,
    )


@public
def feedback_picture(request: HttpRequest, token: str) -> HttpResponseBase:
    target = get_object_or_404(BulletinTarget.objects.select_related("bulletin"), token=token)
    if not target.bulletin.picture:
        raise Http404
    return FileResponse(target.bulletin.picture.open("rb"), content_type="image/jpeg")
