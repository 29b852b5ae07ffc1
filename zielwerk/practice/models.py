"""Models of practice."""
