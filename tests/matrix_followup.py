"""The permission matrix of follow-up (``yrkesresan.followup``): the reports, the inventory and the planning
suggestion, the surveys (building, sending, results, answering by token) and the yearly report, as pages and
as API.

Who, by design (the issue and ``followup.policies``):

- **reports**: system admins for the nation and any region; the regional administrators and project leaders
  for their region; a k-admin for their municipality; a manager for their units. A national editor the nation's
  accounts, progress and course occasions of the journey they edit (the pages open on it; the API, asked with
  no journey, answers 400), not the days taught (403). Staff and trainers: 403. A region or municipality asked
  for outside one's reach: 404 (a k-admin's and a manager's reach includes the region their places lie in: the
  report is narrowed to their places there);
- **inventory**: a k-admin reports their own municipality, the regional roles see and correct any of their
  region's, system admins every one; managers and the rest 403; a municipality or region outside: 404;
- **planning**: the regional roles of the region and system admins; k-admins and managers 403; another
  region 404;
- **surveys**: system admins build national surveys and any region's, the regional roles their region's;
  those, and the k-admins and managers of a region, see its (and the national) surveys and their results.
  Whoever has no part in surveys (staff, trainers, national editors) is 403, by id too (as in the API's
  docstring, and as billing does); a survey one sees but does not build is 403 to change, one one does not
  see 404. A region offered in a form that is not one's own is an invalid choice (400, nothing written), as
  the matrix treats other forms' choices. Answering by ``/enkat/<token>/`` needs no sign-in and works with a
  valid token only (404 otherwise);
- **yearly report**: the regional roles for their region and system admins (``followup.yearly``: the report
  is the steering group's); k-admins, managers and the rest 403; another region 404.

The follow-up world (``followup(ctx)``, built on first use through the real services): a manager-yearly
survey nationally, in Dalarna and in Gävleborg (one yes/no and one free-text question each); last year's
yearly manager survey sent in Dalarna (the world's manager is invited: the valid token) and in Gävleborg;
this year's BoU inventory of Avesta, Falun and Gävle; Dalarna's planning assumptions for this year.

Imported at the end of ``matrix_spec`` (``MATRIX`` takes ``FOLLOWUP_PROBES``): import ``tests.matrix_spec``
first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from yrkesresan.followup.models import Dispatch, InventoryReport, PlanningAssumptions, Response, Survey, SurveyKind
from yrkesresan.followup.services import inventory as inventory_services
from yrkesresan.followup.services import surveys as survey_services

from .matrix_spec import (
    ANONYMOUS,
    API_DENIED,
    LOGIN,
    Outcome,
    Probe,
    _get,
)

# --- the follow-up world ---------------------------------------------------------------------------------

YEAR = timezone.localdate().year
#: The year of the yearly surveys already sent (the token answered), and the year an inventory is written.
SENT_YEAR = YEAR - 1
EDIT_YEAR = YEAR + 1
REGIONS = ("dalarna", "gavleborg")
MUNICIPALITIES = ("avesta", "falun", "gavle")
SURVEYS = ("national", "dalarna", "gavleborg")
TOKENS = ("valid", "unknown")
#: Report filters: none, a region, a municipality.
REPORT_TARGETS = ("-", *REGIONS, *MUNICIPALITIES)


class FollowupWorld:
    """What the follow-up probes ask about, made once per test on first use."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        admin, w = ctx.admin, ctx.w
        self.journey = w.bou
        self.level = w.bou_ny
        self.surveys: dict[str, Survey] = {}
        for place in SURVEYS:
            self.surveys[place] = survey_services.survey_save(
                actor=admin,
                kind=SurveyKind.MANAGER_YEARLY,
                title=f"Chefsenkät {place}",
                region=None if place == "national" else ctx.obj(place),
                questions=[
                    {"text": "Har utbildningen hjälpt verksamheten?", "kind": "yes_no"},
                    {"text": "Något mer?", "kind": "text"},
                ],
            )
        self.dispatches: dict[str, Dispatch] = {
            region: survey_services.yearly_survey_send(
                actor=admin, kind=SurveyKind.MANAGER_YEARLY, region=ctx.obj(region), year=SENT_YEAR
            )
            for region in REGIONS
        }
        self.invitation = self.dispatches["dalarna"].invitations.get(user=w["manager"])
        for municipality in MUNICIPALITIES:
            inventory_services.inventory_save(
                actor=admin,
                municipality=ctx.obj(municipality),
                journey=self.journey,
                year=YEAR,
                levels={self.level.pk: (12, 2)},
                venues=[{"name": "Kommunhuset", "places": 20}],
            )
        inventory_services.planning_assumptions_save(
            actor=admin,
            region=w.dalarna,
            journey=self.journey,
            year=YEAR,
            group_size=20,
            share_per_year=50,
            terms_per_year=2,
            trainers_per_occasion=3,
            days_per_trainer=20,
        )

    def survey(self, place: str) -> Survey:
        return Survey.objects.get(pk=self.surveys[place].pk)

    def token(self, which: str) -> str:
        return self.invitation.token if which == "valid" else "okand-enkat-0000"


