"""Look-alike text made one: names and codes normalised before validation and uniqueness.

"Phòng Nội vụ" typed with a zero-width space, a byte-order mark, a soft hyphen, a non-breaking
space or decomposed accents ("o" + combining hook + combining dot) looks like "Phòng Nội vụ"
but is another string, so a second agency of the same name, or a task code that no look-up
finds, could be saved. `clean_name` removes invisible characters (Unicode "format" and control
characters), composes accents (NFC) and collapses whitespace to single spaces.

`NormalizedNames`, put in front of `models.Model`, applies it to the model's
`normalized_fields` in `clean_fields` (so the admin's and any form's uniqueness checks see the
normalised value) and in `save` (so imports and services that save directly store it too).
"""

from __future__ import annotations

import unicodedata

# Unicode categories of characters that print nothing: Cf (format: zero-width space and
# joiners, BOM, soft hyphen, bidirectional marks) and Cc (controls other than whitespace).
INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc"})


def clean_name(text: str) -> str:
    """`text` without invisible characters, composed (NFC), with single spaces."""
    visible = "".join(
        ch
        for ch in text or ""
        if ch.isspace() or unicodedata.category(ch) not in INVISIBLE_CATEGORIES
    )
    return " ".join(unicodedata.normalize("NFC", visible).split())


class NormalizedNames:
    """Model mixin: `normalized_fields` (text fields, or JSON lists of strings) cleaned by
    `clean_name` before validation and before every save."""

    normalized_fields: tuple[str, ...] = ()

    def normalize_names(self) -> None:
        for name in self.normalized_fields:
            value = getattr(self, name)
            if isinstance(value, str):
                setattr(self, name, clean_name(value))
            elif isinstance(value, list):
                setattr(self, name, [clean_name(v) if isinstance(v, str) else v for v in value])

    def clean_fields(self, exclude=None):
        self.normalize_names()
        super().clean_fields(exclude=exclude)

    def save(self, *args, **kwargs):
        self.normalize_names()
        return super().save(*args, **kwargs)
