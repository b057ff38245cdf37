"""Who may use the edition logo routes (pages and API) (see tests/core/test_route_permissions.py; the other
edition routes are listed there)."""
from tests.route_roles import ORGANIZER, PUBLIC

EXPECTED = {
    "editions.logo": PUBLIC,
    "editions.remove_logo": ORGANIZER,
    ("editions_api.EditionLogo", "PUT"): ORGANIZER,
    ("editions_api.EditionLogo", "DELETE"): ORGANIZER,
}


def setup(edition, users) -> dict:
    """The walked edition gets a logo, so its address answers with the image."""
    from techfest.editions.services import set_edition_logo
    from tests.submissions.factories import image_bytes

    set_edition_logo(None, edition, image_bytes("PNG"))
    return {"logo_key": edition.logo_key}
