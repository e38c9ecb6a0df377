"""The document view widget: `DocumentView` and the `SpanMark` and `RelationMark` values it draws.

The implementation lives in `desktop.qt.view`; this module is its public face.
"""

from desktop.qt.view.relation_mark import RelationMark
from desktop.qt.view.span_mark import SpanMark
from desktop.qt.view.widget import DocumentView

__all__ = ["DocumentView", "RelationMark", "SpanMark"]