def followup(ctx: Any) -> FollowupWorld:
    found = getattr(ctx, "_followup_world", None)
    if found is None:
        found = FollowupWorld(ctx)
        ctx._followup_world = found
    return found


def _ensure(ctx: Any, actor: str, target: str) -> None:
    followup(ctx)


# --- who, by design --------------------------------------------------------------------------------------

REGIONAL = ("regional_admin", "regional_project_leader")
#: Who reads follow-up reports (``followup.view``) and survey results.
REPORT_READERS = frozenset(
    {"system_admin", *REGIONAL, "municipal_admin", "manager", "municipal_admin_falun", "regional_admin_gavleborg"}
)
#: The regions and municipalities each reader may narrow a report to.
REPORT_REACH = {
    "system_admin": {*REGIONS, *MUNICIPALITIES},
    "regional_admin": {"dalarna", "avesta", "falun"},
    "regional_project_leader": {"dalarna", "avesta", "falun"},
    "municipal_admin": {"dalarna", "avesta"},
    "manager": {"dalarna", "avesta"},
    "municipal_admin_falun": {"dalarna", "falun"},
    "regional_admin_gavleborg": {"gavleborg", "gavle"},
}
#: Who reports or corrects some inventory: k-admins, the regional roles, system admins.
INVENTORY_REPORTERS = frozenset(
    {"system_admin", *REGIONAL, "municipal_admin", "municipal_admin_falun", "regional_admin_gavleborg"}
)
#: The municipalities whose inventory each actor reports or corrects.
INVENTORY_MUNICIPALITIES = {
    "system_admin": set(MUNICIPALITIES),
    "regional_admin": {"avesta", "falun"},
    "regional_project_leader": {"avesta", "falun"},
    "municipal_admin": {"avesta"},
    "municipal_admin_falun": {"falun"},
    "regional_admin_gavleborg": {"gavle"},
}
#: The regions whose inventory overview each actor sees (those of their municipalities).
INVENTORY_REGIONS = {
    "system_admin": set(REGIONS),
    "regional_admin": {"dalarna"},
    "regional_project_leader": {"dalarna"},
    "municipal_admin": {"dalarna"},
    "municipal_admin_falun": {"dalarna"},
    "regional_admin_gavleborg": {"gavleborg"},
}
#: Who runs a region's planning, surveys and yearly report: the regional roles and system admins.
COORDINATORS = frozenset({"system_admin", *REGIONAL, "regional_admin_gavleborg"})
COORDINATED = {
    "system_admin": set(REGIONS),
    "regional_admin": {"dalarna"},
    "regional_project_leader": {"dalarna"},
    "regional_admin_gavleborg": {"gavleborg"},
}
#: The surveys each actor builds (``national``: system admins only).
SURVEYS_BUILT = {**COORDINATED, "system_admin": set(SURVEYS)}
_DALARNA_SURVEYS = {"national", "dalarna"}
#: The surveys each actor sees: the national one, and those of the regions they have a follow-up role in.
SURVEYS_SEEN = {
    "system_admin": set(SURVEYS),
    "regional_admin": _DALARNA_SURVEYS,
    "regional_project_leader": _DALARNA_SURVEYS,
    "municipal_admin": _DALARNA_SURVEYS,
    "manager": _DALARNA_SURVEYS,
    "municipal_admin_falun": _DALARNA_SURVEYS,
    "regional_admin_gavleborg": {"national", "gavleborg"},
}

# --- expectation builders ----------------------------------------------------------------------------------


def _denied(actor: str, api: bool) -> Outcome:
    return API_DENIED if api else LOGIN


