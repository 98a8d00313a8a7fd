"""Rule sets as data: the bundled `tt22-2020.toml`, `tt24-2023.toml`, or a user's own file.

`load_rule_set(name_or_path)` validates a rule file and reports every mistake at once, in
Vietnamese, naming the criterion and key. The format is documented in docs/bo-tieu-chi.md.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from dvht_batch.errors import RuleSetError
from dvht_batch.system.os_faults import read_small_file
from dvht_batch.rules.model import BUNDLED, KINDS, MODES, SCHEMES, Criterion, Group, RuleSet
from dvht_batch.rules.articles import for_tier
from dvht_batch.rules.parsing import parse_data
from dvht_batch.messages import Findings
from dvht_batch.setup.toml_text import loads_toml, toml_problem
from dvht_batch.setup.schema import refuse

__all__ = ["BUNDLED", "KINDS", "MODES", "SCHEMES", "Criterion", "Group", "RuleSet", "load_rule_set",
           "parse_rule_set", "toml_problem"]


def load_rule_set(name_or_path: str, base_dir: Path | None = None) -> RuleSet:
    """A bundled id ("tt22-2020") or a path (relative to `base_dir`, the config's folder)."""
    if name_or_path in BUNDLED:
        text = resources.files(__name__).joinpath(f"{name_or_path}.toml").read_text(encoding="utf-8")
        return parse_rule_set(text, f"bundled:{name_or_path}")
    path = Path(name_or_path)
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    if not path.exists():  # a FIFO or a device: reading it says why
        raise _file_error(name_or_path, "rule-file-not-found", name=name_or_path, bundled=" hoặc ".join(BUNDLED),
                          path=path)
    try:
        text = read_small_file(path).decode("utf-8-sig")  # never a FIFO, a device, a huge file
    except OSError as exc:
        raise _file_error(str(path), "rule-file-unreadable", path=path, reason=exc.strerror or exc) from None
    except UnicodeDecodeError as exc:
        raise _file_error(str(path), "rule-file-unreadable", path=path, reason=exc) from None
    return parse_rule_set(text, str(path))


def parse_rule_set(text: str, source: str) -> RuleSet:
    data = loads_toml(text, source, "tiêu chí", RuleSetError)
    p = Findings(source, text)  # the text: each finding at its line
    rs = parse_data(data, source, p)
    refuse(p, "tiêu chí", RuleSetError)
    assert rs is not None
    return for_tier(rs, None)  # articles and flags of the default tier; pipeline.load applies dvht.toml's


def _file_error(source: str, message_id: str, **fields: object) -> RuleSetError:
    """A rule file that cannot be read at all: one whole-file finding, its sentence the error's text."""
    out = Findings(source)
    finding = out.report(message_id, **fields)
    return RuleSetError(finding.message, out.items)
