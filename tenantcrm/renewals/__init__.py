"""Renewals: negotiating the next lease cycle with a sitting tenant, and proposing its rent."""
