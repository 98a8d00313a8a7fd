"""models.py's promise: a RunResult is frozen, and the writers only read it."""
from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

import pytest
from builders import RUN_AT, write_run
from docx_fixtures import build_run, dossier_scenario, levels_rule_set

from dvht_batch import pipeline
from dvht_batch.period import Period

SAMPLE = Path(__file__).resolve().parent.parent.parent / "sample_data"


def test_the_writers_only_read_the_result(tmp_path):
    """models.py's promise: a RunResult is frozen, and writing every output of a run (the sample agency's
    month, then a levels rule set's year with its dossier) leaves it equal to a copy taken before."""
    config, rule_set = pipeline.load_setup(SAMPLE / "dvht.toml", SAMPLE)
    month = pipeline.collect(SAMPLE, config, rule_set, now=RUN_AT)
    year = build_run(dossier_scenario(), rule_set=levels_rule_set(), period=Period(2025))
    with pytest.raises(dataclasses.FrozenInstanceError):
        month.period = Period(2025, 10)
    for result in (month, year):
        before = copy.deepcopy(result)
        outputs = write_run(result, tmp_path / str(result.period))
        assert outputs.unit_report is not None and outputs.run.run_id
        assert result == before
    assert outputs.dossier is not None and outputs.dossier.documents
