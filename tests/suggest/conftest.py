import pytest

from helpers import add_document

NEWS = (
    "استاندار آذربایجان شرقی روز سه‌شنبه ۱۲ آبان ۱۴۰۴ در باکو گفت: صادرات به یک میلیارد "
    "و ۸۰۰ میلیون دلار و ۵۰ درصد رشد رسید.\nوزیر صمت در تبریز با ۲۱ رایزن دیدار کرد."
)


@pytest.fixture
def news(workspace) -> int:
    """A document with figures, a date, places and titles."""
    return add_document(workspace, NEWS, "news.txt")


@pytest.fixture
def suggestions(workspace):
    from desktop.workspace.suggestions.decisions import Suggestions

    return Suggestions(workspace)
