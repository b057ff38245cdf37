"""Who may use the privacy routes (see tests/core/test_route_permissions.py)."""
from tests.route_roles import LOGGED_IN, ORGANIZER, PUBLIC

EXPECTED = {
    "privacy.notice": PUBLIC,
    "privacy.badge_export": PUBLIC,        # protected by the badge page's random code
    "privacy.my_data": LOGGED_IN,
    "privacy.my_export": LOGGED_IN,
    "privacy.erase_me": LOGGED_IN,         # the walk's POST has no confirmation: 422, nothing erased
    "privacy.manage": ORGANIZER,
    "privacy.export_registration": ORGANIZER,
    "privacy.erase_registration": ORGANIZER,  # without confirm=yes: flash + redirect, nothing erased
}


def setup(edition, users) -> dict:
    from tests.registration.factories import make_registration

    reg = make_registration(edition, name="Phạm Quốc Bảo", email="bao.route@example.vn")
    return {"privacy_reg_id": reg.id, "data_code": reg.access_code}
