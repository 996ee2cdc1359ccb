"""Pages of the materials library, typical cases and new techniques."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fanzha.accounts.policy import can
from fanzha.cases.models import Case
from fanzha.core.pagination import paginate, query_without_page
from fanzha.core.params import id_or_none
from fanzha.core.permissions import action_required
from fanzha.detection.taxonomy import FRAUD_TYPES
from fanzha.materials import selectors, services
from fanzha.materials.files import EXTENSIONS
from fanzha.materials.forms import FRAUD_CHOICES, MaterialForm, PublishForm, TechniqueForm, TypicalCaseForm
from fanzha.materials.models import Language, Material, MaterialKind, Occasion, Technique
from fanzha.materials.techniques import normal_hits
from fanzha.outreach.models import Activity, Bulletin
from fanzha.outreach.selectors import activities_for
from fanzha.outreach.services import TargetSpec
from fanzha.people.models import KeyGroup
from fanzha.places.models import County, Township
from fanzha.places.scoping import get_scoped_or_404, scoped

# --- the library ----------------------------------------------------------------------------------------


@action_required("material.read")
def material_list(request: HttpRequest) -> HttpResponse:
    filters: dict[str, Any] = {
        "q": request.GET.get("q", "")[:50],
        "kind": request.GET.get("kind", "") if request.GET.get("kind") in MaterialKind.values else "",
        "fraud_type": request.GET.get("fraud_type", "") if request.GET.get("fraud_type") in FRAUD_TYPES else "",
        "language": request.GET.get("language", "") if request.GET.get("language") in Language.values else "",
        "occasion": request.GET.get("occasion", "") if request.GET.get("occasion") in Occasion.values else "",
        "key_group": id_or_none(request.GET.get("key_group")),
    }
    page = paginate(request, selectors.materials_matching(**filters), per_page=24)
    return render(
        request,
        "materials/material_list.html",
        {
            "page": page,
            "qs": query_without_page(request),
            "filters": filters,
            "kinds": MaterialKind.choices,
            "fraud_types": FRAUD_CHOICES,
            "language_choices": Language.choices,
            "occasions": Occasion.choices,
            "key_groups": KeyGroup.objects.all(),
            "may_upload": can(request.user, "material.upload"),
        },
    )


@action_required("material.upload")
def material_new(request: HttpRequest) -> HttpResponse:
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("file")
        try:
            material, _created = services.material_upload(
                by=request.user,
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                text=data["text"],
                upload=services.Upload(upload, upload.name or "") if upload else None,
                fraud_type=data["fraud_type"],
                key_group=data["key_group"],
                language=data["language"],
                occasion=data["occasion"],
            )
        except services.MaterialsError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("素材已上传"))
            return redirect("materials:material_detail", pk=material.pk)
    return render(request, "materials/material_new.html", {"form": form}, status=400 if form.is_bound else 200)


@action_required("material.read")
def material_detail(request: HttpRequest, pk: int) -> HttpResponse:
    material = get_object_or_404(Material.objects.select_related("key_group", "uploaded_by"), pk=pk)
    uses = material.uses.select_related("activity__township", "activity__village", "bulletin")
    user: Any = request.user
    may_log = can(user, "outreach.log")
    may_attach = can(user, "outreach.bulletin")
    in_use = [u.activity_id for u in uses if u.activity_id]
    mine = set(scoped(Activity.objects.filter(pk__in=in_use), user).values_list("pk", flat=True))
    return render(
        request,
        "materials/material_detail.html",
        {
            "material": material,
            "activity_uses": [u for u in uses if u.activity_id],
            # linked only where the user may open the activity; the others are counted, not shown
            "my_activity_uses": [u for u in uses if u.activity_id in mine],
            "bulletin_uses": [u for u in uses if u.bulletin_id],
            "activities": activities_for(user=user).select_related("township", "village")[:30] if may_log else [],
            "bulletins": Bulletin.objects.order_by("-created_at")[:30] if may_attach else [],
        },
    )


@action_required("material.read")
def material_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The file, after the policy check: never from MEDIA_URL. `?download=1` saves it under its title."""
    material = get_object_or_404(Material, pk=pk)
    if not material.file:
        raise Http404
    download = request.GET.get("download") == "1" or material.content_type == "application/pdf"
    extension = EXTENSIONS.get(material.content_type, "bin")
    return FileResponse(
        material.file.open("rb"),
        content_type=material.content_type,
        as_attachment=download,
        filename=f"{material.title}.{extension}",
    )


@require_POST
@action_required("outreach.log")
def material_use(request: HttpRequest, pk: int) -> HttpResponse:
    """This material was used in one of the user's activities."""
    material = get_object_or_404(Material, pk=pk)
    activity_id = id_or_none(request.POST.get("activity"))
    if activity_id is None:
        messages.error(request, _("请选择宣防活动"))
        return redirect("materials:material_detail", pk=material.pk)
    activity = get_scoped_or_404(Activity.objects.all(), request.user, pk=activity_id)
    services.material_use_record(material=material, activity=activity, by=request.user)
    messages.success(request, _("已记录：活动使用了该素材"))
    return redirect("materials:material_detail", pk=material.pk)


