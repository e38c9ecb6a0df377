"""The stored form of a CRF model: crfsuite's file plus what its features read.

A version 2 or 3 model is `MAGIC`, a 4-byte big-endian length, a JSON header
(`features`: the feature version; `clusters`: word → cluster ids;
`lists`: gazetteer name → entries; version 3 adds `entities`, the labelled
entities it was trained on, `seen_entities`) and crfsuite's own file. Keeping the
clusters and lists inside the model means a model tags with exactly what it
was trained with, whatever the project's lists say later. A model stored
before version 2 is crfsuite's file alone (it starts with crfsuite's `lCRF`)
and is tagged with the version 1 features; anything else is refused with a
reason, never a crash deep inside crfsuite.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from desktop.core.errors import BarchasbError
from desktop.suggest import features, features_v1
from desktop.suggest.list_tags import ListTagger
from desktop.suggest.seen_entities import SeenEntities
from desktop.suggest.tokens import Token

MAGIC = b"BARCHASB-CRF\n"
CRFSUITE_MAGIC = b"lCRF"
_LENGTH = struct.Struct(">I")
Items = list[features.Attributes] | list[dict[str, str | float]]  # per token: attributes (v2, v3) or a dict (v1)


class ModelRefused(BarchasbError):
    """The stored model cannot be read by this version: train it again."""


@dataclass(frozen=True)
class ModelParts:
    crfsuite: bytes
    version: int
    context: features.FeatureContext
    header: dict[str, Any]
    entities: SeenEntities = field(default_factory=SeenEntities)

    def featurize(
        self, text: str, sentences: Sequence[Sequence[Token]], entities: SeenEntities | None = None
    ) -> list[Items]:
        """The features of a document's sentences, as this model was trained with; `entities`
        replaces the stored seen entities (training passes each document's jackknifed ones)."""
        if self.version == 1:
            return [cast(Items, features_v1.sentence_features([t.key for t in tokens])) for tokens in sentences]
        seen = self.entities if entities is None else entities
        if self.version < 3 or not seen:
            return [_features(text, s, self.context) for s in sentences]
        tags, in_document = seen.document_tags(sentences)
        return [_features(text, s, self.context, found, in_document) for s, found in zip(sentences, tags, strict=True)]


def _features(
    text: str,
    tokens: Sequence[Token],
    context: features.FeatureContext,
    entities: Sequence[str] = (),
    in_document: Mapping[str, set[str]] | None = None,
) -> Items:
    words, keys = [text[t.start : t.end] for t in tokens], [t.key for t in tokens]  # keys: folded once, by the tokens
    return features.sentence_features(words, context, entities, in_document, keys)


def pack(
    crfsuite: bytes,
    clusters: Mapping[str, Sequence[str]],
    lists: Mapping[str, Sequence[str]],
    entities: SeenEntities | None = None,
) -> bytes:
    header = {
        "features": features.FEATURES_VERSION,
        "clusters": {w: list(ids) for w, ids in sorted(clusters.items())},
        "lists": {name: list(entries) for name, entries in sorted(lists.items())},
        "entities": entities.stored() if entities else [],
    }
    encoded = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return MAGIC + _LENGTH.pack(len(encoded)) + encoded + crfsuite


def unpack(model: bytes) -> ModelParts:
    """The model's parts; `ModelRefused` (saying to train again) if it cannot be used."""
    if model.startswith(CRFSUITE_MAGIC):
        return ModelParts(model, 1, features.EMPTY, {"features": 1})
    if not model.startswith(MAGIC) or len(model) < len(MAGIC) + _LENGTH.size:
        raise ModelRefused("the stored suggestion model is not a CRF model this version can read: train it again")
    at = len(MAGIC) + _LENGTH.size
    (length,) = _LENGTH.unpack(model[len(MAGIC) : at])
    entities = SeenEntities()
    try:
        header = json.loads(model[at : at + length].decode("utf-8"))
        version = int(header["features"])
        if version in features.READABLE_VERSIONS:
            entities = SeenEntities.from_stored(header.get("entities", []) if version >= 3 else [])
    except (ValueError, KeyError, TypeError) as exc:
        raise ModelRefused(f"the stored suggestion model is damaged ({exc}): train it again") from exc
    if version not in features.READABLE_VERSIONS:
        raise ModelRefused(
            f"the stored suggestion model uses features version {version}; this version of Barchasb reads "
            f"1 to {features.FEATURES_VERSION}: train the model again"
        )
    clusters = {w: tuple(ids) for w, ids in header.get("clusters", {}).items()}
    crfsuite = model[at + length :]
    known = attributes(crfsuite)
    context = features.FeatureContext(
        clusters, ListTagger(header.get("lists", {})), features.Known.of(known) if known else None
    )
    return ModelParts(crfsuite, version, context, header, entities)


_HEADER = struct.Struct("<4sI4s9I")  # crfsuite's model header: magic, size, type, version, counts, offsets
_CQDB = struct.Struct("<4sIIIII")  # a CQDB chunk's: id, size, flag, byte order, backward array size, offset
_RECORD = struct.Struct("<II")  # a CQDB record's: id, key size (with its NUL)


def attributes(crfsuite: bytes) -> list[str]:
    """The attribute names of a crfsuite model (its attribute dictionary, a CQDB chunk):
    the only ones its tagger gives weight to. Empty when the file cannot be read this
    way (nothing is then left out when tagging)."""
    try:
        fields = _HEADER.unpack_from(crfsuite, 0)
        if fields[0] != CRFSUITE_MAGIC or fields[2] != b"FOMC":
            return []
        at = fields[9]  # off_attrs
        chunk, _, _, _, size, offset = _CQDB.unpack_from(crfsuite, at)
        if chunk != b"CQDB":
            return []
        out = []
        for record in struct.unpack_from(f"<{size}I", crfsuite, at + offset):
            if record:
                _, length = _RECORD.unpack_from(crfsuite, at + record)
                start = at + record + _RECORD.size
                out.append(crfsuite[start : start + length - 1].decode("utf-8"))
        return out
    except (struct.error, UnicodeDecodeError):
        return []