def within(
    allowed: frozenset[str],
    reach: dict[str, Any] | None,
    *,
    ok: Outcome = 200,
    outside: Outcome = 404,
    api: bool = False,
) -> Callable[[str, str], Outcome]:
    """``ok`` for an allowed actor asking about a place in their reach (or no place, ``-``), ``outside``
    for one outside it, 403 for anyone with no part in the area."""

    def expect(actor: str, target: str) -> Outcome:
        if actor == ANONYMOUS:
            return _denied(actor, api)
        if actor not in allowed:
            return 403
        if target == "-" or reach is None or target in _get(reach, actor):
            return ok
        return outside

    return expect


def survey_by_id(*, ok: Outcome = 200, change: bool = False, api: bool = False) -> Callable[[str, str], Outcome]:
    """A survey by id: 403 for who has no part in surveys; 404 for a survey not seen; 403 for a change to one
    seen but not built."""

    def expect(actor: str, target: str) -> Outcome:
        if actor == ANONYMOUS:
            return _denied(actor, api)
        if actor not in REPORT_READERS:
            return 403
        if target not in _get(SURVEYS_SEEN, actor):
            return 404
        if change and target not in _get(SURVEYS_BUILT, actor):
            return 403
        return ok

    return expect


def _api_survey_create_expect(actor: str, target: str) -> Outcome:
    """Build a survey through the API: 201 where one builds; a national one for a region's roles 403 (seen,
    not built); a region one does not see an unknown id (400); 403 for who builds none."""
    if actor == ANONYMOUS:
        return API_DENIED
    if actor not in COORDINATORS:
        return 403
    if target in _get(SURVEYS_BUILT, actor):
        return 201
    return 403 if target == "national" else 400


def _api_yearly_send_expect(actor: str, target: str) -> Outcome:
    if actor == ANONYMOUS:
        return API_DENIED
    if actor not in COORDINATORS:
        return 403
    return 201 if target in _get(COORDINATED, actor) else 400


def _public(ok: Outcome = 200) -> Callable[[str, str], Outcome]:
    return lambda actor, target: ok if target == "valid" else 404


# --- urls, data, resets ----------------------------------------------------------------------------------


def _place_query(ctx: Any, target: str) -> dict[str, Any]:
    if target == "-":
        return {}
    key = "region" if target in REGIONS else "municipality"
    return {key: ctx.obj(target).pk}


def _with_query(path: str, query: dict[str, Any]) -> str:
    return f"{path}?{urlencode(query)}" if query else path


def _report_url(name: str, **kwargs: Any) -> Callable[[Any, str], str]:
    return lambda ctx, target: _with_query(reverse(name, kwargs=kwargs or None), _place_query(ctx, target))


def _choice_url(name: str, year: int = YEAR) -> Callable[[Any, str], str]:
    """An inventory, planning or yearly page for a region, BoU and a year."""

    def url(ctx: Any, target: str) -> str:
        fw = followup(ctx)
        return _with_query(reverse(name), {"region": ctx.obj(target).pk, "journey": fw.journey.pk, "year": year})

    return url


def _inventory_url(name: str, year: int) -> Callable[[Any, str], str]:
    def url(ctx: Any, target: str) -> str:
        return reverse(name, args=[ctx.obj(target).pk, followup(ctx).journey.pk, year])

    return url


def _planning_api_url(year: int = YEAR) -> Callable[[Any, str], str]:
    def url(ctx: Any, target: str) -> str:
        return reverse("api_followup_planning", args=[ctx.obj(target).pk, followup(ctx).journey.pk, year])

    return url


def _survey_url(name: str) -> Callable[[Any, str], str]:
    return lambda ctx, target: reverse(name, args=[followup(ctx).surveys[target].pk])


def _results_api_url(ctx: Any, target: str) -> str:
    return reverse("api_followup_survey_results", kwargs={"survey_id": followup(ctx).surveys[target].pk})


def _answer_url(ctx: Any, target: str) -> str:
    return reverse("survey_answer", args=[followup(ctx).token(target)])


def _no_inventory(ctx: Any, actor: str, target: str) -> None:
    InventoryReport.objects.filter(municipality=ctx.obj(target), journey=followup(ctx).journey, year=EDIT_YEAR).delete()


def _inventory_written(ctx: Any, actor: str, target: str) -> bool:
    return InventoryReport.objects.filter(
        municipality=ctx.obj(target), journey=followup(ctx).journey, year=EDIT_YEAR, note=f"Av {actor}"
    ).exists()


