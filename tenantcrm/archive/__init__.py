"""Export the whole database to a portable archive and restore it, on SQLite or PostgreSQL."""
