"""Importing a rent roll (buildings, units, tenants, leases and rent steps) from Excel or CSV."""
