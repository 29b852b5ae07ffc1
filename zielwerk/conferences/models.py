"""Models of conferences."""