def _inventory_form(ctx: Any, actor: str, target: str) -> dict[str, Any]:
    level = followup(ctx).level.pk
    return {
        f"staff_{level}": "30",
        f"managers_{level}": "3",
        "note": f"Av {actor}",
        "venue-TOTAL_FORMS": "0",
        "venue-INITIAL_FORMS": "0",
    }


def _inventory_body(ctx: Any, actor: str, target: str) -> dict[str, Any]:
    return {
        "levels": [{"level": followup(ctx).level.pk, "staff": 30, "managers": 3}],
        "venues": [{"name": "Biblioteket", "places": 15}],
        "note": f"Av {actor}",
    }


ASSUMPTIONS = {"group_size": 17, "share_per_year": 40, "terms_per_year": 1, "trainers_per_occasion": 2}


def _assumptions(ctx: Any, actor: str, target: str) -> dict[str, Any]:
    return {**ASSUMPTIONS, "days_per_trainer": 30}


def _default_assumptions(ctx: Any, actor: str, target: str) -> None:
    followup(ctx)
    PlanningAssumptions.objects.filter(region=ctx.obj(target), year=YEAR, group_size=17).update(group_size=20)


def _assumptions_saved(ctx: Any, actor: str, target: str) -> bool:
    return PlanningAssumptions.objects.filter(region=ctx.obj(target), year=YEAR, group_size=17).exists()


def _survey_form(ctx: Any, actor: str, target: str, *, title: str, survey: Survey | None = None) -> dict[str, Any]:
    question = survey.questions.order_by("position", "id").first() if survey else None
    return {
        "kind": SurveyKind.OTHER if survey is None else survey.kind,
        "title": title,
        "intro": "",
        "region": "" if target == "national" else ctx.obj(target).pk,
        "journey": "",
        "active": "on",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "1" if question else "0",
        "questions-0-id": question.pk if question else "",
        "questions-0-text": question.text if question else "Var kursen bra?",
        "questions-0-kind": question.kind if question else "yes_no",
        "questions-0-top": "2",
    }


def _created_title(actor: str, target: str) -> str:
    return f"Ny av {actor} ({target})"


def _no_new_survey(ctx: Any, actor: str, target: str) -> None:
    followup(ctx)
    Survey.objects.filter(title=_created_title(actor, target)).delete()


def _new_survey_made(ctx: Any, actor: str, target: str) -> bool:
    return Survey.objects.filter(title=_created_title(actor, target)).exists()


def _survey_title_back(ctx: Any, actor: str, target: str) -> None:
    fw = followup(ctx)
    Survey.objects.filter(pk=fw.surveys[target].pk).update(title=f"Chefsenkät {target}")


def _survey_retitled(ctx: Any, actor: str, target: str) -> bool:
    return followup(ctx).survey(target).title == f"Ändrad av {actor}"


def _not_sent(ctx: Any, actor: str, target: str) -> None:
    followup(ctx)
    Dispatch.objects.filter(region=ctx.obj(target), year=YEAR).delete()


def _sent(ctx: Any, actor: str, target: str) -> bool:
    return Dispatch.objects.filter(region=ctx.obj(target), year=YEAR).exists()


def _unanswered(ctx: Any, actor: str, target: str) -> None:
    fw = followup(ctx)
    Response.objects.filter(dispatch=fw.dispatches["dalarna"]).delete()
    type(fw.invitation).objects.filter(pk=fw.invitation.pk).update(answered=False)


def _answered(ctx: Any, actor: str, target: str) -> bool:
    return Response.objects.filter(dispatch=followup(ctx).dispatches["dalarna"]).exists()


def _answer_form(ctx: Any, actor: str, target: str) -> dict[str, Any]:
    questions = list(followup(ctx).surveys["dalarna"].questions.order_by("position", "id"))
    return {f"q{questions[0].pk}": "yes", f"q{questions[1].pk}": f"Svar av {actor}"}


def _surveys_seen_rows(ctx: Any, actor: str) -> set[int]:
    fw = followup(ctx)
    return {fw.surveys[s].pk for s in _get(SURVEYS_SEEN, actor)}


def _yearly_sent_rows(ctx: Any, actor: str) -> set[int]:
    fw = followup(ctx)
    return {fw.dispatches[r].pk for r in _get(COORDINATED, actor)}


