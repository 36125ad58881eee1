"""Compile the project's translations (locale/<lang>/LC_MESSAGES/*.po) into the .mo files Django
reads. The .mo files are generated, never committed: `make install` runs this script.

Pure Python (polib, pinned in requirements.txt), so no GNU gettext is needed on the machine.
Fails (exit status 1) on a catalog polib cannot read or with an untranslated or fuzzy entry,
which would otherwise show English on screen without any error.

Usage: python scripts/compile_messages.py
"""

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def problems(catalog: polib.POFile) -> list[str]:
    """Entries that would not translate: untranslated (an empty msgstr) or marked fuzzy."""
    bad = [*catalog.untranslated_entries(), *catalog.fuzzy_entries()]
    return [f"line {entry.linenum}: {entry.msgid!r}" for entry in bad]


def compile_all(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Write the .mo beside every .po under `locale_dir`; returns the .mo paths written.
    Raises ValueError naming every faulty entry before writing anything."""
    sources = sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))
    if not sources:
        raise ValueError(f"no .po file under {locale_dir}")
    catalogs = []
    errors = []
    for source in sources:
        catalog = polib.pofile(str(source), check_for_duplicates=True)
        errors += [f"{source.name} {problem}" for problem in problems(catalog)]
        catalogs.append((source, catalog))
    if errors:
        raise ValueError("entries without a translation:\n" + "\n".join(errors))
    written = []
    for source, catalog in catalogs:
        target = source.with_suffix(".mo")
        catalog.save_as_mofile(str(target))
        written.append(target)
    return written


def main() -> int:
    try:
        written = compile_all()
    except (OSError, ValueError) as error:
        print(f"compile_messages: {error}", file=sys.stderr)
        return 1
    for target in written:
        print(f"compiled {target.relative_to(LOCALE_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
