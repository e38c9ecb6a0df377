"""The content cache hashes a text once while the same text object is asked again."""

from desktop.text import cache
from desktop.text.cache import ContentCache


def test_the_same_text_object_is_hashed_once_and_equal_content_still_hits(monkeypatch):
    hashed: list[int] = []
    real = cache.content_key
    monkeypatch.setattr(cache, "content_key", lambda text: hashed.append(len(text)) or real(text))
    made: list[str] = []
    folded = ContentCache(lambda text: made.append(text) or text.upper(), size=4)
    text = "باکو و تبریز " * 1000
    assert [folded.get(text) for _ in range(3)] == [text.upper()] * 3
    assert len(hashed) == 1 and len(made) == 1
    copy = "".join(list(text))  # equal content, another object: hashed, found
    assert copy is not text and folded.get(copy) == text.upper()
    assert len(hashed) == 2 and len(made) == 1
    assert folded.get("other") == "OTHER" and len(made) == 2
