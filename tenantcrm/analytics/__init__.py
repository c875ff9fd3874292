"""Analytics: portfolio figures owners read, computed from plain facts."""
