"""Editions: the unit everything hangs on (Techfest Hải Phòng 2026, ...)."""