# --- probes ----------------------------------------------------------------------------------------------

REPORTS = (
    "Reports: system admins (any region), the regional roles (their region), a k-admin (their municipality), a "
    "manager (their units), a national editor the nation's figures of their journey (not the days taught); "
    "staff and trainers 403; a region or municipality out of reach 404."
)
#: The reports a national editor reads (not the days taught).
EDITOR_REPORTS = ("accounts", "progress", "occasions")


def reports_within(kind: str, *, api: bool = False) -> Callable[[str, str], Outcome]:
    """The report readers by their reach; a national editor reads the whole nation's figures of the journey
    they edit: the page opens on it, the API needs it named (400 without)."""
    readers = within(REPORT_READERS, REPORT_REACH, api=api)

    def expect(actor: str, target: str) -> Outcome:
        if actor == "national_editor" and kind in EDITOR_REPORTS:
            return 400 if api else 200
        return readers(actor, target)

    return expect


INVENTORY = (
    "Inventory: a k-admin reports their own municipality, the regional roles any of their region's, system "
    "admins every one; managers and the rest 403; a municipality or region outside 404."
)
PLANNING = (
    "Planning: the regional roles of the region and system admins; k-admins and managers 403; another region 404."
)
SURVEYS_WHY = (
    "Surveys: system admins build national ones and any region's, the regional roles their region's; results "
    "for those and the region's k-admins and managers; no part (staff, trainers, editors) 403; not seen 404."
)
YEARLY = (
    "Yearly report: the regional roles for their region and system admins; k-admins, managers and the rest 403; "
    "another region 404."
)
ANSWER = "Answering a survey by the e-mail's link: no sign-in, a valid token only (404 otherwise)."

_REPORT_PAGES = {
    "followup_report_accounts": "accounts",
    "followup_report_progress": "progress",
    "followup_report_occasions": "occasions",
    "followup_report_trainers": "trainers",
}
_REPORT_APIS = {
    "api_followup_report_accounts": "accounts",
    "api_followup_report_progress": "progress",
    "api_followup_report_occasions": "occasions",
    "api_followup_report_trainers": "trainers",
}

_REPORT_PROBES: tuple[Probe, ...] = (
    Probe(
        "followup_reports",
        REPORTS + " The overview of the reports.",
        lambda ctx, t: reverse("followup_reports"),
        within(REPORT_READERS | {"national_editor"}, None),
    ),
    *(
        Probe(name, REPORTS, _report_url(name), reports_within(kind), targets=REPORT_TARGETS)
        for name, kind in _REPORT_PAGES.items()
    ),
    Probe(
        "followup_report_export",
        REPORTS + " A report's spreadsheet (accounts), with the same filters.",
        _report_url("followup_report_export", kind="accounts"),
        reports_within("accounts"),
        targets=REPORT_TARGETS,
    ),
    *(
        Probe(
            name,
            REPORTS + " The API.",
            _report_url(name),
            reports_within(kind, api=True),
            targets=REPORT_TARGETS,
            api=True,
        )
        for name, kind in _REPORT_APIS.items()
    ),
)

