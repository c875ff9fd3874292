"""Expansion and contraction requests: a tenant asks to change its space."""
