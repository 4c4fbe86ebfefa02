"""Compile every gettext catalogue (.po → .mo) with Babel, so setup needs no GNU gettext."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "node_modules", "var"}


def main() -> None:
    for po_path in sorted(ROOT.rglob("locale/*/LC_MESSAGES/*.po")):
        if SKIP & set(po_path.relative_to(ROOT).parts):
            continue
        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        with po_path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog)


if __name__ == "__main__":
    main()
