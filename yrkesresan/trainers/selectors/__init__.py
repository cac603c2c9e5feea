"""Reads for trainer teams: the pool, teams, course days, substitutes and days taught (``teams``),
recruiting calls (``calls``) and trainer meetings (``meetings``).
Import from here: ``from yrkesresan.trainers import selectors``."""

from .teams import (
    MUNICIPAL_LEVELS,
    Candidate,
    ComingDay,
    Substitutes,
    TaughtRow,
    coordinators_of,
    day_history,
    days_taught,
    days_taught_for_pot,
    days_this_term,
    haversine_km,
    occasion_team,
    place_of,
    pool_for,
    substitutes_for,
    term_label,
    trainer_coming_days,
)

__all__ = [
    "MUNICIPAL_LEVELS",
    "Candidate",
    "ComingDay",
    "Substitutes",
    "TaughtRow",
    "coordinators_of",
    "day_history",
    "days_taught",
    "days_taught_for_pot",
    "days_this_term",
    "haversine_km",
    "occasion_team",
    "place_of",
    "pool_for",
    "substitutes_for",
    "term_label",
    "trainer_coming_days",
]
