"""The project as a whole: its label scheme (`scheme`), search over its
documents (`search`), statistics (`stats`) and the bundled sample (`sample`)."""
