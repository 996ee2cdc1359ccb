"""Background work: a batch of notice letters as one zip, and Excel imports of cases, with progress."""

from __future__ import annotations

import logging
import zipfile
from io import BytesIO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from huey.contrib.djhuey import db_task

from fanzha.cases.importers import cases_import
from fanzha.cases.letters import NoKeyGroupMembers, county_figures
from fanzha.cases.models import DocumentSettings
from fanzha.cases.services import letter_generate, no_members_message
from fanzha.core.jobs import JobResult, Progress, counted_import_result, job_resumable, job_run
from fanzha.core.models import Job
from fanzha.people.models import Organisation
from fanzha.places.scoping import scoped

log = logging.getLogger(__name__)

CHUNK = 25  # letters per transaction in a batch


def letter_filename(organisation: Organisation, number: str) -> str:
    return f"{organisation.township.name}-{organisation.name}-{number}.docx".replace("/", "-")


def notice_letters_batch(job: Job, progress: Progress) -> JobResult:
    """Every chosen unit's letter into one zip; units without key-group members are listed, not written."""
    ids = [int(pk) for pk in job.params.get("organisations", [])]
    by = job.created_by
    organisations = (
        Organisation.objects.filter(pk__in=ids).select_related("township__county").order_by("township_id", "name")
    )
    if by is not None:
        organisations = scoped(organisations, by)
    chosen = list(organisations)
    progress(0, len(chosen))
    figures = {}
    letterheads = {}
    errors = []
    buffer = BytesIO()
    written = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for start in range(0, len(chosen), CHUNK):
            # One commit per chunk, not two per letter; progress shows after each chunk.
            with transaction.atomic():
                for done, organisation in enumerate(chosen[start : start + CHUNK], start=start + 1):
                    county = organisation.township.county
                    if county.pk not in figures:
                        figures[county.pk] = county_figures(county)
                        letterheads[county.pk] = DocumentSettings.for_county(county)
                    try:
                        letter, content = letter_generate(
                            organisation=organisation,
                            by=by,
                            figures=figures[county.pk],
                            letterhead=letterheads[county.pk],
                        )
                    except NoKeyGroupMembers:
                        message = no_members_message(organisation)
                        errors.append({"row": done, "field": organisation.name, "message": message})
                    else:
                        archive.writestr(letter_filename(organisation, letter.number), content)
                        written += 1
            progress(min(start + CHUNK, len(chosen)), len(chosen))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return JobResult(
        total=len(chosen),
        done=len(chosen),
        summary={
            "message": _("共选择 %(n)d 个单位，生成提示函 %(written)d 份") % {"n": len(chosen), "written": written}
            + (_("；%(k)d 个单位无重点人群人员，未生成") % {"k": len(errors)} if errors else ""),
            "written": written,
        },
        errors=errors,
        result_name=f"notice-letters-{stamp}.zip",
        result_bytes=buffer.getvalue() if written else None,
    )


@db_task()
def notice_letters_job(job_id: int) -> None:
    job_run(job_id=job_id, work=notice_letters_batch, failure_message=_("生成中断：系统错误"))


@db_task()
def import_cases_job(job_id: int) -> None:
    def work(job: Job, progress: Progress) -> JobResult:
        with job.input_file.open("rb") as upload:
            report = cases_import(
                path=upload, by=job.created_by, skip_bad=bool(job.params.get("skip_bad")), progress=progress
            )
        return counted_import_result(report)

    job_run(job_id=job_id, work=work, failure_message=_("导入中断：系统错误，未导入任何案件。"))


# The import lands whole or not at all and is idempotent: run it again if its worker died.
job_resumable("cases.import", import_cases_job)
