"""Backup and restore of the PostgreSQL database and the uploaded files (`make backup`,
`make restore`).

A backup is three files with one stem in the backup directory:

* `<stem>.dump` – `pg_dump --format=custom` of the whole database;
* `<stem>.media.tar.gz` – the uploaded files (MEDIA_ROOT), if there are any;
* `<stem>.json` – the manifest: SHA-256 of both files, the row count of every table, the newest
  migration per app and when the backup was made.

A restore checks the manifest's checksums before it touches anything, restores into a database
that is empty or new (an existing one only when asked to replace it), and afterwards compares the
row count of every table with the manifest: a restore that does not find every row fails.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from psycopg import sql
from psycopg.conninfo import make_conninfo

MANIFEST_VERSION = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is German and names the file or
    database."""


@dataclass(frozen=True)
class Target:
    """A PostgreSQL database as libpq sees it."""

    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    @classmethod
    def from_settings(cls, settings_dict: Mapping[str, Any]) -> Target:
        if "postgresql" not in settings_dict.get("ENGINE", ""):
            raise BackupError(
                "Sicherung und Wiederherstellung gibt es nur für PostgreSQL (DATABASE_URL="
                "postgres://…). Die SQLite-Demo-Datenbank ist eine einzelne Datei unter var/."
            )
        return cls(
            name=str(settings_dict["NAME"]),
            host=str(settings_dict.get("HOST") or ""),
            port=str(settings_dict.get("PORT") or ""),
            user=str(settings_dict.get("USER") or ""),
            password=str(settings_dict.get("PASSWORD") or ""),
        )

    @classmethod
    def from_url(cls, url: str) -> Target:
        import dj_database_url

        try:
            parsed = dj_database_url.parse(url)
        except (ValueError, ImproperlyConfigured) as error:
            raise BackupError(f"Die Datenbank-Adresse {url!r} ist ungültig: {error}") from error
        return cls.from_settings(parsed)

    def with_name(self, name: str) -> Target:
        return Target(name, self.host, self.port, self.user, self.password)

    def _libpq(self) -> dict[str, str]:
        """The connection settings that are set, by libpq keyword."""
        values = {"host": self.host, "port": self.port, "user": self.user}
        values["password"] = self.password
        return {key: value for key, value in values.items() if value}

    def env(self) -> dict[str, str]:
        """The environment for pg_dump / pg_restore (no password on a command line)."""
        return {**os.environ, **{f"PG{key.upper()}": v for key, v in self._libpq().items()}}

    def connect(self, *, dbname: str | None = None) -> psycopg.Connection:
        name = dbname or self.name
        try:
            return psycopg.connect(make_conninfo(dbname=name, **self._libpq()), autocommit=True)
        except psycopg.OperationalError as error:
            raise BackupError(
                f"Keine Verbindung zur Datenbank {name!r}: {error}".strip()
            ) from error


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def table_counts(target: Target) -> dict[str, int]:
    """The row count of every table in the public schema, by table name."""
    with target.connect() as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        counts = {}
        for name in names:
            query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier("public", name))
            row = connection.execute(query).fetchone()
            counts[name] = int(row[0]) if row else 0
        return counts


def _migrations(target: Target) -> dict[str, str]:
    with target.connect() as connection:
        rows = connection.execute(
            "SELECT app, max(name) FROM django_migrations GROUP BY app ORDER BY app"
        ).fetchall()
    return {app: name for app, name in rows}