_INVENTORY_PROBES: tuple[Probe, ...] = (
    Probe(
        "followup_inventory",
        INVENTORY + " The overview of a region.",
        _choice_url("followup_inventory"),
        within(INVENTORY_REPORTERS, INVENTORY_REGIONS),
        targets=REGIONS,
        reset=_ensure,
    ),
    Probe(
        "followup_inventory_export",
        INVENTORY + " The overview as a spreadsheet.",
        _choice_url("followup_inventory_export"),
        within(INVENTORY_REPORTERS, INVENTORY_REGIONS),
        targets=REGIONS,
        reset=_ensure,
    ),
    Probe(
        "followup_inventory_edit",
        INVENTORY + " One municipality's report.",
        _inventory_url("followup_inventory_edit", YEAR),
        within(INVENTORY_REPORTERS, INVENTORY_MUNICIPALITIES),
        targets=MUNICIPALITIES,
        reset=_ensure,
    ),
    Probe(
        "followup_inventory_edit",
        INVENTORY + " Reported exactly when allowed.",
        _inventory_url("followup_inventory_edit", EDIT_YEAR),
        within(INVENTORY_REPORTERS, INVENTORY_MUNICIPALITIES, ok=302),
        targets=MUNICIPALITIES,
        method="post",
        data=_inventory_form,
        reset=_no_inventory,
        done=_inventory_written,
    ),
    Probe(
        "api_followup_inventory",
        INVENTORY + " The API.",
        _inventory_url("api_followup_inventory", YEAR),
        within(INVENTORY_REPORTERS, INVENTORY_MUNICIPALITIES, api=True),
        targets=MUNICIPALITIES,
        api=True,
        reset=_ensure,
    ),
    Probe(
        "api_followup_inventory",
        INVENTORY + " The API: reported exactly when allowed.",
        _inventory_url("api_followup_inventory", EDIT_YEAR),
        within(INVENTORY_REPORTERS, INVENTORY_MUNICIPALITIES, api=True),
        targets=MUNICIPALITIES,
        method="put",
        api=True,
        data=_inventory_body,
        reset=_no_inventory,
        done=_inventory_written,
    ),
    Probe(
        "api_followup_inventory_overview",
        INVENTORY + " The API's overview of a region.",
        _choice_url("api_followup_inventory_overview"),
        within(INVENTORY_REPORTERS, INVENTORY_REGIONS, api=True),
        targets=REGIONS,
        api=True,
        reset=_ensure,
    ),
    Probe(
        "followup_planning",
        PLANNING,
        _choice_url("followup_planning"),
        within(COORDINATORS, COORDINATED),
        targets=REGIONS,
        reset=_ensure,
    ),
    Probe(
        "followup_planning",
        PLANNING + " The assumptions are saved exactly when allowed.",
        _choice_url("followup_planning"),
        within(COORDINATORS, COORDINATED, ok=302),
        targets=REGIONS,
        method="post",
        data=_assumptions,
        reset=_default_assumptions,
        done=_assumptions_saved,
    ),
    Probe(
        "api_followup_planning",
        PLANNING + " The API.",
        _planning_api_url(),
        within(COORDINATORS, COORDINATED, api=True),
        targets=REGIONS,
        api=True,
        reset=_ensure,
    ),
    Probe(
        "api_followup_planning",
        PLANNING + " The API: saved exactly when allowed.",
        _planning_api_url(),
        within(COORDINATORS, COORDINATED, api=True),
        targets=REGIONS,
        method="put",
        api=True,
        data=_assumptions,
        reset=_default_assumptions,
        done=_assumptions_saved,
    ),
)

