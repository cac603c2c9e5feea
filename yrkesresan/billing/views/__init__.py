"""Billing pages by area: invoicing bases and their exports (``bases``); fee schedules, the trainer pot,
the fixed costs and population, and the overview (``setup``)."""
