"""Import and export reports as lines for the terminal: (stdout lines, stderr lines)."""

from __future__ import annotations

from desktop.formats.offsets import UnitNote
from desktop.workspace.export.report import ExportReport
from desktop.workspace.imports.annotated import FileImport
from desktop.workspace.imports.plain import ImportReport


def import_lines(
    plain: ImportReport, annotated: list[FileImport], quiet: bool, hint: bool = True
) -> tuple[list[str], list[str]]:
    """Per-file lines, labels added, and the one-line summary; problems go to stderr:
    a refused file's first bad record (`hint`: and how to import the valid ones),
    every bad record skipped as `file:line: reason`."""
    out: list[str] = []
    err: list[str] = []
    for result in plain.results:
        if result.outcome == "skipped":
            err.append(f"skipped {result.path}: {result.reason}")
        elif not quiet:
            word = "imported" if result.outcome == "imported" else "already present"
            out.append(f"{word} {result.path} (#{result.document_id}, {result.encoding})")
    for file in annotated:
        if file.outcome == "skipped":
            err.append(f"skipped {file.path}: {file.reason}")
            if hint and file.valid_records and file.bad_records:
                err.append(
                    f"  {len(file.bad_records)} bad records in all; --skip-invalid "
                    f"imports the {file.valid_records} valid ones"
                )
            continue
        err.extend(bad.describe(file.path) for bad in file.bad_records)
        if not quiet:
            out.append(f"imported {file.path} ({_file_detail(file)})")
        out.extend(f"{file.path}: {note}" if quiet else f"  {note}" for note in file.notes)
    added = [key for result in annotated for key in result.labels_added]
    if added:
        out.append("labels added to the scheme: " + ", ".join(dict.fromkeys(added)))
    fields = [name for result in annotated for name in result.fields_added]
    if fields:
        out.append("attribute fields added to the scheme: " + ", ".join(dict.fromkeys(fields)))
    documents = plain.count("imported") + sum(len(r.documents_added) for r in annotated)
    present = plain.count("present") + sum(r.documents_present for r in annotated)
    skipped = plain.count("skipped") + sum(1 for r in annotated if r.outcome == "skipped")
    out.append(f"{documents} imported, {present} already present, {skipped} skipped")
    spans = sum(r.spans_added for r in annotated)
    duplicates = sum(r.spans_duplicate for r in annotated)
    if annotated:
        out.append(f"spans: {spans} added, {duplicates} already there")
    links = [r.links for r in annotated if r.outcome != "skipped"]
    if any(link.relations or link.attributes or link.entities or link.links for link in links):
        out.append(
            f"relations: {sum(k.relations for k in links)} added; attribute values: {sum(k.attributes for k in links)};"
            f" entities: {sum(k.entities for k in links)} added, {sum(k.links for k in links)} mentions linked"
        )
    suggested = sum(r.suggestions_added for r in annotated if r.outcome != "skipped")
    if suggested:
        out.append(f"predictions: {suggested} pending suggestions added")
    bad = sum(len(r.bad_records) for r in annotated if r.outcome != "skipped")
    if bad:
        out.append(f"bad records skipped: {bad}")
    totals = plain.change_totals()
    if totals:
        out.append("normalisation: " + ", ".join(f"{kind} {n}" for kind, n in totals.items()))
    return out, err


def _file_detail(result: FileImport) -> str:
    return (
        f"{result.format}: {len(result.documents_added)} documents added, "
        f"{result.documents_present} already present, {result.spans_added} spans, "
        f"{result.spans_duplicate} duplicate spans skipped"
        + (f", {len(result.bad_records)} bad records skipped" if result.bad_records else "")
    )


def export_lines(report: ExportReport, quiet: bool, shown: int) -> tuple[list[str], list[str]]:
    out = [] if quiet else [f"wrote {path}" for path in report.files]
    if report.documents_per_split:
        out.append("split: " + ", ".join(f"{name} {n}" for name, n in sorted(report.documents_per_split.items())))
    out.append(
        f"exported {report.documents} documents, {report.spans} spans ({report.format}, {report.records} records)"
    )
    if report.relations or report.relations_lost:
        out.append(f"{report.relations} relations exported")
    if report.sentences_joined:
        out.append(f"{report.sentences_joined} sentence breaks dropped: a span crossed them")
    if report.inner_spaces:
        out.append(
            f"{report.inner_spaces} tokens had spaces inside: written joined "
            "(--inner-space keep writes them as they are)"
        )
    return out, problem_lines(report, 0 if quiet else shown) + relation_lines(report)


def relation_lines(report: ExportReport) -> list[str]:
    """Warnings for relations the export could not carry."""
    lines = []
    if report.relations_lost:
        lines.append(f"warning: {report.relations_lost} relations left out: an end's span was not written")
    if report.relations_outside:
        lines.append(
            f"warning: {report.relations_outside} relations left out of the table: their spans are further apart "
            "than --window sentences"
        )
    return lines


def problem_lines(report: ExportReport, shown: int) -> list[str]:
    """The counts of problem spans, and the first `shown` of them one per line."""
    if not report.problems:
        return []
    counts = ", ".join(f"{kind} {n}" for kind, n in report.problem_counts().items())
    lines = [f"{len(report.problems)} spans needed attention: {counts}"]
    lines += ["  " + p.describe() for p in report.problems[:shown]]
    if len(report.problems) > shown > 0:
        lines.append(f"  ... and {len(report.problems) - shown} more (--report FILE lists all)")
    return lines


def unit_note_lines(notes: list[UnitNote], written: bool, shown: int = 20) -> list[str]:
    """Warnings for doccano records whose offsets depend on the unit, when the user
    stated none: `file:line:` for the first `shown`, then what was done and how to choose."""
    if not notes:
        return []
    verb = "written" if written else "read"
    lines = [
        f"{note.path}:{note.line}: warning: {note.characters} characters outside the BMP "
        f"(emoji) before spans; offsets {verb} as UTF-16 units"
        for note in notes[:shown]
    ]
    if len(notes) > shown:
        lines.append(f"  ... and {len(notes) - shown} more records")
    lines.append(
        f"warning: no offset unit stated: {len(notes)} doccano records have characters "
        f"outside the BMP before spans, and their offsets were {verb} as UTF-16 units, "
        "as doccano's web UI counts them; --offsets utf16 or --offsets codepoints "
        "(Python, spaCy) says which"
    )
    return lines
