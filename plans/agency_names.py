"""Matching agency names as they are written in plans to known agencies.

Plans spell the same office in many ways: "Văn phòng HĐND và UBND huyện", "Văn phòng HĐND&UBND
huyện", "Phòng Văn hoá" / "Phòng Văn hóa" (tone mark on a different vowel), "Tài chính - Kế
hoạch" with a hyphen or an en dash. `normalize_agency_name` folds every such difference into one
key; an agency matches a written name when the key equals the key of its canonical name
("canonical" match) or of one of its aliases ("alias" match). Fixtures and spreadsheet imports
both go through `match_agency`, so they agree on what a name means.

This module is pure Python (no Django import) so that it can be used from scripts and tests alike.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from plans.text import clean_name

# Combining marks that carry the Vietnamese tone. Their position inside a syllable differs
# between the "old" (hoá, uỷ) and "new" (hóa, ủy) conventions, so the key moves them to the end
# of the word. Vowel-quality marks (circumflex U+0302, breve U+0306, horn U+031B) stay in place.
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_DASHES = re.compile(r"[\u002d\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")
_SPACES = re.compile(r"\s+")
_EDGE_PUNCTUATION = " .,;:()"


def _move_tones_to_word_end(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    base = "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
    tones = "".join(ch for ch in decomposed if ch in _TONE_MARKS)
    return base + tones


def normalize_agency_name(name: str) -> str:
    """Return the comparison key of a written agency name."""
    text = unicodedata.normalize("NFC", clean_name(name or "")).casefold()
    text = text.replace("&", " và ")
    text = _DASHES.sub(" ", text)
    text = _SPACES.sub(" ", text).strip(_EDGE_PUNCTUATION)
    words = text.split(" ")
    if len(words) > 1 and words[-1] == "huyện":
        words = words[:-1]
    return " ".join(_move_tones_to_word_end(w) for w in words if w)


@dataclass(frozen=True)
class AgencyMatch:
    agency: Any
    via: str  # "canonical" or "alias"
    written: str

    @property
    def through_alias(self) -> bool:
        return self.via == "alias"


def _names(agency: Any) -> tuple[str, list[str]]:
    if isinstance(agency, dict):
        return agency["name"], list(agency.get("aliases") or [])
    return agency.name, list(agency.aliases or [])


class AgencyIndex:
    """Lookup of written names among a district's agencies (model instances or dicts)."""

    def __init__(self, agencies: Iterable[Any]):
        self._canonical: dict[str, Any] = {}
        self._alias: dict[str, Any] = {}
        self._labels: dict[str, str] = {}
        for agency in agencies:
            name, aliases = _names(agency)
            key = normalize_agency_name(name)
            self._canonical.setdefault(key, agency)
            self._labels.setdefault(key, name)
            for alias in aliases:
                alias_key = normalize_agency_name(alias)
                if alias_key != key:
                    self._alias.setdefault(alias_key, agency)
                    self._labels.setdefault(alias_key, name)

    def match(self, written: str) -> AgencyMatch | None:
        key = normalize_agency_name(written)
        if not key:
            return None
        if key in self._canonical:
            return AgencyMatch(self._canonical[key], "canonical", written)
        if key in self._alias:
            return AgencyMatch(self._alias[key], "alias", written)
        return None

    def closest(self, written: str, n: int = 3) -> list[str]:
        """Canonical names of the agencies whose names are nearest to `written`."""
        keys = difflib.get_close_matches(
            normalize_agency_name(written), list(self._labels), n=n * 3, cutoff=0.4
        )
        names: list[str] = []
        for key in keys:
            label = self._labels[key]
            if label not in names:
                names.append(label)
        return names[:n]


def match_agency(written: str, agencies: Iterable[Any]) -> AgencyMatch | None:
    """Match one written name against agencies; see `AgencyIndex` for repeated lookups."""
    return AgencyIndex(agencies).match(written)
