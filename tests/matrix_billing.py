"""The permission matrix of billing (issue 6, decision 0012): fee schedules, invoicing bases and their exports,
the trainer pot, the fixed costs and population, as pages and as API.

Who, by design (``billing.policies``):

- the region's regional admin and project leader, and system admins, *prepare* the region's billing: they see
  and change its fee schedules, bases (drafts and issued), pot, fixed costs and population figures;
- a k-admin and a manager (a unit's manager: the unit's municipality) *see* their own municipality: its
  **issued** bases (a draft is the region's work in progress: 404), its trainers' pot payouts (the pot page shows
  only their own municipalities' rows), its share of the fixed costs, and their region's fee schedules; they
  change nothing (403 where they see the object, 404 where they do not);
- staff, trainers and national editors see nothing of billing (403 on every page and endpoint);
- another region's or municipality's objects are 404, and lists leave them out.

The billing world (``billing(ctx)``, built on first use through the real services): Dalarna's and Gävleborg's fee
for ``YEAR``, 600 kr a participant-day of which 400 go to the trainer pot; one held course day in January in each
region (a participant from Avesta, from Falun and from Gävle; the world's trainer of Avesta and a trainer of
Falun teach Dalarna's day, a trainer of Gävle Gävleborg's); for Avesta, Falun and Gävle an issued January basis
and a February draft; Dalarna's trainer pot issued (Gävleborg's is not); population on 31 December of the
year before for every municipality and each region's fixed costs for ``YEAR``.

This module builds on ``matrix_spec``'s helpers and is imported at the end of it (``MATRIX`` takes
``BILLING_PROBES``): import ``tests.matrix_spec``, not this module, first.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone

from yrkesresan.accounts import services as accounts
from yrkesresan.accounts.listing import people_listing_refresh
from yrkesresan.accounts.models import Role, User
from yrkesresan.billing import services as billing_services
from yrkesresan.billing.models import (
    BasisState,
    FeeSchedule,
    InvoiceBasis,
    InvoiceLine,
    PeriodKind,
    PotPayout,
    PotShare,
    RegionalCost,
    TrainerPot,
)
from yrkesresan.billing.services import ComponentInput
from yrkesresan.occasions.models import Occasion
from yrkesresan.occasions.services import attendance_take, occasion_create, registration_create
from yrkesresan.organisations.models import Population
from yrkesresan.organisations.services import population_save
from yrkesresan.trainers.models import DayRole, TeamRole, TrainerProfile
from yrkesresan.trainers.services import day_assign, qualification_grant, team_member_add, trainer_profile_save

from .matrix_spec import (
    ANONYMOUS,
    API_DENIED,
    LOGIN,
    TAG,
    Outcome,
    Probe,
    _get,
    _url,
)

# --- the billing world ---------------------------------------------------------------------------

#: The year billed: last year, so that every course day of it has been held.
YEAR = timezone.localdate().year - 1
#: The day held in each region (January), and the day the participants signed up.
HELD_DAY = datetime.date(YEAR, 1, 20)
SIGN_UP = timezone.make_aware(datetime.datetime(YEAR - 1, 12, 1, 9))

MUNICIPALITY_REGION = {"avesta": "dalarna", "falun": "dalarna", "gavle": "gavleborg"}
BILLING_REGIONS = ("dalarna", "gavleborg")
BILLING_MUNICIPALITIES = tuple(MUNICIPALITY_REGION)
#: A participant of each municipality (the unit they work in) on their region's January day.
PARTICIPANT_UNIT = {"avesta": "avesta_home", "falun": "falun_home", "gavle": "gavle_home"}
#: The trainers teaching each region's January day: (key, home municipality, role that day).
POT_TRAINERS = {
    "dalarna": (("own", "avesta", DayRole.TRAINER), ("falun", "falun", DayRole.LEADER)),
    "gavleborg": (("gavle", "gavle", DayRole.TRAINER),),
}
ORGANISATION_NUMBERS = {
    "dalarna": "232100-0180",
    "gavleborg": "232100-0198",
    "avesta": "212000-2148",
    "falun": "212000-2197",
    "gavle": "212000-2411",
}
TRAINER_MUNICIPALITY = {key: home for teams in POT_TRAINERS.values() for key, home, _role in teams}


class BillingWorld:
    """What the billing probes ask about, made once per test on first use (``billing(ctx)``)."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        w, admin = ctx.w, ctx.admin
        self.admin = admin
        # Who sends and receives the invoices (the Peppol parties): the organisations' real numbers.
        for name, number in ORGANISATION_NUMBERS.items():
            type(ctx.obj(name)).objects.filter(pk=ctx.obj(name).pk).update(organisation_number=number)
        self.schedules: dict[str, FeeSchedule] = {}
        for region in BILLING_REGIONS:
            self.schedules[region] = billing_services.fee_schedule_save(
                actor=admin,
                region=ctx.obj(region),
                year=YEAR,
                components=[
                    ComponentInput("Material, administration, fika och buffert", "200"),
                    ComponentInput("Utbildarpott", "400", is_pot=True),
                ],
            )
        self.trainers: dict[str, TrainerProfile] = {}
        self.occasions: dict[str, Occasion] = {}
        ctx.ensure_teams()  # the world's trainer: a profile of Avesta, qualified for BoU's course
        self.trainers["own"] = TrainerProfile.objects.get(user=w["trainer"])
        for key in ("falun", "gavle"):
            self.trainers[key] = self._trainer(key, ctx.obj(key))
        self._tag([w["trainer"], *(t.user for k, t in self.trainers.items() if k != "own")])
        self.participants: dict[str, User] = {}
        for municipality, unit in PARTICIPANT_UNIT.items():
            self.participants[municipality] = accounts.person_create(
                actor=admin,
                username=f"billing_{municipality}",
                first_name="Deltagare",
                last_name=municipality.title(),
                role=Role.STAFF,
                place=ctx.obj(unit),
                notify=False,
            )
        self._tag(list(self.participants.values()))
        for region in BILLING_REGIONS:
            occasion = occasion_create(
                actor=admin,
                course=w.bou_course,
                region=ctx.obj(region),
                capacity=10,
                name=f"Fakturering {region}",
                days=[
                    {"date": HELD_DAY, "starts": datetime.time(9), "ends": datetime.time(16), "venue": "Folkets hus"}
                ],
            )
            self.occasions[region] = occasion
            for municipality, where in MUNICIPALITY_REGION.items():
                if where == region:
                    registration_create(
                        actor=admin, occasion=occasion, person=self.participants[municipality], now=SIGN_UP
                    )
            day = occasion.days.get()
            for key, _home, role in POT_TRAINERS[region]:
                team_role = TeamRole.LEADER if role == DayRole.LEADER else TeamRole.TRAINER
                team_member_add(actor=admin, occasion=occasion, trainer=self.trainers[key], role=team_role)
                day_assign(actor=admin, course_day=day, trainer=self.trainers[key], role=role)
            attendance_take(actor=admin, course_day=day, absent={})
        self.issued: dict[str, InvoiceBasis] = {}
        self.drafts: dict[str, InvoiceBasis] = {}
        for municipality in BILLING_MUNICIPALITIES:
            self.issued[municipality] = billing_services.invoice_basis_issue(
                actor=admin, basis=self.new_basis(municipality, 1)
            )
            self.drafts[municipality] = self.new_basis(municipality, 2)
        self.pot = billing_services.trainer_pot_issue(actor=admin, region=w.dalarna, year=YEAR)
        for n, municipality in enumerate(BILLING_MUNICIPALITIES):
            population_save(actor=admin, municipality=ctx.obj(municipality), year=YEAR - 1, count=10_000 + n * 1_000)
        self.costs = {
            region: billing_services.regional_cost_save(actor=admin, region=ctx.obj(region), year=YEAR, total=100_000)
            for region in BILLING_REGIONS
        }

    def _trainer(self, key: str, municipality: Any) -> TrainerProfile:
        person = accounts.person_create(
            actor=self.admin,
            username=f"billing_trainer_{key}",
            first_name="Utbildare",
            last_name=key.title(),
            role=Role.TRAINER,
            place=municipality,
            notify=False,
        )
        profile = trainer_profile_save(actor=self.admin, person=person, home_municipality=municipality)
        qualification_grant(actor=self.admin, trainer=profile, course=self.ctx.w.bou_course)
        return profile

    def _tag(self, people: list[User]) -> None:
        """Last names that say who they are (``Taggad<id>``), copied onto bases and the pot when issued."""
        for person in people:
            User.objects.filter(pk=person.pk).update(last_name=f"{TAG}{person.pk}")
            person.last_name = f"{TAG}{person.pk}"
        people_listing_refresh(user_ids=[p.pk for p in people])

    def new_basis(self, municipality: str, month: int, kind: str = PeriodKind.MONTH) -> InvoiceBasis:
        return billing_services.invoice_basis_create(
            actor=self.admin, municipality=self.ctx.obj(municipality), period_kind=kind, year=YEAR, number=month
        )

    # --- objects by target ---------------------------------------------------------------------

    def basis(self, target: str) -> InvoiceBasis:
        """``<municipality>_issued`` or ``<municipality>_draft``."""
        municipality, state = target.rsplit("_", 1)
        table = self.issued if state == "issued" else self.drafts
        return InvoiceBasis.objects.get(pk=table[municipality].pk)

    def schedule(self, region: str) -> FeeSchedule:
        return FeeSchedule.objects.get(pk=self.schedules[region].pk)

    def trainer_person(self, key: str) -> User:
        return self.trainers[key].user


