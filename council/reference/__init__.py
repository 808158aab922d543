"""Reference data: neighbourhoods, pillars (volets), cross-cutting axes and partners."""
