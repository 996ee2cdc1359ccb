"""Routing an alert to the officer who covers the person: see router.py; addresses: gazetteer.py."""

from fanzha.alerts.routing.gazetteer import AddressMatch, Gazetteer, normalize_address
from fanzha.alerts.routing.loader import current_directory, current_gazetteer, directory_changed
from fanzha.alerts.routing.router import Routing, route_alert, station_chiefs_for

__all__ = [
    "AddressMatch",
    "Gazetteer",
    "Routing",
    "current_directory",
    "current_gazetteer",
    "directory_changed",
    "normalize_address",
    "route_alert",
    "station_chiefs_for",
]
