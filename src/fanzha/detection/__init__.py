"""Fraud recognition engine: taxonomy, text normalisation, red-flag rules and the classifier.

Plain Python (no Django, no database) so that consultations, alerts and the API can all call it,
and so that it can be trained and measured on its own.
"""
