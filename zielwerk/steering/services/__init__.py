"""Writes of steering: one module per part (targets, deviations, meetings, assessment)."""
