"""Care: the schedule of relationship touches each tenant is owed, and each touch as logged."""