@require_POST
@action_required("outreach.bulletin")
def material_attach(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach this material to a bulletin (the centre's)."""
    material = get_object_or_404(Material, pk=pk)
    bulletin_id = id_or_none(request.POST.get("bulletin"))
    if bulletin_id is None:
        messages.error(request, _("请选择通报"))
        return redirect("materials:material_detail", pk=material.pk)
    bulletin = get_object_or_404(Bulletin, pk=bulletin_id)
    services.material_use_record(material=material, bulletin=bulletin, by=request.user)
    messages.success(request, _("已附加到通报"))
    return redirect("materials:material_detail", pk=material.pk)


# --- typical cases ----------------------------------------------------------------------------------------


@action_required("typical_case.write")
def typical_case_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "materials/typical_case_list.html",
        {"typical_cases": selectors.typical_cases_for(user=request.user)[:200]},
    )


@require_POST
@action_required("typical_case.write")
def typical_case_create(request: HttpRequest, pk: int) -> HttpResponse:
    """One action on a case: draft its anonymised typical case and open it for editing."""
    case = get_scoped_or_404(Case.objects.select_related("township", "village", "organisation"), request.user, pk=pk)
    typical = services.typical_case_draft(case=case, by=request.user)
    messages.success(request, _("已生成典型案例草稿，请核对后发布"))
    return redirect("materials:typical_case_edit", pk=typical.pk)


def _publish_form(request: HttpRequest, data: Any = None) -> PublishForm:
    townships = [(t.pk, t.name) for t in scoped(Township.objects.all(), request.user)]
    return PublishForm(data, townships=townships)


@action_required("typical_case.write")
def typical_case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    typical = get_scoped_or_404(selectors.typical_cases_for(user=request.user), request.user, pk=pk)
    form = TypicalCaseForm(request.POST or None, initial={"title": typical.title, "text": typical.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.typical_case_update(
                typical=typical, title=form.cleaned_data["title"], text=form.cleaned_data["text"], by=request.user
            )
        except services.MaterialsError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("已保存"))
            return redirect("materials:typical_case_edit", pk=typical.pk)
    return render(
        request,
        "materials/typical_case_edit.html",
        {"typical": typical, "form": form, "publish_form": _publish_form(request)},
        status=400 if form.is_bound else 200,
    )


@require_POST
@action_required("typical_case.write")
def typical_case_publish(request: HttpRequest, pk: int) -> HttpResponse:
    typical = get_scoped_or_404(selectors.typical_cases_for(user=request.user), request.user, pk=pk)
    form = _publish_form(request, request.POST)
    if form.is_valid():
        targets = [TargetSpec("township", int(t)) for t in form.cleaned_data["townships"]]
        if form.cleaned_data["county"]:
            targets += [TargetSpec("county", c.pk) for c in County.objects.all()]
        try:
            services.typical_case_publish(typical=typical, targets=targets, by=request.user)
        except services.MaterialsError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("典型案例已发布并发送"))
            return redirect("outreach:bulletin_detail", pk=typical.bulletin_id)
    return render(
        request,
        "materials/typical_case_edit.html",
        {
            "typical": typical,
            "form": TypicalCaseForm(initial={"title": typical.title, "text": typical.text}),
            "publish_form": form,
        },
        status=400,
    )


# --- new techniques ---------------------------------------------------------------------------------------


@action_required("technique.read")
def technique_list(request: HttpRequest) -> HttpResponse:
    may_write = can(request.user, "technique.write")
    return render(
        request,
        "materials/technique_list.html",
        {"techniques": selectors.techniques_visible(user=request.user, drafts=may_write)[:200], "may_write": may_write},
    )


@action_required("technique.write")
def technique_new(request: HttpRequest) -> HttpResponse:
    form = TechniqueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            technique = services.technique_create(by=request.user, **form.cleaned_data)
        except services.MaterialsError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("materials:technique_detail", pk=technique.pk)
    return render(request, "materials/technique_new.html", {"form": form}, status=400 if form.is_bound else 200)


@action_required("technique.read")
def technique_detail(request: HttpRequest, pk: int) -> HttpResponse:
    may_write = can(request.user, "technique.write")
    technique = get_object_or_404(selectors.techniques_visible(user=request.user, drafts=may_write), pk=pk)
    per_phrase: list[tuple[str, int]] = []
    if may_write:
        _total, _checked, counts = normal_hits(technique.phrases)
        per_phrase = list(zip(technique.phrases, counts, strict=True))
    return render(
        request,
        "materials/technique_detail.html",
        {"technique": technique, "per_phrase": per_phrase, "may_write": may_write},
    )


@require_POST
@action_required("technique.write")
def technique_publish(request: HttpRequest, pk: int) -> HttpResponse:
    technique = get_object_or_404(Technique, pk=pk)
    services.technique_publish(technique=technique, by=request.user)
    messages.success(request, _("已发布：群众咨询和识别接口即刻显示该手法的可疑点"))
    return redirect("materials:technique_detail", pk=technique.pk)


@require_POST
@action_required("technique.write")
def technique_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    technique = get_object_or_404(Technique, pk=pk)
    try:
        services.technique_withdraw(technique=technique, by=request.user)
    except services.MaterialsError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已撤回"))
    return redirect("materials:technique_detail", pk=technique.pk)
