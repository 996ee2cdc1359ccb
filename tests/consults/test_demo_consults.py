"""The demo's consultations: a few hundred over the past months, a few linked to alerts."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from fanzha.consults.models import Consultation
from fanzha.demo.alerts import load_demo as load_alerts
from fanzha.demo.consults import COUNT, load_demo

pytestmark = pytest.mark.django_db


def test_demo_consultations_span_the_past_year_and_some_became_alerts(world):
    county = world.township_a.county
    load_alerts(county=county, rng=random.Random(1))
    load_demo(county=county, rng=random.Random(5))
    assert Consultation.objects.count() == COUNT
    assert Consultation.objects.filter(created_at__lt=timezone.now() - timedelta(days=180)).exists()
    assert Consultation.objects.filter(is_fraud=True).exists() and Consultation.objects.filter(is_fraud=False).exists()
    linked = Consultation.objects.filter(alert__isnull=False).select_related("alert")
    assert linked.exists()
    assert all(c.created_at <= c.alert.received_at and c.township_id == c.alert.township_id for c in linked)
