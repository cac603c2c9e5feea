"""Writes for follow-up, by area: ``surveys`` (build, send, answer) and ``inventory`` (the inventory and the
planning assumptions). Import the area: ``from yrkesresan.followup.services import surveys``."""