def _run(command: list[str], *, target: Target, what: str) -> None:
    executable = shutil.which(command[0])
    if executable is None:
        raise BackupError(
            f"{command[0]} fehlt: bitte die PostgreSQL-Client-Programme installieren "
            "(Debian-Paket postgresql-client)."
        )
    result = subprocess.run(  # noqa: S603 – fixed program, arguments are ours
        [executable, *command[1:]], env=target.env(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{what} ist fehlgeschlagen: {result.stderr.strip()}")


@dataclass(frozen=True)
class Backup:
    manifest_path: Path
    manifest: dict[str, Any]

    @property
    def dump_path(self) -> Path:
        return self.manifest_path.with_name(self.manifest["dump"]["file"])

    @property
    def media_path(self) -> Path | None:
        media = self.manifest.get("media")
        return self.manifest_path.with_name(media["file"]) if media else None

    @property
    def total_rows(self) -> int:
        return sum(self.manifest["tables"].values())


def create(
    *, target: Target, directory: Path, media_root: Path | None = None, stem: str | None = None
) -> Backup:
    """Dump `target` and the files under `media_root` into `directory`; return the manifest."""
    directory.mkdir(parents=True, exist_ok=True)
    made_at = timezone.now()
    stem = stem or f"zielwerk-{target.name}-{made_at:%Y%m%d-%H%M%S}"
    dump_path = directory / f"{stem}.dump"
    if dump_path.exists():
        raise BackupError(f"{dump_path} gibt es schon; nichts überschrieben.")
    # The counts are read first; pg_dump works on one snapshot, so a backup taken while people
    # work may hold more rows than the manifest lists – the restore check accepts "at least".
    counts = table_counts(target)
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--file", str(dump_path), target.name],
        target=target,
        what=f"pg_dump der Datenbank {target.name!r}",
    )
    manifest: dict[str, Any] = {
        "version": MANIFEST_VERSION,
        "made_at": made_at.isoformat(),
        "database": target.name,
        "dump": {"file": dump_path.name, "sha256": sha256_of(dump_path)},
        "media": None,
        "tables": counts,
        "migrations": _migrations(target),
    }
    if media_root is not None and media_root.is_dir() and any(media_root.iterdir()):
        media_path = directory / f"{stem}.media.tar.gz"
        with tarfile.open(media_path, "w:gz") as archive:
            archive.add(media_root, arcname=".")
        manifest["media"] = {"file": media_path.name, "sha256": sha256_of(media_path)}
    manifest_path = directory / f"{stem}.json"
    manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    return Backup(manifest_path, manifest)


def load(manifest_path: Path) -> Backup:
    """Read a manifest and check the checksums of the files it names."""
    if manifest_path.suffix != ".json":
        manifest_path = manifest_path.with_suffix(".json")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise BackupError(f"Die Sicherung {manifest_path} gibt es nicht.") from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BackupError(f"{manifest_path} ist keine lesbare Sicherungsbeschreibung.") from error
    if not isinstance(manifest, dict) or manifest.get("version") != MANIFEST_VERSION:
        raise BackupError(f"{manifest_path}: unbekanntes Format der Sicherungsbeschreibung.")
    backup = Backup(manifest_path, manifest)
    files = [(backup.dump_path, manifest["dump"]["sha256"])]
    if backup.media_path is not None:
        files.append((backup.media_path, manifest["media"]["sha256"]))
    for path, expected in files:
        if not path.is_file():
            raise BackupError(f"{path} fehlt; die Sicherung ist unvollständig.")
        if sha256_of(path) != expected:
            raise BackupError(
                f"{path} ist beschädigt (die Prüfsumme stimmt nicht mit {manifest_path.name} "
                "überein); nichts wiederhergestellt."
            )
    return backup


def _database_exists(target: Target) -> bool:
    with target.connect(dbname="postgres") as connection:
        row = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [target.name]
        ).fetchone()
    return row is not None


def _recreate(target: Target, *, drop: bool) -> None:
    with target.connect(dbname="postgres") as connection:
        if drop:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(target.name)
                )
            )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target.name)))


def restore(
    backup: Backup, *, target: Target, replace: bool = False, media_root: Path | None = None
) -> dict[str, int]:
    """Restore `backup` into `target` and return the table counts found there.

    `target` must be new or empty unless `replace` is true (then it is dropped and created again).
    Raises BackupError – before any change – for a missing or damaged backup or a non-empty
    target, and afterwards if a table has fewer rows than the manifest lists. The files go to
    `media_root` (if given), which must be empty unless `replace` is true."""
    restore_media = media_root is not None and backup.media_path is not None
    if (
        media_root is not None
        and restore_media
        and media_root.is_dir()
        and any(media_root.iterdir())
        and not replace
    ):
        raise BackupError(
            f"Das Dateiverzeichnis {media_root} ist nicht leer. Zum Überschreiben ausdrücklich "
            "bestätigen (REPLACE=1 bzw. --replace) oder --no-media angeben."
        )
    if _database_exists(target):
        if table_counts(target) and not replace:
            raise BackupError(
                f"Die Datenbank {target.name!r} enthält bereits Tabellen. Zum Überschreiben "
                "ausdrücklich bestätigen (make restore … REPLACE=1 bzw. --replace)."
            )
        _recreate(target, drop=True)
    else:
        _recreate(target, drop=False)
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            target.name,
            str(backup.dump_path),
        ],
        target=target,
        what=f"pg_restore in die Datenbank {target.name!r}",
    )
    found = table_counts(target)
    expected: dict[str, int] = backup.manifest["tables"]
    missing = sorted(
        f"{table}: {found.get(table, 0)} statt {count}"
        for table, count in expected.items()
        if found.get(table, 0) < count
    )
    if missing:
        raise BackupError(
            "Nach der Wiederherstellung fehlen Zeilen – " + "; ".join(missing[:10]) + "."
        )
    if restore_media and media_root is not None and backup.media_path is not None:
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(backup.media_path, "r:gz") as archive:
            # The "data" filter refuses absolute paths, links out of the tree and device files.
            archive.extractall(media_root, filter="data")
    return found
