"""`flask db upgrade` on an empty database yields exactly the models (autogenerate finds nothing)."""
import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from tests.conftest import is_postgres


@pytest.fixture
def empty_database(tmp_path):
    """A brand-new empty database of the kind under test; dropped afterwards."""
    if not is_postgres():
        yield f"sqlite:///{tmp_path}/migrations.db"
        return
    base = os.environ["TEST_DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
    name = f"techfest_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_on_an_empty_database_matches_the_models(empty_database):
    from flask_migrate import upgrade

    from techfest import create_app
    from techfest.core.db import db

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
            diff = compare_metadata(ctx, db.metadata)
            tables = set(db.inspect(conn).get_table_names())
        db.engine.dispose()
    assert diff == []
    assert tables == set(db.metadata.tables) | {"alembic_version"}


def test_downgrade_to_base_removes_every_table(empty_database):
    from flask_migrate import downgrade, upgrade

    from techfest import create_app
    from techfest.core.db import db

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        with db.engine.connect() as conn:
            tables = set(db.inspect(conn).get_table_names())
        db.engine.dispose()
    assert tables <= {"alembic_version"}
