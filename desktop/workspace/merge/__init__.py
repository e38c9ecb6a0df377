"""Merging other project files (an annotator's copy, a backup) into this one:
`projects.merge_projects`, layer by layer through `layers`."""
