"""Pieces every domain shares: errors, money, paging, problem responses."""
