"""Matchmaking: business profiles, relations, suggested ties between tenants, introductions."""
