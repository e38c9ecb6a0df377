"""Hypothesis strategies and helpers shared by the text-layer tests.

Random documents are built from pieces that exercise the hard parts: Arabic
yeh/kaf, three digit scripts, ZWNJ, diacritics, emoji (astral, ZWJ
sequences), CRLF and lone CR, hazm's favourite rewrites (`50%`, `۳هزار`,
`می شود`, `شرکت های`).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from desktop.text import fold

SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"

WORDS = [
    "می",
    "شود",
    "می شود",
    "میشود",
    "می‌شود",
    "شرکت",
    "های",
    "شرکت های",
    "کتاب‌ها",
    "ها",
    "ایران",
    "ایرانی",
    "تر",
    "سهل",
    "اي",
    "يك",
    "كتاب",
    "علي",
    "رئیس",
    "کاملاً",
    "بِه",
    "50%",
    "۳هزار",
    "12.5",
    "۱۲٫۵",
    "2025-11-12",
    "٣٤",
    "SMBها",
    "AI",
    "COVID19",
    "ﷺ",
    "دنیـا",
    "خانه‌ی",
    "«نقل»",
    "(ASK)",
    "x.com",
    "😀",
    "👍🏽",
    "👨\u200d👩\u200d👧",
    "+98-21-1234",
    "021-12345678",
    "14:30",
    "1404/08/21",
    "2.0",
    "1,234",
    "COVID-19",
    "iPhone",
    "https://example.com/a1.html",
    "info@news.ir",
    "ﷺ50",
    "می 50",
]
LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآيكى"
OTHER_CHARS = "0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩abcXYZ.،!؟?:؛()«»%-/\u064b\u064e\u0650\u0651\u0670\u200c😀"
SEPARATORS = [
    " ",
    " ",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "\r\n\r\n",
    "\u200c",
    " \u200c",
    "\u00a0",
]

pieces = st.one_of(
    st.sampled_from(WORDS),
    st.text(alphabet=LETTERS, min_size=1, max_size=6),
    st.text(alphabet=OTHER_CHARS, min_size=1, max_size=3),
)


@st.composite
def documents(draw, max_pieces: int = 25) -> str:
    """Raw text: pieces with random separators between them."""
    parts = draw(st.lists(pieces, max_size=max_pieces))
    out = []
    for part in parts:
        out.append(part)
        out.append(draw(st.sampled_from(SEPARATORS)))
    return draw(st.sampled_from(["", " ", "\n"])) + "".join(out)


any_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(LETTERS + OTHER_CHARS + "\u200c\u200d\u200f \n\t\r")),
        st.characters(codec="utf-8"),
    ),
    max_size=60,
)


def fold_key(text: str) -> str:
    """Folded form without any spaces: what "the same characters" means here."""
    return fold(text).text.replace(" ", "")


def seed_texts() -> dict[str, str]:
    """Raw seed documents by file stem (newlines untouched)."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt"))}
