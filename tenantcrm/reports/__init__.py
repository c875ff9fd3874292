"""Owner reports: the figures of a building over a period, as a PDF an owner can keep."""