def billing(ctx: Any) -> BillingWorld:
    """The billing world of this test's ``ctx`` (made on first use)."""
    found = getattr(ctx, "_billing_world", None)
    if found is None:
        found = BillingWorld(ctx)
        ctx._billing_world = found
    return found


def _ensure_billing(ctx: Any, actor: str, target: str) -> None:
    billing(ctx)


# --- who, by design ------------------------------------------------------------------------------

#: The regions whose billing each actor prepares (``billing.prepare``).
PREPARES = {
    "system_admin": set(BILLING_REGIONS),
    "regional_admin": {"dalarna"},
    "regional_project_leader": {"dalarna"},
    "regional_admin_gavleborg": {"gavleborg"},
}
#: The municipalities where each actor is a k-admin or manager (they see its issued bases and payouts).
OWN = {"municipal_admin": {"avesta"}, "manager": {"avesta"}, "municipal_admin_falun": {"falun"}}
#: Who has billing at all (``billing.view``); staff, trainers and national editors have none (403 everywhere).
BILLING_ACTORS = frozenset({*PREPARES, *OWN})
PREPARERS = frozenset(PREPARES)
#: The regions whose billing each actor sees: those they prepare, and the region of their own municipality.
REGIONS_SEEN = {
    actor: set(_get(PREPARES, actor)) | {MUNICIPALITY_REGION[m] for m in _get(OWN, actor)} for actor in BILLING_ACTORS
}
BASIS_TARGETS = tuple(f"{m}_{state}" for m in BILLING_MUNICIPALITIES for state in ("draft", "issued"))
DRAFT_TARGETS = tuple(t for t in BASIS_TARGETS if t.endswith("_draft"))


