"""Accounts: users, organisations, per-edition roles, API tokens, password reset."""
