"""The project's own docs stay true: docs/hop-dong.md lists every configuration key the program accepts,
every status and every key of ket_qua.json; code comments cite docs/, never documents outside the repo."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from dvht_batch.setup import config as config_module
from dvht_batch.setup.schema import Table
from dvht_batch.errors import ConfigError
from dvht_batch.models import DepartmentStatus, FileStatus

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = (ROOT / "docs" / "hop-dong.md").read_text(encoding="utf-8")
CONFIG_SECTION = CONTRACT.split("## §1.", 1)[1].split("## §2.", 1)[0]
DOCUMENTED_KEYS = set(re.findall(r"^\| `([a-z_]+(?:\.[a-z_]+)?)` \|", CONFIG_SECTION, flags=re.M))


def schema_keys() -> set[str]:
    """Every key dvht.toml's schema declares: `noi_nhan`, `don_vi.ten`, `phong.ma`…"""
    return {f"{name}.{key}" if isinstance(spec, Table) else name
            for name, spec in config_module.SCHEMA.keys.items()
            for key in (spec.keys if isinstance(spec, Table) else [name])}


def test_every_schema_key_is_documented():
    for key in sorted(schema_keys()):
        assert key in DOCUMENTED_KEYS, f"'{key}' is missing from docs/hop-dong.md §1"


def test_every_documented_key_is_accepted():
    """A key in the table that the program refuses would send a clerk into an error: the table must not lie."""
    from builders import config_dict

    for key in sorted(DOCUMENTED_KEYS):
        section, _, name = key.rpartition(".")
        data = config_dict()
        if section == "phong":
            sample = {"email": "vp@so.gov.vn"}.get(name, "x")  # a value of the key's own form
            data["phong"] = [{**data["phong"][0], name: data["phong"][0].get(name, sample)}]
            config_module.parse_config(data)  # must not raise "khóa không được hỗ trợ"
            continue
        if section == "to_danh_gia":  # an array of tables too
            data["to_danh_gia"] = [{"ho_ten": "x", name: "x"}]
            config_module.parse_config(data)
            continue
        assert key in schema_keys(), f"'{key}' documented but not accepted"


def test_an_undocumented_department_key_is_refused():
    from builders import config_dict

    data = config_dict()
    data["phong"] = [{**data["phong"][0], "khong_co_khoa_nay": "x"}]
    with pytest.raises(ConfigError, match="khong_co_khoa_nay"):
        config_module.parse_config(data)


@pytest.mark.parametrize("value", [s.value for s in FileStatus] + [s.value for s in DepartmentStatus])
def test_every_status_is_documented(value):
    assert f"| `{value}` |" in CONTRACT


def test_every_key_of_the_result_json_is_documented(tmp_path):
    """Run the sample agency and check each key ket_qua.json writes is named in docs/hop-dong.md §6."""
    import json

    from builders import run_cli

    done = run_cli("run", ROOT / "sample_data", "--out", tmp_path, "--no-docx", "-q")
    assert done.returncode == 0, done.stderr
    data = json.loads(next(tmp_path.glob("*/ket_qua.json")).read_text(encoding="utf-8"))
    keys = set(data) | {f"unit.{k}" for k in data["unit"]}
    keys |= {f"departments[].{k}" for d in data["departments"] for k in d}
    keys |= {f"files[].{k}" for f in data["files"] for k in f}
    section = CONTRACT.split("## §6.", 1)[1]
    for key in sorted(keys):
        leaf = key.rsplit(".", 1)[-1]
        assert any(f"`{k}`" in section for k in (key, leaf, f"{key}[]")), f"ket_qua.json key '{key}' is not in docs/hop-dong.md §6"


def test_code_cites_only_documents_in_the_repository():
    """Comments cite docs/…; a 'contract-v1 §' or 'domain brief' points at a text a maintainer does not have."""
    offenders = []
    for path in [*ROOT.glob("dvht_batch/**/*.py"), *ROOT.glob("tests/**/*.py"), *ROOT.glob("tools/*.py"),
                 *ROOT.glob("benchmarks/*.py")]:
        if path.name == "test_docs.py":
            continue
        text = path.read_text(encoding="utf-8")
        for n, line in enumerate(text.splitlines(), 1):
            if re.search(r"contract-v1|domain brief|\.\./shared|shared/spec", line):
                offenders.append(f"{path.relative_to(ROOT)}:{n}")
    assert not offenders, "cite docs/hop-dong.md or docs/quy-tac.md instead: " + ", ".join(offenders)
    for cited in set(re.findall(r"docs/([\w-]+\.md)", "\n".join(
            p.read_text(encoding="utf-8") for p in ROOT.glob("dvht_batch/**/*.py")))):
        assert (ROOT / "docs" / cited).is_file(), f"code cites docs/{cited}, which does not exist"


def test_ci_runs_the_readme_test_command():
    """The README's test command is the one CI runs: in two processes (pytest-xdist), in random order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [command] = re.findall(r"^(python -m pip install \"\.\[test\]\" && .*pytest.*)$", readme, flags=re.M)
    assert " -n 2" in command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == command
    extra = re.search(r"^test = \[(.*)\]$", (ROOT / "pyproject.toml").read_text(encoding="utf-8"), flags=re.M)[1]
    assert '"pytest-xdist' in extra and '"pytest-randomly' in extra
