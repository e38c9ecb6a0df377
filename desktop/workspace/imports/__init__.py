"""Bringing documents in: plain text (`plain`), annotated files of any format
(`annotated`, written through `store`), and `everything`, the window's Import."""
