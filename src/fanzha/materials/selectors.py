"""Reads of the materials app. Materials and techniques are the county's, shared by all staff; typical
cases follow their case's jurisdiction."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from fanzha.materials.models import Material, Technique, TypicalCase
from fanzha.places.scoping import scoped


def materials_matching(
    *,
    q: str = "",
    kind: str = "",
    fraud_type: str = "",
    language: str = "",
    occasion: str = "",
    key_group: int | None = None,
) -> QuerySet[Material]:
    """The library filtered as the search form asks, each with its usage counts."""
    found = Material.objects.select_related("key_group").annotate(
        n_activities=Count("uses__activity", distinct=True), n_bulletins=Count("uses__bulletin", distinct=True)
    )
    if q.strip():
        words = q.strip()
        found = found.filter(Q(title__icontains=words) | Q(description__icontains=words) | Q(text__icontains=words))
    if kind:
        found = found.filter(kind=kind)
    if fraud_type:
        found = found.filter(fraud_type=fraud_type)
    if language:
        found = found.filter(language=language)
    if occasion:
        found = found.filter(Q(occasion=occasion) | Q(occasion="any"))
    if key_group:
        found = found.filter(key_group_id=key_group)
    return found.order_by("-created_at", "-id")


def typical_cases_for(*, user: Any) -> QuerySet[TypicalCase]:
    return scoped(TypicalCase.objects.select_related("case", "bulletin"), user)


def techniques_visible(*, user: Any, drafts: bool) -> QuerySet[Technique]:
    """Every technique for those who write them; the published ones for everyone else."""
    found = Technique.objects.all()
    if not drafts:
        found = found.filter(status=Technique.Status.PUBLISHED)
    return found.order_by("-created_at", "-id")
