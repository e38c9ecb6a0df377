import pytest

from helpers import add_document


@pytest.fixture
def doc_id(workspace) -> int:
    return add_document(workspace)