def _basis_place(target: str) -> tuple[str, str, bool]:
    municipality, state = target.rsplit("_", 1)
    return municipality, MUNICIPALITY_REGION[municipality], state == "issued"


def _basis_seen(actor: str, target: str) -> bool:
    municipality, region, issued = _basis_place(target)
    return region in _get(PREPARES, actor) or (issued and municipality in _get(OWN, actor))


def _basis_prepared(actor: str, target: str) -> bool:
    return _basis_place(target)[1] in _get(PREPARES, actor)


def _billing(inner: Callable[[str, str], Outcome], anonymous: Outcome = LOGIN) -> Callable[[str, str], Outcome]:
    """Anonymous: ``anonymous``; who has no billing at all: 403; the rest as ``inner``."""

    def expect(actor: str, target: str) -> Outcome:
        if actor == ANONYMOUS:
            return anonymous
        if actor not in BILLING_ACTORS:
            return 403
        return inner(actor, target)

    return expect


def everyone_with_billing(ok: Outcome = 200, anonymous: Outcome = LOGIN) -> Callable[[str, str], Outcome]:
    return _billing(lambda actor, target: ok, anonymous)


def preparers_only(ok: Outcome = 200, anonymous: Outcome = LOGIN) -> Callable[[str, str], Outcome]:
    """Who prepares some region: ``ok``; a k-admin or manager: 403."""
    return _billing(lambda actor, target: ok if actor in PREPARERS else 403, anonymous)


def basis_page(ok: Outcome = 200, anonymous: Outcome = LOGIN, prepare: bool = False) -> Callable[[str, str], Outcome]:
    """A basis by id: 404 unseen (another region's, another municipality's, or a draft for a k-admin); with
    ``prepare``, 403 for who sees it but does not prepare its region."""

    def inner(actor: str, target: str) -> Outcome:
        if not _basis_seen(actor, target):
            return 404
        if prepare and not _basis_prepared(actor, target):
            return 403
        return ok

    return _billing(inner, anonymous)


def region_page(ok: Outcome = 200, anonymous: Outcome = LOGIN, prepare: bool = False) -> Callable[[str, str], Outcome]:
    """A page about one region (``?region=``, or a region's object): 404 for a region one's billing does not
    reach; with ``prepare``, 403 for who only sees it (a k-admin or manager of the region)."""

    def inner(actor: str, region: str) -> Outcome:
        if region not in _get(REGIONS_SEEN, actor):
            return 404
        if prepare and region not in _get(PREPARES, actor):
            return 403
        return ok

    return _billing(inner, anonymous)


def region_form(ok: Outcome = 302) -> Callable[[str, str], Outcome]:
    """A form naming a region or municipality among its choices: 403 for who prepares nothing; 400 (nothing
    made) for a preparer naming another region's place."""

    def inner(actor: str, region: str) -> Outcome:
        if actor not in PREPARERS:
            return 403
        return ok if region in _get(PREPARES, actor) else 400

    return _billing(inner)


# --- resets and effects --------------------------------------------------------------------------


def _fresh_draft(ctx: Any, actor: str, target: str) -> None:
    """The target basis as it began: an issued one untouched, a draft (again) a draft of February."""
    b = billing(ctx)
    municipality, _region, issued = _basis_place(target)
    if issued:
        return
    current = InvoiceBasis.objects.filter(pk=b.drafts[municipality].pk).first()
    if current is not None and current.state == BasisState.DRAFT:
        return
    if current is not None:
        InvoiceLine.objects.filter(basis=current).delete()
        current.delete()
    b.drafts[municipality] = b.new_basis(municipality, 2)


def _basis_issued(ctx: Any, actor: str, target: str) -> bool:
    """A draft target: it is issued now. An issued target: it was issued again (a new number)."""
    b = billing(ctx)
    municipality, _region, issued = _basis_place(target)
    if issued:
        return InvoiceBasis.objects.get(pk=b.issued[municipality].pk).number != b.issued[municipality].number
    return InvoiceBasis.objects.get(pk=b.drafts[municipality].pk).state == BasisState.ISSUED


def _basis_gone(ctx: Any, actor: str, target: str) -> bool:
    b = billing(ctx)
    municipality, _region, issued = _basis_place(target)
    table = b.issued if issued else b.drafts
    return not InvoiceBasis.objects.filter(pk=table[municipality].pk).exists()


def _drafts_only(expect: Callable[[str, str], Outcome]) -> Callable[[str, str], bool]:
    """Only a draft changes: an issued basis is never issued again nor removed, whoever asks."""
    return lambda actor, target: target.endswith("_draft") and expect(actor, target) in (200, 201, 204, 302)


MARCH = 3


def _no_march_basis(municipalities: Callable[[Any, str], list[Any]]) -> Callable[[Any, str, str], None]:
    def reset(ctx: Any, actor: str, target: str) -> None:
        billing(ctx)
        InvoiceBasis.objects.filter(
            municipality__in=municipalities(ctx, target), period_kind=PeriodKind.MONTH, period_start__month=MARCH
        ).delete()

    return reset


