import pytest

from tests.factories import make_edition, make_user


@pytest.fixture
def edition(app):
    return make_edition(slug="hp-privacy", status="live")


@pytest.fixture
def organizer(edition):
    return make_user("bantochuc@example.vn", name="Trần Thị Mai", role="organizer", edition=edition)
