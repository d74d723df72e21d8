"""``python tests/fault_cli.py SLEEP_SECONDS extract ...``: the real CLI, every document slowed down by
SLEEP_SECONDS, so that a test can stop a run half-way (tests/test_run.py)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # spawned workers find faults.py the same way

from faults import faulty  # noqa: E402

from pipeline.cli import main  # noqa: E402


if __name__ == "__main__":
    sys.exit(main(sys.argv[2:], process=faulty({"*": {"sleep": float(sys.argv[1])}})))