def _march_basis(municipalities: Callable[[Any, str], list[Any]]) -> Callable[[Any, str, str], bool]:
    def done(ctx: Any, actor: str, target: str) -> bool:
        wanted = municipalities(ctx, target)
        made = InvoiceBasis.objects.filter(
            municipality__in=wanted, period_kind=PeriodKind.MONTH, period_start=datetime.date(YEAR, MARCH, 1)
        ).count()
        return made == len(wanted)

    return done


def _the_municipality(ctx: Any, target: str) -> list[Any]:
    return [ctx.obj(target)]


def _the_region_municipalities(ctx: Any, target: str) -> list[Any]:
    return [ctx.obj(m) for m, region in MUNICIPALITY_REGION.items() if region == target]


NEXT_YEAR = YEAR + 1


def _no_next_schedule(ctx: Any, actor: str, target: str) -> None:
    billing(ctx)
    FeeSchedule.objects.filter(region=ctx.obj(target), year=NEXT_YEAR).delete()


def _next_schedule_made(ctx: Any, actor: str, target: str) -> bool:
    return FeeSchedule.objects.filter(region=ctx.obj(target), year=NEXT_YEAR).exists()


def _schedule_note_back(ctx: Any, actor: str, target: str) -> None:
    FeeSchedule.objects.filter(pk=billing(ctx).schedule(target).pk).update(note="")


def _schedule_noted(ctx: Any, actor: str, target: str) -> bool:
    return billing(ctx).schedule(target).note == "Ändrad"


def _schedule_form(year: Callable[[], int], note: str) -> Callable[[Any, str, str], dict[str, Any]]:
    def data(ctx: Any, actor: str, target: str) -> dict[str, Any]:
        return {
            "year": year(),
            "charge_late_cancellations": "on",
            "charge_no_shows": "on",
            "charge_regional": "on",
            "leader_shares": "1,5",
            "trainer_shares": "1",
            "note": note,
            "parts-TOTAL_FORMS": "3",
            "parts-INITIAL_FORMS": "0",
            "parts-MIN_NUM_FORMS": "0",
            "parts-MAX_NUM_FORMS": "1000",
            "parts-0-name": "Material, administration, fika och buffert",
            "parts-0-amount": "200",
            "parts-1-name": "Utbildarpott",
            "parts-1-amount": "400",
            "parts-1-is_pot": "on",
            "parts-2-name": "",
            "parts-2-amount": "",
        }

    return data


def _no_pot(ctx: Any, actor: str, target: str) -> None:
    billing(ctx)
    for pot in TrainerPot.objects.filter(region=ctx.obj(target), year=YEAR):
        PotShare.objects.filter(pot=pot).delete()
        PotPayout.objects.filter(pot=pot).delete()
        pot.delete()


def _pot_issued(ctx: Any, actor: str, target: str) -> bool:
    return TrainerPot.objects.filter(region=ctx.obj(target), year=YEAR).exists()


def _cost_back(ctx: Any, actor: str, target: str) -> None:
    RegionalCost.objects.filter(pk=billing(ctx).costs[target].pk).update(total=Decimal(100_000))


def _cost_changed(ctx: Any, actor: str, target: str) -> bool:
    return RegionalCost.objects.get(pk=billing(ctx).costs[target].pk).total == Decimal(200_000)


NEW_COUNT = 12_345


def _population_back(ctx: Any, actor: str, target: str) -> None:
    billing(ctx)
    Population.objects.filter(municipality=ctx.obj(target), year=YEAR - 1).update(count=10_000)


def _population_set(ctx: Any, actor: str, target: str) -> bool:
    return Population.objects.get(municipality=ctx.obj(target), year=YEAR - 1).count == NEW_COUNT


#: The municipality a population import of each region names.
IMPORTED = {"dalarna": "avesta", "gavleborg": "gavle"}


def _import_file(ctx: Any, actor: str, target: str) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    name = ctx.obj(IMPORTED[target]).name
    content = f"Kommun;År;Folkmängd\n{name};{YEAR - 1};{NEW_COUNT}\n".encode()
    return {"action": "import", "file": SimpleUploadedFile("befolkning.csv", content, content_type="text/csv")}


def _region_of(target: str) -> str:
    return MUNICIPALITY_REGION.get(target, target)


# --- urls ----------------------------------------------------------------------------------------


def _in_region(name: str, *args: Any, query: str = "") -> Callable[[Any, str], str]:
    """A region-bound page, the region chosen with ``?region=`` (the target, or a municipality's region)."""

    def url(ctx: Any, target: str) -> str:
        billing(ctx)
        return f"{reverse(name, args=args)}?region={ctx.obj(_region_of(target)).pk}{query}"

    return url


def _basis_url(name: str, *extra: Any) -> Callable[[Any, str], str]:
    return lambda ctx, target: reverse(name, args=[billing(ctx).basis(target).pk, *extra])


def _basis_people(ctx: Any, actor: str, target: str) -> set[int]:
    """The participants a basis lists: an issued January basis its municipality's participant; a February
    draft nobody (no day was held then)."""
    municipality, _region, issued = _basis_place(target)
    return {billing(ctx).participants[municipality].pk} if issued else set()


def _pot_people(ctx: Any, actor: str, target: str) -> set[int]:
    """The trainers a pot page shows: the region's for who prepares it, else those of one's own municipalities."""
    b = billing(ctx)
    keys = [key for key, _home, _role in POT_TRAINERS[target]]
    if target not in _get(PREPARES, actor):
        keys = [key for key in keys if TRAINER_MUNICIPALITY[key] in _get(OWN, actor)]
    return {b.trainer_person(key).pk for key in keys}


