"""Reviewing layers into the gold layer: `gold.Review` (spans), `relations.RelationReview`,
`details.ReviewDetails` (attribute values and entity links) and the undoable `ops`."""
