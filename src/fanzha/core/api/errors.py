"""Every API error is `{"detail": …, "code": …}` with a 4xx status."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError


class ApiError(Exception):
    """Raised by handlers for a domain error the client can fix."""

    def __init__(self, detail: Any, code: str, status: int = 400) -> None:
        super().__init__(detail)
        self.detail, self.code, self.status = detail, code, status


def _field_name(loc: list[Any]) -> str:
    # ninja reports ["body", "payload", "level"]; the client knows only "level".
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path")]
    return ".".join(parts)


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return api.create_response(request, {"detail": exc.detail, "code": exc.code}, status=exc.status)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [
            {"field": _field_name(list(e.get("loc", []))), "message": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors
        ]
        fields = ", ".join(sorted({e["field"] for e in errors if e["field"]}))
        return api.create_response(
            request,
            {"detail": f"invalid input: {fields}" if fields else "invalid input", "code": "invalid", "errors": errors},
            status=422,
        )

    @api.exception_handler(ValidationError)
    def django_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        return api.create_response(request, {"detail": detail, "code": "invalid"}, status=422)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(
            request, {"detail": "authentication required", "code": "unauthenticated"}, status=401
        )

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return api.create_response(request, {"detail": "permission denied", "code": "forbidden"}, status=403)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": "not found", "code": "not_found"}, status=404)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc), "code": "error"}, status=exc.status_code)
