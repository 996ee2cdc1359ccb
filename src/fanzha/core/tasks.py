from __future__ import annotations

from django.db.models import F
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task

from fanzha.core.jobs import jobs_recover_orphans
from fanzha.core.models import Heartbeat
from fanzha.core.once import submissions_forget_old


@db_periodic_task(crontab(minute="*"))
def heartbeat() -> None:
    """Proves the scheduler runs: the admin page shows when it last beat."""
    beat_record()


def beat_record(name: str = "scheduler") -> Heartbeat:
    beat, created = Heartbeat.objects.get_or_create(name=name, defaults={"at": timezone.now(), "count": 1})
    if not created:
        Heartbeat.objects.filter(pk=beat.pk).update(at=timezone.now(), count=F("count") + 1)
        beat.refresh_from_db()
    return beat


@db_periodic_task(crontab(minute="17", hour="3"))
def forget_old_submissions() -> None:
    """Form submission keys are needed only while a page can be sent again."""
    submissions_forget_old()


@HUEY.on_startup()
def recover_orphaned_jobs() -> None:
    """A consumer starting (again, after one was killed) picks up the jobs the dead one left running."""
    jobs_recover_orphans()
