"""Move-outs: the end of occupancy, classified as hard or soft churn."""
