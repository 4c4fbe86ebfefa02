"""Every Vietnamese catalogue is complete and the catalogues agree with each other.

Django merges all catalogues and the project-level one wins, so one msgid translated two ways
shows the wrong words on some page; an empty msgstr shows English to a Vietnamese user.
"""

from collections import defaultdict
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]


def _catalogues() -> list[Path]:
    return sorted(
        p for p in ROOT.rglob("locale/vi/LC_MESSAGES/django.po") if ".venv" not in p.relative_to(ROOT).parts
    )


def _messages():
    for path in _catalogues():
        with path.open("rb") as handle:
            for message in read_po(handle):
                if message.id and not message.context:
                    yield path.relative_to(ROOT), message


def test_there_are_catalogues():
    assert Path("locale/vi/LC_MESSAGES/django.po") in [p.relative_to(ROOT) for p in _catalogues()]


def test_every_message_is_translated_and_none_is_fuzzy():
    problems = [
        f"{path}: {message.id!r}"
        for path, message in _messages()
        if message.fuzzy or not (message.string if isinstance(message.string, str) else all(message.string))
    ]
    assert problems == []


def test_one_msgid_has_one_translation_across_catalogues():
    seen: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path, message in _messages():
        if isinstance(message.id, str):
            seen[message.id][message.string].append(str(path))
    conflicts = {msgid: dict(strings) for msgid, strings in seen.items() if len(strings) > 1}
    assert conflicts == {}
