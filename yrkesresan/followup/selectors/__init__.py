"""Reads for follow-up, by area: ``surveys`` (results against targets, above the anonymity threshold) and
``inventory`` (the inventory and the planning suggestion). The reports are in ``followup.reports``."""