# --- the pages -----------------------------------------------------------------------------------

SEE = "Billing (decision 0012): the region's preparers all of it; k-admins and managers their own municipality's; "
SEE += "staff, trainers and national editors nothing (403); another region's or municipality's: 404."
PREPARE = "Preparing billing: the region's regional roles and system admins; a k-admin or manager who sees it: 403."
BASIS = "An invoicing basis by id: its region's preparers; a k-admin or manager only their own municipality's issued "
BASIS += "ones (a draft is the region's work in progress: 404); another's: 404; who has no billing: 403."
ONCE = " A draft is issued or removed exactly when allowed; an issued basis never is (the answer is a redirect)."


def _by_state(draft: Outcome, issued: Outcome) -> Callable[[str], Outcome]:
    return lambda target: issued if target.endswith("_issued") else draft


def _basis_expect(ok: Outcome | Callable[[str], Outcome], prepare: bool = False) -> Callable[[str, str], Outcome]:
    inner = basis_page(prepare=prepare)

    def expect(actor: str, target: str) -> Outcome:
        outcome = inner(actor, target)
        if outcome != 200:
            return outcome
        return ok(target) if callable(ok) else ok

    return expect


def _peppol_expect(actor: str, target: str) -> Outcome:
    """A Peppol e-invoice exists only for an issued basis: a draft's is 404 to everyone with billing."""
    outcome = basis_page()(actor, target)
    return 404 if outcome == 200 and target.endswith("_draft") else outcome


