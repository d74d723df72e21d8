"""The command line: every command's --help prints (a stray % in a help text once made it a traceback)."""
import pytest

from pipeline.cli import build_parser, main

COMMANDS = sorted(build_parser()._subparsers._group_actions[0].choices)


@pytest.mark.parametrize("argv", [["--help"], *([c, "--help"] for c in COMMANDS)], ids=lambda a: " ".join(a))
def test_regression_help_of_every_command_prints(argv, capsys):
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 0 and "usage:" in capsys.readouterr().out
