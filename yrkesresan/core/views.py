from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import policy
from .audit import action_label, change_rows
from .forms import AccessibilityReportForm
from .models import AuditEvent
from .navigation import entries_for
from .services import accessibility_report_create


def home(request: HttpRequest) -> HttpResponse:
    """Every role's start page: what this person can do now, nothing that does not work yet."""
    from .home import home_context  # the per-role summaries are assembled by the apps that own them

    return render(request, "core/home.html", {"entries": entries_for(request.user), **home_context(request)})


@login_not_required
@require_http_methods(["GET", "POST"])
def accessibility(request: HttpRequest) -> HttpResponse:
    form = AccessibilityReportForm(request.POST or None, initial={"page_url": request.GET.get("from", "")})
    if request.method == "POST" and form.is_valid():
        try:
            accessibility_report_create(**form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you. Your report has been sent to the people who fix it."))
            return redirect("accessibility")
    return render(request, "core/accessibility.html", {"form": form}, status=400 if form.errors else 200)


def audit_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "audit.view")
    events = policy.visible(request.user, AuditEvent.objects.all())
    action = request.GET.get("action", "")
    if action:
        events = events.filter(action__startswith=action)
    page = Paginator(events.order_by("-at", "-id"), 50).get_page(request.GET.get("page"))
    for event in page:
        event.label = action_label(event.action)
        event.rows = change_rows(event.changes)
    return render(request, "core/audit_list.html", {"page": page, "action": action})


@login_not_required
def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
