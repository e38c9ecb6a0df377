"""The document view: read-only right-to-left text with span highlights.

Split by concern: `span_mark` (the value the view draws), `positions`
(code points <-> Qt UTF-16, the one place that converts), `mark_index`
(marks by paragraph, lanes), `metrics`, `geometry` and `shape_cache`
(line spacing, boxes, chips), `screen` (what is visible), `theme`,
`overlay` and `badge` (drawing; chips copied from pixmaps rendered once),
`hit_test` (where a press lands), `setup` and `widget` (the Qt class). Relations between spans: `relation_mark` (the
value), `relation_index` (by paragraph), `relation_ends`, `relation_geometry`
and `relations` (arcs above the lines), `relation_drag` (chip to chip).
"""
