"""Buildings and their lettable units."""
