"""Satisfaction surveys of tenants and their trends."""
