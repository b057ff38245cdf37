"""Shared infrastructure used by every domain. Owns no business rules."""
