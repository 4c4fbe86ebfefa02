"""The one text-folding function used by every search in the product."""

import unicodedata

# NFD leaves Đ/đ intact (they are letters, not letter + mark), so they are mapped explicitly.
_STROKE_LETTERS = str.maketrans({"Đ": "D", "đ": "d"})


def fold(text: str) -> str:
    """Return `text` lower-cased with Vietnamese diacritics removed ("Đắk Lắk" -> "dak lak")."""
    normalized = unicodedata.normalize("NFC", text or "").translate(_STROKE_LETTERS)
    decomposed = unicodedata.normalize("NFD", normalized)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
