"""Tools for developers and CI, not used by the running app."""
