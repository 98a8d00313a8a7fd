"""Every command has help text and is documented in the README (a habit borrowed from sqlite-utils)."""
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
        assert result.exit_code == 0 and "Usage" in result.output
