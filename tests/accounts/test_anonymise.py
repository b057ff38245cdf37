"""Closing an account for a privacy erasure: the person is gone, the row and its roles stay."""
from __future__ import annotations

from techfest.accounts import services
from techfest.core.db import db
from tests.factories import PASSWORD, make_edition, make_token, make_user


def test_an_anonymised_account_cannot_log_in_its_tokens_are_revoked_and_its_roles_stay(app):
    edition = make_edition(slug="hp", status="live")
    user = make_user("le.minh.duc@example.vn", name="Lê Minh Đức", role="judge", edition=edition)
    plain = make_token(user)
    assert services.user_for_api_token(plain) == user

    services.anonymise_user(user)
    db.session.commit()

    assert services.is_anonymised(user)
    assert (user.name, user.email, user.active) == ("Đã xoá", f"erased-user-{user.id}@invalid.example", False)
    assert services.authenticate("le.minh.duc@example.vn", PASSWORD) is None
    assert services.get_user_by_email("le.minh.duc@example.vn") is None
    assert services.user_for_api_token(plain) is None
    assert all(t.revoked_at is not None for t in services.tokens_of(user))
    assert services.roles_for_user(user, edition) == {"judge"}   # judging results keep their judge
