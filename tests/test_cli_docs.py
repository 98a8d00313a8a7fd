"""Every command has help text, is documented in the README and has its own test module (habits borrowed
from sqlite-utils and csvkit: `tests/test_<command>.py`, dashes as underscores)."""
from pathlib import Path

from click.testing import CliRunner

from dvht_batch.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_command_has_help_and_is_in_readme():
    assert cli.commands, "no commands registered"
    for name, command in cli.commands.items():
        assert command.help and command.help.strip(), f"{name} has no help text"
        assert f"dvht {name}" in README, f"'dvht {name}' is not documented in README.md"
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and "Cách dùng: " in result.output and "Tùy chọn:" in result.output
        for english in ("Usage:", "Options:", "Show this message", "[default:", "[required]", "[OPTIONS]"):
            assert english not in result.output, f"'dvht {name} --help' still says {english!r}"


def test_every_command_has_its_own_test_module():
    tests = Path(__file__).resolve().parent
    for name in cli.commands:
        module = tests / f"test_{name.replace('-', '_')}.py"
        assert module.is_file(), f"'dvht {name}' has no test module {module.name}"
        assert f'"{name}"' in module.read_text(encoding="utf-8"), f"{module.name} never runs 'dvht {name}'"
