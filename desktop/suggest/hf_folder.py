"""Is this folder a Hugging Face token-classification model? Read from config.json alone (cheap:
no torch, no transformers), so the window can list the model's entity types at once."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from desktop.core.errors import InputError
from desktop.suggest.hf_entities import entity_types

TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "vocab.txt", "sentencepiece.bpe.model")


@dataclass(frozen=True)
class ModelInfo:
    """What config.json says: the folder, its tags (id2label, in id order) and their entity types."""

    folder: Path
    tags: tuple[str, ...]
    types: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.folder.name


def read_model(folder: str | Path) -> ModelInfo:
    """Check that `folder` holds a token-classification model with a tokenizer; InputError naming it if not."""
    path = Path(folder)
    if not path.is_dir():
        raise InputError("model.not_a_folder", path=str(path))
    try:
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("model.no_config", path=str(path)) from None
    except (OSError, ValueError) as exc:
        raise InputError("model.bad_config", path=str(path), detail=str(exc)) from None
    if not isinstance(config, dict) or not isinstance(config.get("id2label"), dict):
        raise InputError("model.bad_config", path=str(path), detail="no id2label")
    architectures = config.get("architectures") or []
    if not any(str(a).endswith("ForTokenClassification") for a in architectures):
        raise InputError("model.not_token_classification", path=str(path), architectures=", ".join(architectures))
    try:
        tags = tuple(str(tag) for _, tag in sorted((int(i), t) for i, t in config["id2label"].items()))
    except ValueError:
        raise InputError("model.bad_config", path=str(path), detail="id2label keys are not numbers") from None
    if not entity_types(tags) or all(re.fullmatch(r"LABEL_\d+", tag) for tag in tags):  # transformers' defaults
        raise InputError("model.no_tags", path=str(path))
    if not any((path / name).is_file() for name in TOKENIZER_FILES):
        raise InputError("model.no_tokenizer", path=str(path))
    return ModelInfo(path, tags, tuple(entity_types(tags)))
