from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fanzha.core.jobs import job_page, job_start
from fanzha.core.models import Job
from fanzha.core.once import once_per_submission
from fanzha.core.pagination import paginate, query_without_page
from fanzha.core.params import id_or_none
from fanzha.core.permissions import action_required
from fanzha.people import selectors, services
from fanzha.people.forms import PeopleImportForm
from fanzha.people.importers import COLUMNS, template_file
from fanzha.people.models import KeyGroup, Organisation, Resident
from fanzha.people.tasks import import_people_job
from fanzha.places.models import Township, Village
from fanzha.places.scoping import get_scoped_or_404, scoped


@action_required("people.read")
def resident_list(request: HttpRequest) -> HttpResponse:
    filters = {
        "q": request.GET.get("q", ""),
        "township": id_or_none(request.GET.get("township")),
        "village": id_or_none(request.GET.get("village")),
        "key_group": request.GET.get("key_group", ""),
        "registered": request.GET.get("registered", ""),
    }
    residents = selectors.resident_search(user=request.user, **filters)  # type: ignore[arg-type]
    page = paginate(request, residents.prefetch_related("key_groups"))
    context = {
        "page": page,
        "filters": filters,
        "qs": query_without_page(request),
        "townships": scoped(Township.objects.all(), request.user),
        "villages": scoped(Village.objects.select_related("township"), request.user),
        "key_groups": KeyGroup.objects.all(),
    }
    template = "people/_resident_rows.html" if request.headers.get("HX-Request") else "people/resident_list.html"
    return render(request, template, context)


@action_required("people.read")
def resident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resident = get_scoped_or_404(
        Resident.objects.select_related("village__township", "household__grid", "household__group", "organisation"),
        request.user,
        pk=pk,
    )
    services.resident_record_viewed(resident=resident, by=request.user)
    members = (
        Resident.objects.filter(household_id=resident.household_id).exclude(pk=resident.pk)
        if resident.household_id
        else Resident.objects.none()
    )
    return render(request, "people/resident_detail.html", {"resident": resident, "members": members})


@action_required("people.read")
def organisation_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    kind = request.GET.get("kind", "")
    township = id_or_none(request.GET.get("township"))
    organisations = selectors.organisations_for(user=request.user, q=q, kind=kind, township=township)
    page = paginate(request, organisations)
    return render(
        request,
        "people/organisation_list.html",
        {
            "page": page,
            "q": q,
            "kind": kind,
            "township": township,
            "kinds": Organisation.Kind.choices,
            "townships": scoped(Township.objects.all(), request.user),
            "qs": query_without_page(request),
        },
    )


@action_required("people.import")
@once_per_submission
def people_import(request: HttpRequest) -> HttpResponse:
    """导入居民: upload a file; the worker checks and lands it while the job page shows progress."""
    form = PeopleImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = job_start(
            kind="people.import",
            by=request.user,
            task=import_people_job,
            params={"skip_bad": form.cleaned_data["skip_bad"]},
            upload=form.cleaned_data["file"],
        )
        return job_page(job)
    recent = Job.objects.filter(kind="people.import", created_by=request.user)[:5]  # type: ignore[misc]
    return render(
        request,
        "people/import.html",
        {"form": form, "columns": COLUMNS, "recent": recent, "max_mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)},
        status=400 if form.is_bound else 200,
    )


@action_required("people.import")
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        template_file(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = "attachment; filename=residents-template.xlsx"
    return response
