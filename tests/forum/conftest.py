"""Fixtures of the forum tests."""
import pytest


@pytest.fixture
def en_client(client):
    """A visitor's client with the English interface (messages are asserted in English)."""
    with client.session_transaction() as session:
        session["lang"] = "en"
    return client