_SURVEY_PROBES: tuple[Probe, ...] = (
    Probe(
        "survey_list",
        SURVEYS_WHY + " The list.",
        lambda ctx, t: reverse("survey_list"),
        within(REPORT_READERS, None),
        reset=_ensure,
    ),
    Probe(
        "survey_create",
        SURVEYS_WHY + " The form to build one.",
        lambda ctx, t: reverse("survey_create"),
        within(COORDINATORS, None),
    ),
    Probe(
        "survey_create",
        SURVEYS_WHY + " Built exactly when allowed; a region not one's own is not a choice (400).",
        lambda ctx, t: reverse("survey_create"),
        within(COORDINATORS, SURVEYS_BUILT, ok=302, outside=400),
        targets=SURVEYS,
        method="post",
        data=lambda ctx, actor, target: _survey_form(ctx, actor, target, title=_created_title(actor, target)),
        reset=_no_new_survey,
        done=_new_survey_made,
    ),
    Probe(
        "survey_edit",
        SURVEYS_WHY + " A survey's form: for who builds it (403 if only seen).",
        _survey_url("survey_edit"),
        survey_by_id(change=True),
        targets=SURVEYS,
    ),
    Probe(
        "survey_edit",
        SURVEYS_WHY + " Changed exactly when allowed.",
        _survey_url("survey_edit"),
        survey_by_id(ok=302, change=True),
        targets=SURVEYS,
        method="post",
        data=lambda ctx, actor, target: _survey_form(
            ctx, actor, target, title=f"Ändrad av {actor}", survey=followup(ctx).survey(target)
        ),
        reset=_survey_title_back,
        done=_survey_retitled,
    ),
    Probe(
        "survey_results",
        SURVEYS_WHY + " A survey's results.",
        _survey_url("survey_results"),
        survey_by_id(),
        targets=SURVEYS,
    ),
    Probe(
        "survey_send",
        SURVEYS_WHY + " Sending the yearly surveys.",
        lambda ctx, t: reverse("survey_send"),
        within(COORDINATORS, None),
        reset=_ensure,
    ),
    Probe(
        "survey_send",
        SURVEYS_WHY + " Sent exactly when allowed; a region not one's own is not a choice (400).",
        lambda ctx, t: reverse("survey_send"),
        within(COORDINATORS, COORDINATED, ok=302, outside=400),
        targets=REGIONS,
        method="post",
        data=lambda ctx, actor, target: {
            "kind": SurveyKind.MANAGER_YEARLY,
            "region": ctx.obj(target).pk,
            "year": YEAR,
        },
        reset=_not_sent,
        done=_sent,
    ),
    Probe(
        "survey_answer",
        ANSWER,
        _answer_url,
        _public(),
        targets=TOKENS,
    ),
    Probe(
        "survey_answer",
        ANSWER + " Answered exactly with a valid token.",
        _answer_url,
        _public(),
        targets=TOKENS,
        method="post",
        data=_answer_form,
        reset=_unanswered,
        done=_answered,
    ),
    Probe(
        "survey-list",
        SURVEYS_WHY + " The API: the surveys one sees, exactly.",
        lambda ctx, t: reverse("survey-list"),
        within(REPORT_READERS, None, api=True),
        api=True,
        reset=_ensure,
        rows=_surveys_seen_rows,
    ),
    Probe(
        "survey-list",
        SURVEYS_WHY + " The API: built exactly when allowed.",
        lambda ctx, t: reverse("survey-list"),
        _api_survey_create_expect,
        targets=SURVEYS,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {
            "kind": SurveyKind.OTHER,
            "title": _created_title(actor, target),
            "region": None if target == "national" else ctx.obj(target).pk,
            "questions": [{"text": "Var kursen bra?", "kind": "yes_no"}],
        },
        reset=_no_new_survey,
        done=_new_survey_made,
    ),
    Probe(
        "survey-detail",
        SURVEYS_WHY + " The API: a survey by id.",
        _survey_url("survey-detail"),
        survey_by_id(api=True),
        targets=SURVEYS,
        api=True,
    ),
    Probe(
        "survey-detail",
        SURVEYS_WHY + " The API: changed exactly when allowed.",
        _survey_url("survey-detail"),
        survey_by_id(change=True, api=True),
        targets=SURVEYS,
        method="patch",
        api=True,
        data=lambda ctx, actor, target: {"title": f"Ändrad av {actor}"},
        reset=_survey_title_back,
        done=_survey_retitled,
    ),
    Probe(
        "api_followup_survey_results",
        SURVEYS_WHY + " The API: a survey's results.",
        _results_api_url,
        survey_by_id(api=True),
        targets=SURVEYS,
        api=True,
    ),
    Probe(
        "api_followup_yearly_surveys",
        SURVEYS_WHY + " The API: the yearly surveys sent in the regions one runs, exactly.",
        lambda ctx, t: reverse("api_followup_yearly_surveys"),
        within(COORDINATORS, None, api=True),
        api=True,
        reset=_ensure,
        rows=_yearly_sent_rows,
    ),
    Probe(
        "api_followup_yearly_surveys",
        SURVEYS_WHY + " The API: sent exactly when allowed; a region one does not see is an unknown id (400).",
        lambda ctx, t: reverse("api_followup_yearly_surveys"),
        _api_yearly_send_expect,
        targets=REGIONS,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {
            "kind": SurveyKind.MANAGER_YEARLY,
            "region": ctx.obj(target).pk,
            "year": YEAR,
        },
        reset=_not_sent,
        done=_sent,
    ),
)

_YEARLY_PROBES: tuple[Probe, ...] = tuple(
    Probe(
        name,
        YEARLY,
        _choice_url(name, SENT_YEAR),
        within(COORDINATORS, COORDINATED),
        targets=REGIONS,
        reset=_ensure,
    )
    for name in ("followup_yearly", "followup_yearly_pdf", "followup_yearly_xlsx")
) + (
    Probe(
        "api_followup_yearly_report",
        YEARLY + " The API.",
        _choice_url("api_followup_yearly_report", SENT_YEAR),
        within(COORDINATORS, COORDINATED, api=True),
        targets=REGIONS,
        api=True,
        reset=_ensure,
    ),
)

FOLLOWUP_PROBES: tuple[Probe, ...] = (*_REPORT_PROBES, *_INVENTORY_PROBES, *_SURVEY_PROBES, *_YEARLY_PROBES)
