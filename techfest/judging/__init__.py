"""judging domain."""
