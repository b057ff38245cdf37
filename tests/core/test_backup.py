"""Back up the demo, restore into an empty database, find everything again."""
import pytest

from techfest.core.db import db
from tests.core.test_migrations import empty_database  # noqa: F401  (fixture)


def test_backup_of_the_demo_restores_into_an_empty_database(app, tmp_path, empty_database):  # noqa: F811
    from techfest import create_app
    from techfest.core.backup import backup, restore, table_counts
    from techfest.demo import load_demo

    load_demo()
    uploads = tmp_path / "uploads"
    (uploads / "products").mkdir(parents=True)
    (uploads / "products" / "anh.webp").write_bytes(b"RIFF....WEBP")
    archive = tmp_path / "backup.tar.gz"
    manifest = backup(db, str(uploads), str(archive))
    before = table_counts(db)
    assert manifest["counts"] == before and before["editions"] >= 7 and before["users"] >= 5

    target = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database,
                         "UPLOAD_DIR": str(tmp_path / "restored-uploads")})
    with target.app_context():
        restore(db, target.config["UPLOAD_DIR"], str(archive))
        assert table_counts(db) == before
        from techfest.editions.models import Edition

        names = set(db.session.scalars(db.select(Edition.name)))
        assert "Techfest Hải Phòng 2018" in names
        db.engine.dispose()
    assert (tmp_path / "restored-uploads" / "products" / "anh.webp").read_bytes() == b"RIFF....WEBP"


def test_restore_refuses_a_non_empty_database(app, tmp_path):
    from techfest.core.backup import BackupError, backup, restore
    from techfest.demo import load_demo

    load_demo()
    archive = tmp_path / "b.tar.gz"
    backup(db, str(tmp_path / "none"), str(archive))
    with pytest.raises(BackupError, match="not empty"):
        restore(db, str(tmp_path / "u"), str(archive))


def test_cli_backup_and_restore_errors_are_one_line(app, tmp_path):
    runner = app.test_cli_runner()
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(b"not a tarball")
    result = runner.invoke(args=["techfest", "restore", str(bad)])
    assert result.exit_code != 0 and "cannot read" in result.output
    result = runner.invoke(args=["techfest", "backup", "--out", str(tmp_path / "ok.tar.gz")])
    assert result.exit_code == 0 and (tmp_path / "ok.tar.gz").exists()
