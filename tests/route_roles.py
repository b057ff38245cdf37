"""Role sets for the route-permission walk (tests/core/test_route_permissions.py)."""
ROLES = ["anonymous", "attendee", "exhibitor", "judge", "checkin", "organizer", "other_organizer", "admin"]

PUBLIC = set(ROLES)
LOGGED_IN = set(ROLES) - {"anonymous"}
ORGANIZER = {"organizer", "admin"}                         # organizer of *this* edition ("hp")
ANY_ORGANIZER = {"organizer", "other_organizer", "admin"}  # organizer of some edition
ADMIN = {"admin"}