_PAGE_PROBES: tuple[Probe, ...] = (
    Probe("billing_overview", SEE, _in_region("billing_overview"), region_page(), targets=BILLING_REGIONS),
    Probe(
        "billing_overview",
        SEE + " Without ?region= the person's own region (a system admin chooses one first).",
        _url("billing_overview"),
        everyone_with_billing(),
        reset=_ensure_billing,
    ),
    Probe(
        "billing_schedule_list",
        SEE + " Fee schedules: k-admins and managers see their region's.",
        _in_region("billing_schedule_list"),
        region_page(),
        targets=BILLING_REGIONS,
    ),
    Probe(
        "billing_schedule_create",
        PREPARE,
        _in_region("billing_schedule_create"),
        region_page(prepare=True),
        targets=BILLING_REGIONS,
    ),
    Probe(
        "billing_schedule_create",
        PREPARE + " The schedule is made exactly when allowed.",
        _in_region("billing_schedule_create"),
        region_page(302, prepare=True),
        targets=BILLING_REGIONS,
        method="post",
        data=_schedule_form(lambda: NEXT_YEAR, ""),
        reset=_no_next_schedule,
        done=_next_schedule_made,
    ),
    Probe(
        "billing_schedule_edit",
        PREPARE,
        lambda ctx, t: reverse("billing_schedule_edit", args=[billing(ctx).schedule(t).pk]),
        region_page(prepare=True),
        targets=BILLING_REGIONS,
    ),
    Probe(
        "billing_schedule_edit",
        PREPARE + " Changed exactly when allowed.",
        lambda ctx, t: reverse("billing_schedule_edit", args=[billing(ctx).schedule(t).pk]),
        region_page(302, prepare=True),
        targets=BILLING_REGIONS,
        method="post",
        data=_schedule_form(lambda: YEAR, "Ändrad"),
        reset=_schedule_note_back,
        done=_schedule_noted,
    ),
    Probe(
        "billing_pot_current",
        "This year's trainer pot: a redirect to the year's page, which answers by the rules.",
        _url("billing_pot_current"),
        lambda actor, target: LOGIN if actor == ANONYMOUS else 302,
    ),
    Probe(
        "billing_pot",
        SEE + " The pot page shows a k-admin or manager only their own municipalities' trainers.",
        _in_region("billing_pot", YEAR),
        region_page(),
        targets=BILLING_REGIONS,
        reset=_ensure_billing,
        listed=_pot_people,
    ),
    Probe(
        "billing_pot_export",
        SEE + " The payouts file holds exactly the rows of the page.",
        _in_region("billing_pot_export", YEAR, query="&format=csv"),
        region_page(),
        targets=BILLING_REGIONS,
        reset=_ensure_billing,
        listed=_pot_people,
    ),
    Probe(
        "billing_pot_export",
        SEE + " (As a spreadsheet.)",
        _in_region("billing_pot_export", YEAR),
        region_page(),
        targets=BILLING_REGIONS,
    ),
    Probe(
        "billing_pot_issue",
        PREPARE + " The pot is issued exactly when allowed.",
        _in_region("billing_pot_issue", YEAR),
        region_page(302, prepare=True),
        targets=BILLING_REGIONS,
        method="post",
        reset=_no_pot,
        done=_pot_issued,
    ),
    Probe(
        "billing_costs_current",
        "This year's fixed costs: a redirect to the year's page, which answers by the rules.",
        _url("billing_costs_current"),
        lambda actor, target: LOGIN if actor == ANONYMOUS else 302,
    ),
    Probe(
        "billing_costs",
        SEE + " The cost split: k-admins and managers see their share.",
        _in_region("billing_costs", YEAR),
        region_page(),
        targets=BILLING_REGIONS,
    ),
    Probe(
        "billing_costs",
        PREPARE + " The fixed costs are changed exactly when allowed.",
        _in_region("billing_costs", YEAR),
        region_page(302, prepare=True),
        targets=BILLING_REGIONS,
        method="post",
        data=lambda ctx, actor, target: {"total": "200000", "population_year": YEAR - 1, "description": ""},
        reset=_cost_back,
        done=_cost_changed,
    ),
    Probe(
        "billing_population",
        PREPARE + " Population figures are set by the region's roles.",
        _in_region("billing_population"),
        region_page(prepare=True),
        targets=BILLING_REGIONS,
    ),
    Probe(
        "billing_population",
        PREPARE + " A municipality's figure is set exactly when allowed.",
        _in_region("billing_population"),
        lambda actor, target: region_page(302, prepare=True)(actor, _region_of(target)),
        targets=BILLING_MUNICIPALITIES,
        method="post",
        data=lambda ctx, actor, target: {
            "action": "save",
            "municipality": ctx.obj(target).pk,
            "year": YEAR - 1,
            "count": str(NEW_COUNT),
        },
        reset=_population_back,
        done=_population_set,
    ),
    Probe(
        "billing_population",
        PREPARE + " A file of figures is imported exactly when allowed.",
        _in_region("billing_population"),
        region_page(302, prepare=True),
        targets=BILLING_REGIONS,
        method="post",
        data=_import_file,
        reset=lambda ctx, actor, target: _population_back(ctx, actor, IMPORTED[target]),
        done=lambda ctx, actor, target: _population_set(ctx, actor, IMPORTED[target]),
    ),
    Probe(
        "billing_population",
        PREPARE + " Without ?region= the person's own region (a system admin chooses one first).",
        _url("billing_population"),
        preparers_only(),
        reset=_ensure_billing,
    ),
    Probe(
        "billing_population_example",
        PREPARE + " The example file belongs to the population import.",
        _url("billing_population_example"),
        preparers_only(),
    ),
    # --- invoicing bases ----------------------------------------------------------------------------
    Probe("billing_basis_list", SEE, _url("billing_basis_list"), everyone_with_billing(), reset=_ensure_billing),
    Probe(
        "billing_basis_create",
        PREPARE + " A municipality of another region is not among the choices (400); nothing is made.",
        _url("billing_basis_create"),
        lambda actor, target: region_form()(actor, _region_of(target)),
        targets=BILLING_MUNICIPALITIES,
        method="post",
        data=lambda ctx, actor, target: {
            "new-municipality": ctx.obj(target).pk,
            "new-period_kind": PeriodKind.MONTH,
            "new-year": YEAR,
            "new-month": MARCH,
        },
        reset=_no_march_basis(_the_municipality),
        done=_march_basis(_the_municipality),
    ),
    Probe(
        "billing_basis_create_all",
        PREPARE + " Another region is not among the choices (400); nothing is made.",
        _url("billing_basis_create_all"),
        region_form(),
        targets=BILLING_REGIONS,
        method="post",
        data=lambda ctx, actor, target: {
            "all-region": ctx.obj(target).pk,
            "all-period_kind": PeriodKind.MONTH,
            "all-year": YEAR,
            "all-month": MARCH,
        },
        reset=_no_march_basis(_the_region_municipalities),
        done=_march_basis(_the_region_municipalities),
    ),
    Probe(
        "billing_basis_detail",
        BASIS + " It lists exactly its own lines' participants.",
        _basis_url("billing_basis_detail"),
        _basis_expect(200),
        targets=BASIS_TARGETS,
        listed=_basis_people,
    ),
    Probe(
        "billing_basis_print",
        BASIS + " It lists exactly its own lines' participants.",
        _basis_url("billing_basis_print"),
        _basis_expect(200),
        targets=BASIS_TARGETS,
        listed=_basis_people,
    ),
    Probe(
        "billing_basis_export",
        BASIS + " (Every line as a spreadsheet.)",
        _basis_url("billing_basis_export", "xlsx"),
        _basis_expect(200),
        targets=BASIS_TARGETS,
    ),
    Probe(
        "billing_basis_export",
        BASIS + " (Every line as CSV.)",
        _basis_url("billing_basis_export", "csv"),
        _basis_expect(200),
        targets=BASIS_TARGETS,
        listed=_basis_people,
    ),
    Probe(
        "billing_basis_export",
        BASIS + " The Peppol e-invoice of an issued basis (a draft has none: 404).",
        _basis_url("billing_basis_export", "xml"),
        _peppol_expect,
        targets=BASIS_TARGETS,
    ),
    Probe(
        "billing_basis_issue",
        BASIS + " Issuing is preparing (403 for who only sees the basis); an issued one sends on to it.",
        _basis_url("billing_basis_issue"),
        _basis_expect(_by_state(200, 302), prepare=True),
        targets=BASIS_TARGETS,
    ),
    Probe(
        "billing_basis_issue",
        BASIS + ONCE,
        _basis_url("billing_basis_issue"),
        _basis_expect(302, prepare=True),
        targets=BASIS_TARGETS,
        method="post",
        reset=_fresh_draft,
        done=_basis_issued,
        writes=_drafts_only(_basis_expect(302, prepare=True)),
    ),
    Probe(
        "billing_basis_delete",
        BASIS + " Removing a draft is preparing (403 for who only sees it); an issued one sends on to it.",
        _basis_url("billing_basis_delete"),
        _basis_expect(_by_state(200, 302), prepare=True),
        targets=BASIS_TARGETS,
    ),
    Probe(
        "billing_basis_delete",
        BASIS + ONCE,
        _basis_url("billing_basis_delete"),
        _basis_expect(302, prepare=True),
        targets=BASIS_TARGETS,
        method="post",
        reset=_fresh_draft,
        done=_basis_gone,
        writes=_drafts_only(_basis_expect(302, prepare=True)),
    ),
)


