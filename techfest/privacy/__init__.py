"""Personal data: privacy notice, "my data" export, erasure, retention purge, audit log."""
