"""Reviewing layers into the gold layer: `gold.Review` and the undoable `ops`."""
