"""`agreement_import FILE`: the parsed agreement as JSON on stdout, or the error on stderr.

Kept apart from the Django management command so that it runs and is tested without Django; the
command only passes its streams in. stdout carries nothing but the JSON, so it can be piped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

from .parser import AgreementParseError, parse_agreement
from .pdf import extract_text

EXIT_OK = 0
EXIT_ERROR = 2
TEXT_SUFFIXES = {".txt", ".md"}


class Writer(Protocol):
    def write(self, text: str, /) -> object: ...


def main(path: str, stdout: Writer, stderr: Writer) -> int:
    """Parse the agreement in `path` (.txt/.md in UTF-8, or .pdf); 0 on success, 2 on error."""
    file = Path(path)
    suffix = file.suffix.lower()
    try:
        if suffix == ".pdf":
            text = extract_text(file)
        elif suffix in TEXT_SUFFIXES:
            # utf-8-sig: files saved by Windows editors start with a byte order mark.
            text = file.read_text(encoding="utf-8-sig")
        else:
            raise AgreementParseError(
                f"Die Datei „{file.name}“ hat kein lesbares Format; erwartet wird .txt oder .md "
                "(UTF-8) oder .pdf."
            )
        result = parse_agreement(text)
    except AgreementParseError as error:
        message = str(error)
        if suffix == ".pdf" and error.line is not None:
            message += " (Die Zeilenangabe bezieht sich auf den aus der PDF-Datei gelesenen Text.)"
        stderr.write(message + "\n")
        return EXIT_ERROR
    except UnicodeDecodeError as error:
        stderr.write(
            f"Die Datei „{file.name}“ ist nicht in UTF-8 gespeichert (ungültiges Byte an "
            f"Position {error.start}).\n"
        )
        return EXIT_ERROR
    except FileNotFoundError:
        stderr.write(f"Die Datei „{path}“ gibt es nicht.\n")
        return EXIT_ERROR
    except OSError as error:
        stderr.write(f"Die Datei „{path}“ lässt sich nicht lesen ({error.strerror}).\n")
        return EXIT_ERROR
    stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK
