"""A tiny Hugging Face token-classification model, built in a test's folder from a config (nothing
downloaded): a 1-layer BERT whose weights are set so that each word's tag depends on its own
first token only (no position, no attention, no feed-forward), so every test knows the answer.

`needs_torch()` skips where torch or transformers is missing, but FAILS when CI is set: CI
installs the `transformers` extra, and a skip there would hide these tests.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

TAGS = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")
# The tag each of these first tokens gets; every other token is O.
TAGGED = {"علی": "B-PER", "رضایی": "I-PER", "تهران": "B-LOC", "وزارت": "B-ORG", "نفت": "I-ORG", "😀": "B-MISC"}
LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيك"
DIGITS = "0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩"
SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def needs_torch() -> None:
    """Skip (locally) or fail (CI) unless torch and transformers import."""
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI installs the transformers extra; {exc}")
        pytest.skip(f"the transformers extra is not installed ({exc})")


def vocabulary() -> list[str]:
    words = [*TAGGED, "می", "##روم", "به", "از", "،", ".", "!"]
    pieces = [*LETTERS, *DIGITS] + [f"##{c}" for c in LETTERS + DIGITS]
    return SPECIAL + list(dict.fromkeys(words + pieces))


def build(folder: Path, max_positions: int = 64) -> Path:
    """Save the tiny model and its fast tokenizer in `folder`; returns it."""
    import torch
    from transformers import BertConfig, BertForTokenClassification, BertTokenizerFast

    folder.mkdir(parents=True, exist_ok=True)
    vocab = vocabulary()
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = BertTokenizerFast(
        str(folder / "vocab.txt"), do_lower_case=False, strip_accents=False, tokenize_chinese_chars=False
    )
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=16,
        max_position_embeddings=max_positions,
        id2label=dict(enumerate(TAGS)),
        label2id={tag: i for i, tag in enumerate(TAGS)},
    )
    torch.manual_seed(0)
    model = BertForTokenClassification(config)
    _set_weights(model, vocab)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def _set_weights(model, vocab: list[str]) -> None:
    """Hidden state = the first token's embedding (layer-normed): a one-hot on its tag's dimension."""
    import torch

    bert = model.bert
    with torch.no_grad():
        bert.embeddings.position_embeddings.weight.zero_()
        bert.embeddings.token_type_embeddings.weight.zero_()
        for layer in bert.encoder.layer:
            layer.attention.output.dense.weight.zero_()
            layer.attention.output.dense.bias.zero_()
            layer.output.dense.weight.zero_()
            layer.output.dense.bias.zero_()
        embeddings = torch.zeros_like(bert.embeddings.word_embeddings.weight)
        for index, token in enumerate(vocab):
            embeddings[index, TAGS.index(TAGGED.get(token, "O"))] = 1.0
        bert.embeddings.word_embeddings.weight.copy_(embeddings)
        model.classifier.weight.copy_(torch.eye(len(TAGS), 16))  # scores about 0.9
        model.classifier.bias.zero_()
