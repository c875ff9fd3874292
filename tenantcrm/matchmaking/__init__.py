"""Matchmaking: business ties and referrals between tenants (see the open issues)."""
