"""Why input was refused, as data: a reason code, its parameters, and one English template per code.

An `InputError` carries a `Reason`; the terminal prints its English (`str(reason)`, the table below),
the window words it in the UI's language (desktop/qt/reasons.py looks the English template up with
`tr()`, so resources/translations/fa.json holds one Persian entry per template). Templates name their
parameters; a parameter may itself be a `Reason` (a reason inside a reason: "relation 2: ..."), which
each reader words in its own language. Templates use no format specs (a translation gets numbers as
Persian digits, i.e. text), only `!r` where the English quotes a value from the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

PLAIN = "plain"  # a message from elsewhere (the OS, the JSON decoder, a ValueError): shown as it is

# fmt: off
REASONS: dict[str, str] = {
    PLAIN: "{text}",
    # where, and a reason inside a reason
    "at_line": "line {line}: {reason}",
    "in_file": "{file}: {reason}",
    "in_file_at_line": "{file}:{line}: {reason}",
    "import.no_valid_records": "no valid records ({bad} bad; the first at {first})",
    "import.plain_text": "plain text, not annotations (import it without --format)",
    "import.brat_not_folder": "a brat collection is a folder of .txt and .ann files",
    "import.no_text": "a document with no text",
    # plain text files
    "text.too_large": "too large ({size} bytes; the limit is {limit})",
    "text.unreadable": "cannot read: {detail}",
    "text.empty": "empty (no text to annotate)",
    "text.binary": "binary data, not text",
    "text.nul_bytes": "binary data, not text (contains NUL bytes)",
    "text.invalid_encoding": "invalid {encoding} at byte {byte}",
    "text.damaged_utf8": "invalid UTF-8 at byte {byte} (the rest is UTF-8: a damaged file?)",
    "text.undecodable": "undecodable: not UTF-8 (byte {byte}), UTF-16 with BOM or Windows-1256 Persian",
    # JSON and JSON Lines
    "json.invalid": "not valid JSON: {detail}",
    "json.invalid_stopped": "not valid JSON: {detail} (parser stopped at line {stopped})",
    "json.array_separator": "not valid JSON: expected ',' or ']' in the array",
    "json.too_deep": "not valid JSON: nested too deeply",
    "json.huge_number": "not valid JSON: a number with thousands of digits",
    "json.lone_surrogate": "a string holds a lone UTF-16 surrogate ({escape}): its escapes are broken",
    "json.extra_data": "not valid JSON: extra data after the array",
    "record.missing_key": "record has no {key!r}",
    "record.wrong_type": "{key!r} should be {expected}, not {actual}",
    "record.not_object": "a record should be a JSON object, not {actual}",
    "format.unknown_json": "JSON, but not records of a known annotation format",
    "format.spacy_import": "importing spaCy DocBin files is not supported; export them to JSONL with spaCy first",
    # spans and tokens
    "span.offsets_not_integers": "span offsets must be integers, got {start!r}, {end!r}",
    "span.no_label": "span [{start}, {end}) has no label",
    "span.label_controls": "span [{start}, {end}) label key {label!r} has control characters",
    "span.empty": "span [{start}, {end}) {label} is empty, reversed or negative",
    "span.past_text": "span [{start}, {end}) {label} ends past the text ({length} characters)",
    "span.text_mismatch": "span [{start}, {end}) {label}: stated text {stated!r} does not match {actual!r}",
    "span.entity_not_id": "span [{start}, {end}) {label}: entity should be an entity id, not {entity!r}",
    "token.offsets_not_integers": "a token needs integer start and end",
    "token.out_of_order": "token [{start}, {end}) is out of order, empty or past the text",
    "token.text_mismatch": "token [{start}, {end}): stated text {stated!r} does not match {actual!r}",
    "annotator.bad_name": "annotator name {name!r} has control characters or is longer than {limit} characters",
    # doccano
    "doccano.unknown_unit": "unknown offset unit {unit!r} ({units})",
    "doccano.bad_entry": "a label entry should be [start, end, label], not {entry!r}",
    "doccano.past_text_utf16": "span [{start}, {end}) {label} ends past the text ({length} UTF-16 units)",
    "doccano.inside_surrogate": (
        "span [{start}, {end}) {label}: UTF-16 offset {offset} falls inside the surrogate pair of {char!r} "
        "({codepoint}); if the file counts code points, import it with --offsets codepoints"
    ),
    "doccano.bad_entity_id": "entity id {id!r} is missing, repeated or not a number or text",
    "doccano.relation_end": "relation {number}: {key} {value!r} is not the id of an entity of this line",
    # Label Studio
    "labelstudio.no_labels": "a label region needs a non-empty value.labels list",
    "labelstudio.user_unnamed": "completed_by has neither an e-mail nor a user id",
    "labelstudio.user_bad": "completed_by should be a user id or an object with an e-mail, got {value}",
    "labelstudio.relation_labels": "a relation's labels should be a list",
    "labelstudio.direction": "relation direction {direction!r} is not one of {directions}",
    "labelstudio.region": "relation {key} {region!r} is not a labelled region of the annotation",
    "labelstudio.prediction_score": "a prediction's score should be a number from 0 to 1, got {value}",
    # CoNLL
    "conll.no_tokens": "no tokens found (is this a CoNLL file?)",
    "conll.columns": "expected token and tag columns, got {row!r}",
    # relations, entities, attributes
    "relation.bad_type": "relation type {value!r} is empty or has control characters",
    "relation.not_allowed": "relation {number}: {type!r} is not allowed from {head!r} to {tail!r}",
    "relation.no_span": "relation {number} ({type}) points at span {span!r}, which the record does not have",
    "relation.to_itself": "relation {number} ({type}) joins a span to itself",
    "relation.annotators": "relation {number} ({type}) joins spans of different annotators ({annotators})",
    "span.entity_missing": "span [{start}, {end}) {label} links to entity {entity}, which the record lacks",
    "entity.bad_type": "entity {number} type {value!r} is empty or has control characters",
    "entity.bad_id": "entity id {id!r} is not a positive integer or is repeated",
    "entity.no_name": "entity {id} has no name",
    "entity.differs": "entity {id} is {name!r} here but {earlier!r} (or other fields differ) in an earlier record",
    "entity.not_object": "an entity should be a JSON object, not {actual}",
    "entity.aliases": "entity {id!r}: aliases should be a list of strings",
    "entity.external_id": "entity {id!r}: external_id should be a string",
    "attribute.not_json_value": (
        "span [{start}, {end}) {label}: attribute {name!r}: {value!r} is not a text, number, boolean or object"
    ),
    "attribute.not_a_field": "span [{start}, {end}) {label}: attribute {name!r} is not a field of label {label!r}",
    "attribute.entity_missing": (
        "span [{start}, {end}) {label}: attribute {name!r} refers to entity {value}, which the record lacks"
    ),
    "attribute.bad_value": "attribute {field}: {value!r} is not a {kind} value",
    "attribute.not_a_choice": "attribute {field}: {value!r} is not a {kind} value (one of {choices})",
    "attribute.not_a_date": (
        "attribute {field}: {value!r} is not a {kind} value (an ISO date: YYYY, YYYY-MM or YYYY-MM-DD)"
    ),
    "attribute.new_field": "{detail}; rename it, or add the field to the scheme first",
    # the choices of a choice field (desktop/core/choices.py)
    "choice.bad_key": "choice key {key!r} is empty, has spaces around it or has control characters",
    "choice.bad_name": "choice {key!r}: the name {name!r} is not one line of text",
    "choice.not_key_or_object": 'choice {value!r} should be a key or an object with "key", "fa" and "en"',
    "choice.unknown_part": 'choice {key!r}: unknown part {part!r} (a choice has "key", "fa" and "en")',
    "choice.key_twice": "choice key {key!r} is given twice",
    "choice.text_form": "choice {text!r} should be written key=Persian name=English name",
    "relation.unknown_type": (
        "relation {number}: type {type!r} is not in this project's scheme (add it in the scheme editor first)"
    ),
    "relation.refused": "relation {number}: {detail}",
    "span.vanishes": "span [{start}, {end}) {label} vanishes when the text is normalised",
    "gold.provenance": "a gold span's or relation's provenance is not a review decision: {detail}",
    "gold.rejection": "a relation rejection is not one: {detail}",
    "label.bad_key": "label key {key!r} must be 1-64 letters, digits or _-.",
    "annotator_map.syntax": "--annotator-map wants KEY=NAME (a user id or e-mail, then a name), got {pair!r}",
    "annotator_map.name": "--annotator-map: {reason}",
    "annotator_map.two_names": "--annotator-map gives {key!r} two names: {first!r} and {second!r}",
    # label and relation schemes
    "scheme.unreadable": "cannot read label scheme: {detail}",
    "scheme.no_labels": 'a scheme needs a non-empty list under "labels"',
    "scheme.label_not_object": "label #{number} is not an object",
    "scheme.bad_label": "label #{number}: {detail}",
    "relation_scheme.invalid": "relation scheme: {detail}",
    "relation_scheme.key_twice": "relation scheme: a relation type key is used twice",
    "relation_scheme.unreadable": "cannot read scheme: {detail}",
    "relation_scheme.not_object": "a scheme is a JSON object",
    "relation_scheme.not_list": '"{key}" must be a list of objects',
    "relation.wrong_type": "relation type {type!r} checked against {checked!r}",
    "relation.not_allowed_here": (
        "relation {type!r} is not allowed from {head!r} to {tail!r} (head: {heads}; tail: {tails})"
    ),
    "relation.any_label": "any label",
    "relation.two_documents": "a relation joins two spans of one document",
    "relation_scheme.unknown_labels": "{owner}: no label {labels} in this project",
    "attribute.invalid": "attribute {field}: {detail}",
    "entity.invalid": "entity {name!r}: {detail}",
    "entity.not_a_mention": "span #{span} is not a mention of entity {name!r}",
    "entity.no_mentions": "choose the mentions of {name!r} to move to the new entity",
    "gazetteer.unreadable": "cannot read gazetteer: {detail}",
    # the project: labels, annotators, review, merge, agreement, suggestions
    "label.key_rules": "label key {key!r} must be 1-64 letters (a-z, A-Z), digits or _ - . without spaces",
    "label.order": "a new order must name every label once: {labels}",
    "label.colour": "colour {colour!r} is not #rrggbb (e.g. #d64541)",
    "label.no_persian_name": "a label needs a Persian name",
    "label.no_english_name": "a label needs a English name",
    "label.persian_name_rules": "a label's Persian name is at most 80 characters, with no control characters",
    "label.english_name_rules": "a label's English name is at most 80 characters, with no control characters",
    "annotator.no_name": "an annotator needs a name",
    "annotator.name_rules": "an annotator's name is at most 80 characters, with no control characters",
    # team projects: the server's refusals (desktop/storage/postgres/refusal.py)
    "team.refused": "permission denied: {who} cannot {what}",
    "team.who.manager": "managers",
    "team.who.curator": "curators",
    "team.who.annotator": "annotators",
    "team.who.login": "this login",
    "team.what.scheme": "change the scheme",
    "team.what.documents": "change the documents",
    "team.what.assignments": "assign documents",
    "team.what.settings": "change the settings",
    "team.what.users": "add users",
    "team.what.project": "change the project",
    "team.what.history": "change the history (it is append-only)",
    "team.what.gold": "write gold",
    "team.what.layer": "write into another annotator's layer",
    "team.what.other": "do that ({detail})",
    # team projects: the server or the network failed (desktop/storage/faults.py)
    "server.failed": "{where}: the PostgreSQL server failed ({detail}); nothing was changed",
    "server.unreachable": "{where}: the PostgreSQL server cannot be reached",
    "server.reconnecting": "{where}: the PostgreSQL server cannot be reached; reconnecting (nothing was changed)",
    "server.commit_lost": "{where}: the connection was lost while saving ({detail}); it was not saved",
    "server.commit_unknown": (
        "{where}: the connection was lost while saving ({detail}); whether it was saved is not known "
        "until the server is back (the window then shows what the server holds)"
    ),
    "server.conflict": "{where}: the action met another at the same moment and was not saved ({detail}); try again",
    "review.gold_compared": "{name!r} is the gold layer: review compares the other layers",
    "review.candidate_gone": (
        "{label} [{start}, {end}) is no longer in any layer (its annotator deleted or changed it meanwhile); "
        "the review now shows the layers as they are"
    ),
    "label.gone": (
        "there is no label {label!r} any more (someone changed the scheme meanwhile); "
        "the labels shown are now the project's"
    ),
    "review.not_gold": "span #{span} is not in the gold layer",
    "merge.into_itself": "{project}: this is the project being merged into",
    "copy.into_itself": "{project}: this is the project being copied",
    "team.unknown_role": "no role {role!r}: manager, curator or annotator",
    "team.login_name": "{name!r}: a login name is letters, digits, _ . - (up to 63, not starting with a digit)",
    "team.empty_password": "{name}: an empty password",
    "team.needs_server": (
        "{project}: a team needs a PostgreSQL project (postgresql://…); a project file has one annotator per file"
    ),
    "review.gold_written": "{name!r} is the gold layer: only review decisions write it",
    "review.detail_before_span": "accept the span into gold first, then take a value for it",
    "review.relation_not_gold": "relation #{relation} is not in the gold layer",
    "review.relation_spans": "a relation joins two different spans of one document",
    "review.relation_not_allowed": "relation {type!r} is not allowed from {head!r} to {tail!r}",
    "assign.no_documents": "--documents: name at least one document (ids, ranges or names)",
    "assign.per_document": "--per-document {value}: give between 1 and {count} (the annotators named)",
    "assign.no_annotators": "name at least one annotator",
    "assign.not_a_person": "{name!r} is the {kind} layer: documents are assigned to people",
    "assign.name_spaces": "{name!r}: an annotator's name, without spaces around it",
    "agreement.layer_twice": "a layer is named twice",
    "suggest.holdout_share": "the held-out share must be between 0 and 1 (e.g. 0.2)",
    "suggest.holdout_documents": (
        "holding documents out needs at least 2 documents with spans in the layer; it has {count}"
    ),
    "suggest.queue_length": "the queue length must be at least 1, got {limit}",
    "suggest.retrain_after": "retraining needs at least 1 new span, got {spans}",
    "suggest.weak_below": "the precision threshold must be between 0 and 1, got {value}",
    "suggest.unknown": "unknown suggester {name!r}; this project has: rules, gazetteers, {available}",
    "suggest.learner": "unknown learner {name!r}; choose auto, {known}",
    # a local Hugging Face model (desktop/suggest/hf_model.py); the folder is the error's path
    "model.not_a_folder": "not a folder (choose the folder that holds the model's config.json)",
    "model.no_config": "not a Hugging Face model folder: it has no config.json",
    "model.bad_config": "config.json is not a model's configuration: {detail}",
    "model.not_token_classification": (
        "not a token-classification model (its architectures: {architectures}); Barchasb needs a "
        "…ForTokenClassification model, e.g. a NER model"
    ),
    "model.no_tags": "the model names no entity tags (config.json's id2label has only O or LABEL_n)",
    "model.no_tokenizer": "no tokenizer is saved with the model (tokenizer.json or tokenizer_config.json)",
    "model.slow_tokenizer": (
        "its tokenizer gives no character offsets (a slow tokenizer); save the fast tokenizer (tokenizer.json) "
        "with the model"
    ),
    "model.unreadable": "cannot load the model: {detail}",
    "model.no_transformers": "a local model needs the optional extra: pip install 'barchasb[transformers]'",
    "model.unknown_type": "the model has no entity type {kind!r} (it has: {types})",
    "model.unknown_label": "{label!r} is not a label of this project ({labels})",
    "model.nothing_mapped": "none of the model's entity types ({types}) is mapped to a label of this project",
    # export options
    "export.unknown_format": "unknown format {format!r} ({formats})",
    "export.split": "a split is two or three non-negative weights, e.g. 80,10,10",
    "export.tag_scheme": "unknown tag scheme {scheme!r} (bio or bioes)",
    "export.unit": "unknown unit {unit!r} (sentence or document)",
    "export.overlapping": "overlapping spans can only be asked about or skipped",
    "export.inner_space": "unknown inner-space choice {choice!r} ({choices})",
    "export.window": "a sentence window is 0 (the same sentence) or more",
    "offsets.not_doccano": "--offsets is for doccano files; {format} offsets are always code points",
    "export.folder_format": "{out}: a {format} export writes a folder, and this is a file",
    "export.folder_split": "{out}: a split export writes a folder, and this is a file",
    "export.unknown_status": "unknown status {status!r} (new, in_progress or done)",
    # brat
    "brat.line": "{id}: {reason}",
    "brat.not_a_line": "not a brat annotation line (ID<TAB>TYPE ...): {text!r}",
    "brat.not_text_bound": "refers to {target}, which is not a text-bound annotation of this file",
    "brat.attribute_fields": "an attribute needs NAME ID [VALUE]",
    "brat.attribute_twice": "{target} has attribute {name} twice",
    "brat.attribute_value": "attribute {name}: {value!r} is not a {kind} value",
    "brat.normalisation_fields": "a normalisation needs Reference ID RESOURCE:ENTRY",
    "brat.normalised_twice": "{target} is normalised twice; Barchasb links a span to one entity",
    "brat.equiv_entities": "joins spans normalised to different entities",
    "brat.note_fields": "a note needs TYPE ID and the note after a tab",
    "brat.id_twice": "the id is used twice",
    "brat.discontinuous": "discontinuous span ({ranges}): Barchasb spans are one range; split it in brat",
    "brat.span_fields": "expected TYPE START END, got {fields!r}",
    "brat.crlf": "{reason} (the .txt has Windows line endings: each counts two characters)",
    "brat.relation_fields": "a relation needs TYPE ROLE:ID ROLE:ID, e.g. holds Arg1:T1 Arg2:T2",
    "brat.not_utf8": "not UTF-8 (byte {byte}), which brat requires",
    # token tags (CoNLL)
    "tags.not_a_tag": "tag {tag!r} is neither O nor B-/I-/E-/S-/L-/U- and a type",
    "tags.not_closed_before": "{previous} is not closed by E-{label} before {tag}",
    "tags.bioes_tag": "{tag} is a BIOES tag in a {scheme} sequence",
    "tags.starts_inside": (
        "{tag} after the sentence start continues no entity (not valid {scheme}; IOB1 files need --tags iob1)"
    ),
    "tags.continues_nothing": (
        "{tag} after {previous} continues no entity (not valid {scheme}; IOB1 files need --tags iob1)"
    ),
    "tags.closes_nothing": "{tag} closes no open {label} entity",
    "tags.not_closed": "{tag} is not closed by E-{label}",
}
# fmt: on


@dataclass(frozen=True, slots=True)
class Reason:
    """Why something was refused: a code of `REASONS` and the values its template names.
    A code the table lacks is taken as English text (code `plain`), so nothing is ever lost."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        template = REASONS.get(self.code)
        if template is None:
            return self.code
        return template.format(**{key: str(v) if isinstance(v, Reason) else v for key, v in self.params.items()})

    @property
    def known(self) -> bool:
        return self.code in REASONS


def plain(text: str) -> Reason:
    """A message worded elsewhere (the OS, a library), shown as it is in every language."""
    return Reason(PLAIN, {"text": text})
