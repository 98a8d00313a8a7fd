from pathlib import Path

import pytest
from builders import CONFIG

from dvht_batch.setup.config import parse_config
from dvht_batch.intake import read_file
from dvht_batch.rules import load_rule_set


@pytest.fixture(scope="session")
def config():
    return parse_config(CONFIG)


@pytest.fixture(scope="session")
def rules():
    return load_rule_set("tt22-2020")


@pytest.fixture
def read(tmp_path, config, rules):
    """read(path) → FileRecord, with tmp_path as the input folder."""
    def _read(path, rule_set=None):
        return read_file(Path(path), tmp_path, config, rule_set or rules)
    return _read