# --- the API -------------------------------------------------------------------------------------

API_SEE = SEE + " The API answers an anonymous call 401/403."


def _schedule_rows(ctx: Any, actor: str) -> set[int]:
    b = billing(ctx)
    return {b.schedule(region).pk for region in _get(REGIONS_SEEN, actor)}


def _basis_rows(ctx: Any, actor: str) -> set[int]:
    b = billing(ctx)
    return {b.basis(t).pk for t in BASIS_TARGETS if _basis_seen(actor, t)}


#: The population figures each actor reads: the region's for who prepares it; a k-admin's or manager's own
#: municipality's (what their share of the fixed costs is computed from).
def _population_rows(ctx: Any, actor: str) -> set[int]:
    billing(ctx)
    seen = {m for m, region in MUNICIPALITY_REGION.items() if region in _get(PREPARES, actor)}
    seen |= set(_get(OWN, actor))
    return set(Population.objects.filter(municipality__in=[ctx.obj(m) for m in seen]).values_list("id", flat=True))


def _api_schedule_body(
    year: Callable[[], int], note: str, region: bool = False
) -> Callable[[Any, str, str], dict[str, Any]]:
    def data(ctx: Any, actor: str, target: str) -> dict[str, Any]:
        body: dict[str, Any] = {
            "year": year(),
            "components": [
                {"name": "Material, administration, fika och buffert", "amount": "200.00"},
                {"name": "Utbildarpott", "amount": "400.00", "is_pot": True},
            ],
            "note": note,
        }
        if region:
            body["region"] = ctx.obj(target).pk
        return body

    return data


def _api_basis_expect(ok: Outcome | Callable[[str], Outcome], prepare: bool = False) -> Callable[[str, str], Outcome]:
    inner = basis_page(anonymous=API_DENIED, prepare=prepare)

    def expect(actor: str, target: str) -> Outcome:
        outcome = inner(actor, target)
        if outcome != 200:
            return outcome
        return ok(target) if callable(ok) else ok

    return expect


def _api_region(name: str, *args: Any) -> Callable[[Any, str], str]:
    def url(ctx: Any, target: str) -> str:
        billing(ctx)
        return reverse(name, args=[ctx.obj(target).pk, *args])

    return url


