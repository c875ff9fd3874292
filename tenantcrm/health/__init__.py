"""Tenant health: a score, a relationship stage and an early-warning list of tenants at risk."""
