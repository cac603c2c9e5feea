"""What every API endpoint shares: pagination, error shape, scoped lookups."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from . import policy
from .pagination import CappedPaginator


class Pagination(PageNumberPagination):
    """Pages of 50 (``page_size`` up to 200). A search's ``count`` stops at 1001, meaning "more than 1000"."""

    django_paginator_class = CappedPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every refusal is a JSON body with a clear message; nothing is half-done (services are atomic)."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "message_dict"):
            detail: Any = exc.message_dict
        else:
            detail = {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, RequestDataTooBig):
        return Response(
            {"detail": _("The request body is too large.")}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(_("You do not have permission to do this."))
    return drf_exception_handler(exc, context)


class ScopedViewSetMixin:
    """Lists and lookups go through ``policy.visible``; other models' ids answer 404."""

    base_queryset: Any = None

    def get_queryset(self) -> Any:
        return policy.visible(self.request.user, self.base_queryset.all())  # type: ignore[attr-defined]


class NamedChoiceField(serializers.ChoiceField):
    """A choice field of one of the models' choice sets, named after the set in the schema (``TeamRoleEnum``).
    Many apps have a field called ``role``, ``state`` or ``kind``: drf-spectacular would otherwise name every set
    after its field and merge or rename them. ``schema_prefix`` keeps an app's sets apart from another's of the
    same name; ``schema_name`` names one set outright."""

    choices_class: Any = None
    schema_prefix = ""
    schema_name = ""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=self.choices_class.choices, **kwargs)

    @classmethod
    def enum_name(cls) -> str:
        return cls.schema_name or f"{cls.schema_prefix}{cls.choices_class.__name__}Enum"


class _NamedChoiceFieldSchema(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField
    match_subclasses = True

    def get_name(self) -> str:
        return str(self.target.enum_name())

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.target.choices_class.values)}
