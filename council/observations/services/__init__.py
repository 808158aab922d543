"""Observations' database-bound code: ``steps`` writes them down and moves them through their life
(add and flush, never commit), ``queries`` reads what the pages show."""
