"""forum domain."""
