"""Vietnamese text normalisation for storage and search.

Two search keys are derived from any text:
- `tone_key`: NFC, lower case, with each word's tone mark moved to a fixed place, so "hoà" and "hòa" (the same
  word with the mark placed on a different vowel) compare equal while "hoa" and "hòa" do not;
- `plain_key`: every diacritic removed and đ → d, so "nuoc mam" finds "Nước mắm".
Stripping combining marks after NFD leaves đ alone (it is a letter, not a mark), hence the explicit map.
"""

import re
import unicodedata

# The five Vietnamese tone marks as combining characters: huyền, sắc, hỏi, ngã, nặng.
TONE_MARKS = {"\u0300": "2", "\u0301": "1", "\u0309": "3", "\u0303": "4", "\u0323": "5"}
_WORD_RE = re.compile(r"\w+", re.UNICODE)


def nfc(text: str) -> str:
    """Normalise text at the boundary: NFC, trimmed, inner white space folded to single spaces."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def _tone_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [TONE_MARKS[ch] for ch in decomposed if ch in TONE_MARKS]
    base = "".join(ch for ch in decomposed if ch not in TONE_MARKS)
    return unicodedata.normalize("NFC", base) + "".join(tones)


def tone_key(text: str) -> str:
    """Lower-case words with the tone written after the word: 'Hoà' and 'hòa' both give 'hoa2'."""
    return " ".join(_tone_word(word) for word in _WORD_RE.findall(nfc(text).lower()))


def plain_key(text: str) -> str:
    """Lower-case words with every diacritic removed and đ → d: 'Nước mắm Đà Nẵng' gives 'nuoc mam da nang'."""
    decomposed = unicodedata.normalize("NFD", nfc(text).lower().replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORD_RE.findall(stripped))


def text_block(value: str) -> str:
    """Multi-line text (descriptions, stories) in NFC with outer blank space trimmed; line breaks are kept."""
    return unicodedata.normalize("NFC", value or "").strip()
