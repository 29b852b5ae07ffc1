"""Backup and restore (`make backup` / `make restore`): a restore into a fresh PostgreSQL database
finds every row of every table – compared by count and by content – and a damaged backup or an
occupied target is refused before anything changes."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import sql

from zielwerk.core import backup


@pytest.fixture
def postgres() -> backup.Target:
    if connection.vendor != "postgresql":
        if os.environ.get("CI") == "true" and os.environ.get("DATABASE_URL"):
            pytest.fail("Backup/restore test needs PostgreSQL in CI.")
        pytest.skip("Backup and restore work on PostgreSQL only (pg_dump).")
    return backup.Target.from_settings(connection.settings_dict)


@pytest.fixture
def scratch(postgres):
    """A database name for the restore that is dropped afterwards whatever happens."""
    target = postgres.with_name(f"{postgres.name}_restore_{uuid.uuid4().hex[:8]}")
    yield target
    with target.connect(dbname="postgres") as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target.name))
        )


def _contents(target: backup.Target) -> dict[str, tuple[int, str]]:
    """Per table: the row count and an MD5 over all rows in their text form, in sorted order."""
    result = {}
    with target.connect() as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        for table in tables:
            query = sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                "FROM {} AS t"
            ).format(sql.Identifier("public", table))
            count, digest = db.execute(query).fetchone()
            result[table] = (count, digest)
    return result


@pytest.mark.django_db(transaction=True)
def test_restore_into_a_fresh_database_finds_every_row(postgres, scratch, tmp_path):
    from zielwerk.demo.data import seed
    from zielwerk.grants import reference

    reference.load()
    seed()
    media = tmp_path / "media"
    (media / "agreements").mkdir(parents=True)
    (media / "agreements" / "signed.pdf").write_bytes(b"%PDF-1.7 signed copy")

    made = backup.create(target=postgres, directory=tmp_path / "backups", media_root=media)
    before = _contents(postgres)
    assert made.manifest["tables"]["participants_participant"] > 0  # the demo was really dumped

    restored_media = tmp_path / "restored-media"
    found = backup.restore(
        backup.load(made.manifest_path), target=scratch, media_root=restored_media
    )

    after = _contents(scratch)
    assert after == before
    assert found == {table: count for table, (count, _) in before.items()}
    assert (restored_media / "agreements" / "signed.pdf").read_bytes() == b"%PDF-1.7 signed copy"


@pytest.mark.django_db(transaction=True)
def test_damaged_backup_is_refused_before_anything_changes(postgres, scratch, tmp_path):
    made = backup.create(target=postgres, directory=tmp_path)
    with made.dump_path.open("r+b") as dump:
        dump.seek(100)
        dump.write(b"\x00\x01\x02")

    with pytest.raises(backup.BackupError, match="beschädigt"):
        backup.load(made.manifest_path)
    with scratch.connect(dbname="postgres") as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [scratch.name]
        ).fetchone()
    assert exists is None


@pytest.mark.django_db(transaction=True)
def test_occupied_database_needs_an_explicit_replace(postgres, tmp_path):
    made = backup.create(target=postgres, directory=tmp_path)
    before = _contents(postgres)

    with pytest.raises(CommandError, match="enthält bereits Tabellen"):
        call_command("restore", str(made.manifest_path), no_media=True)
    with pytest.raises(CommandError, match="enthält bereits Tabellen"):
        call_command(
            "restore",
            str(made.manifest_path),
            database_url=f"postgres://{postgres.user or 'postgres'}@{postgres.host or '127.0.0.1'}"
            f":{postgres.port or 5432}/{postgres.name}",
            no_media=True,
        )
    with pytest.raises(CommandError, match="Bestätigung"):
        call_command("restore", str(made.manifest_path), replace=True, no_media=True)

    assert _contents(postgres) == before


def test_backup_refuses_sqlite():
    with pytest.raises(backup.BackupError, match="nur für PostgreSQL"):
        backup.Target.from_settings({"ENGINE": "django.db.backends.sqlite3", "NAME": "x"})


def test_missing_backup_names_the_file(tmp_path):
    missing = Path(tmp_path / "nothing.json")
    with pytest.raises(backup.BackupError, match=r"nothing\.json"):
        backup.load(missing)
