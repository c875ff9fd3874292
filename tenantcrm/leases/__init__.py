"""Leases: contract cycles, their units and rent over time."""
