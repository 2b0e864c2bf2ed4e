import pytest

from providers.models import District


@pytest.fixture
def districts(db):
    names = ["Fenland", "Huntingdonshire", "Peterborough", "Cambridge"]
    return {name: District.objects.create(name=name) for name in names}