_API_PROBES: tuple[Probe, ...] = (
    Probe(
        "feeschedule-list",
        API_SEE + " Fee schedules: the regions one prepares or belongs to, exactly.",
        _url("feeschedule-list"),
        everyone_with_billing(anonymous=API_DENIED),
        api=True,
        reset=_ensure_billing,
        rows=_schedule_rows,
    ),
    Probe(
        "feeschedule-list",
        PREPARE + " Another region reads as unknown (400); made exactly when allowed.",
        _url("feeschedule-list"),
        lambda actor, target: region_form(201)(actor, target) if actor != ANONYMOUS else API_DENIED,
        targets=BILLING_REGIONS,
        method="post",
        api=True,
        data=_api_schedule_body(lambda: NEXT_YEAR, "", region=True),
        reset=_no_next_schedule,
        done=_next_schedule_made,
    ),
    Probe(
        "feeschedule-detail",
        API_SEE,
        lambda ctx, t: reverse("feeschedule-detail", args=[billing(ctx).schedule(t).pk]),
        region_page(anonymous=API_DENIED),
        targets=BILLING_REGIONS,
        api=True,
    ),
    Probe(
        "feeschedule-detail",
        PREPARE + " Changed exactly when allowed.",
        lambda ctx, t: reverse("feeschedule-detail", args=[billing(ctx).schedule(t).pk]),
        region_page(anonymous=API_DENIED, prepare=True),
        targets=BILLING_REGIONS,
        method="patch",
        api=True,
        data=lambda ctx, actor, target: {"note": "Ändrad"},
        reset=_schedule_note_back,
        done=_schedule_noted,
    ),
    Probe(
        "feeschedule-detail",
        PREPARE + " Replaced exactly when allowed.",
        lambda ctx, t: reverse("feeschedule-detail", args=[billing(ctx).schedule(t).pk]),
        region_page(anonymous=API_DENIED, prepare=True),
        targets=BILLING_REGIONS,
        method="put",
        api=True,
        data=_api_schedule_body(lambda: YEAR, "Ändrad"),
        reset=_schedule_note_back,
        done=_schedule_noted,
    ),
    Probe(
        "invoicebasis-list",
        API_SEE + " Bases: the region's for who prepares it; a k-admin's or manager's own issued ones, exactly.",
        _url("invoicebasis-list"),
        everyone_with_billing(anonymous=API_DENIED),
        api=True,
        reset=_ensure_billing,
        rows=_basis_rows,
    ),
    Probe(
        "invoicebasis-list",
        PREPARE + " A municipality of another region reads as unknown (400); drafted exactly when allowed.",
        _url("invoicebasis-list"),
        lambda actor, target: API_DENIED if actor == ANONYMOUS else region_form(201)(actor, _region_of(target)),
        targets=BILLING_MUNICIPALITIES,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {
            "municipality": ctx.obj(target).pk,
            "period_kind": PeriodKind.MONTH,
            "year": YEAR,
            "number": MARCH,
        },
        reset=_no_march_basis(_the_municipality),
        done=_march_basis(_the_municipality),
    ),
    Probe(
        "invoicebasis-detail",
        BASIS,
        lambda ctx, t: reverse("invoicebasis-detail", args=[billing(ctx).basis(t).pk]),
        _api_basis_expect(200),
        targets=BASIS_TARGETS,
        api=True,
        listed=_basis_people,
    ),
    Probe(
        "invoicebasis-detail",
        BASIS + " Removing: a draft exactly when allowed (204); an issued basis never (400).",
        lambda ctx, t: reverse("invoicebasis-detail", args=[billing(ctx).basis(t).pk]),
        _api_basis_expect(_by_state(204, 400), prepare=True),
        targets=BASIS_TARGETS,
        method="delete",
        api=True,
        reset=_fresh_draft,
        done=_basis_gone,
        writes=_drafts_only(_api_basis_expect(_by_state(204, 400), prepare=True)),
    ),
    Probe(
        "invoicebasis-issue",
        BASIS + " Issuing: a draft exactly when allowed; an issued basis again: 400.",
        lambda ctx, t: reverse("invoicebasis-issue", args=[billing(ctx).basis(t).pk]),
        _api_basis_expect(_by_state(200, 400), prepare=True),
        targets=BASIS_TARGETS,
        method="post",
        api=True,
        reset=_fresh_draft,
        done=_basis_issued,
        writes=_drafts_only(_api_basis_expect(_by_state(200, 400), prepare=True)),
    ),
    Probe(
        "invoicebasis-peppol",
        BASIS + " The Peppol e-invoice of an issued basis; a draft has none (400 to who sees it).",
        lambda ctx, t: reverse("invoicebasis-peppol", args=[billing(ctx).basis(t).pk]),
        _api_basis_expect(_by_state(400, 200)),
        targets=BASIS_TARGETS,
        api=True,
    ),
    Probe(
        "api_trainer_pot",
        API_SEE + " A k-admin or manager gets only their own municipalities' trainers.",
        _api_region("api_trainer_pot", YEAR),
        region_page(anonymous=API_DENIED),
        targets=BILLING_REGIONS,
        api=True,
        reset=_ensure_billing,
        listed=_pot_people,
    ),
    Probe(
        "api_trainer_pot_issue",
        PREPARE + " Issued exactly when allowed.",
        _api_region("api_trainer_pot_issue", YEAR),
        region_page(201, anonymous=API_DENIED, prepare=True),
        targets=BILLING_REGIONS,
        method="post",
        api=True,
        reset=_no_pot,
        done=_pot_issued,
    ),
    Probe(
        "api_cost_split",
        API_SEE + " The cost split: k-admins and managers see their share.",
        _api_region("api_cost_split", YEAR),
        region_page(anonymous=API_DENIED),
        targets=BILLING_REGIONS,
        api=True,
    ),
    Probe(
        "api_cost_split",
        PREPARE + " The fixed costs are set exactly when allowed.",
        _api_region("api_cost_split", YEAR),
        region_page(anonymous=API_DENIED, prepare=True),
        targets=BILLING_REGIONS,
        method="put",
        api=True,
        data=lambda ctx, actor, target: {"total": "200000.00", "population_year": YEAR - 1},
        reset=_cost_back,
        done=_cost_changed,
    ),
    Probe(
        "api_cost_split",
        PREPARE + " (POST as PUT.)",
        _api_region("api_cost_split", YEAR),
        region_page(anonymous=API_DENIED, prepare=True),
        targets=BILLING_REGIONS,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {"total": "200000.00", "population_year": YEAR - 1},
        reset=_cost_back,
        done=_cost_changed,
    ),
    Probe(
        "population-list",
        API_SEE + " Population figures: the region's for who prepares it; a k-admin's or manager's own municipality's "
        "(what their share of the fixed costs is computed from).",
        _url("population-list"),
        everyone_with_billing(anonymous=API_DENIED),
        api=True,
        reset=_ensure_billing,
        rows=_population_rows,
    ),
    Probe(
        "population-list",
        PREPARE + " A municipality of another region reads as unknown (400); set exactly when allowed.",
        _url("population-list"),
        lambda actor, target: API_DENIED if actor == ANONYMOUS else region_form(201)(actor, _region_of(target)),
        targets=BILLING_MUNICIPALITIES,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {"municipality": ctx.obj(target).pk, "year": YEAR - 1, "count": NEW_COUNT},
        reset=_population_back,
        done=_population_set,
    ),
    Probe(
        "population-import-csv",
        PREPARE + " Another region reads as unknown (400); imported exactly when allowed.",
        _url("population-import-csv"),
        lambda actor, target: API_DENIED if actor == ANONYMOUS else region_form(200)(actor, target),
        targets=BILLING_REGIONS,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {
            "region": ctx.obj(target).pk,
            "text": f"Kommun;År;Folkmängd\n{ctx.obj(IMPORTED[target]).name};{YEAR - 1};{NEW_COUNT}\n",
        },
        reset=lambda ctx, actor, target: _population_back(ctx, actor, IMPORTED[target]),
        done=lambda ctx, actor, target: _population_set(ctx, actor, IMPORTED[target]),
    ),
)

BILLING_PROBES: tuple[Probe, ...] = (*_PAGE_PROBES, *_API_PROBES)
