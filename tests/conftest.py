import io

import pytest
from django.core.management import call_command


@pytest.fixture
def loaded_plans(db):
    """The five seed plans, loaded through the same command newcomers run."""
    call_command("load_plans", stdout=io.StringIO())
