"""Coverage-guided fuzzing with atheris, for runs longer than CI's hypothesis examples.

    pip install atheris            # needs a clang-built CPython on some platforms
    python tests/fuzz/run_atheris.py readers -max_total_time=600 corpus-readers/
    python tests/fuzz/run_atheris.py policy  -max_total_time=600 corpus-policy/

The targets are the functions in ``targets.py`` (the ones hypothesis runs in the test suite);
a crash writes the offending input to ``crash-*`` for a regression test.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository, for `tests.fuzz`


def main() -> None:
    try:
        import atheris
    except ImportError:
        sys.exit("atheris is not installed: pip install atheris")
    if len(sys.argv) < 2 or sys.argv[1] not in ("readers", "policy"):
        sys.exit("usage: run_atheris.py readers|policy [libFuzzer options] [corpus folder]")
    which = sys.argv.pop(1)
    with atheris.instrument_imports():
        from tests.fuzz import targets
    target = targets.fuzz_readers if which == "readers" else targets.fuzz_policy
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
