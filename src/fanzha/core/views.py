from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from fanzha.core.audit import log_action
from fanzha.core.models import AuditEntry, Job
from fanzha.core.pagination import paginate, query_without_page
from fanzha.core.permissions import action_required


@action_required("admin.audit_log")
def audit_log(request: HttpRequest) -> HttpResponse:
    entries = AuditEntry.objects.select_related("actor")
    action = request.GET.get("action", "").strip()
    actor = request.GET.get("actor", "").strip()
    if action:
        entries = entries.filter(action__startswith=action)
    if actor:
        entries = entries.filter(actor__username=actor)
    page = paginate(request, entries, per_page=100)
    return render(
        request,
        "core/audit_log.html",
        {"page": page, "action": action, "actor": actor, "qs": query_without_page(request)},
    )


def _job_for(request: HttpRequest, pk: int) -> Job:
    job = get_object_or_404(Job, pk=pk)
    if job.created_by_id != request.user.pk and not request.user.is_superuser:
        raise PermissionDenied
    return job


@action_required("job.read")
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's progress: the full page, the HTMX partial that polls itself, or JSON."""
    job = _job_for(request, pk)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse(
            {
                "id": job.pk,
                "status": job.status,
                "total": job.total,
                "done": job.done,
                "percent": job.percent,
                "summary": job.summary,
                "errors": job.errors[:200],
            }
        )
    template = "core/job_progress.html" if request.headers.get("HX-Request") else "core/job_detail.html"
    return render(request, template, {"job": job})


@action_required("job.read")
def job_result(request: HttpRequest, pk: int) -> FileResponse:
    job = _job_for(request, pk)
    if not job.result_file:
        raise PermissionDenied
    filename = (job.result_file.name or "result").rsplit("/", 1)[-1]
    # The bad rows hold ID numbers and phones as they were sent: taking them is an audited read.
    log_action(job, "job.result_downloaded", by=request.user, data={"kind": job.kind})
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=filename)
