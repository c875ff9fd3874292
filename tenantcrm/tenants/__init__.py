"""Tenants (the companies occupying space) and their contacts."""
