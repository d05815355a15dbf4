"""Where an action's server time goes: py-spy's collapsed stacks (benchmarks/cpu_per_action.py --profile) summed
by frame, inclusive, as shares of the samples.

    python -m benchmarks.profile_summary PROFILE_DIR [--top 25] [--match ideas/,ui.py,app.py]
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

_FRAME = re.compile(r"^(?P<func>.*) \((?P<file>.*?)(?::\d+)?\)$")


def inclusive(path: Path, match: tuple[str, ...]) -> tuple[int, Counter]:
    """Total samples, and samples per frame (function and file) counted once per stack it appears in."""
    total, frames = 0, Counter()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        if "script_runner" not in stack and "exec_func_with_error_handling" not in stack:
            continue  # only the script thread: the event loop's own work is counted apart
        total += n
        seen = set()
        for frame in stack.split(";"):
            found = _FRAME.match(frame.strip())
            name = frame.strip() if found is None else f"{found['func']} ({_short(found['file'])})"
            if match and not any(m in name for m in match):
                continue
            if name not in seen:
                seen.add(name)
                frames[name] += n
    return total, frames


def _short(file: str) -> str:
    for marker in ("site-packages/", "/work/"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--match", default="", help="comma-separated parts of frame names to keep")
    args = parser.parse_args(argv)
    match = tuple(m for m in args.match.split(",") if m)
    for path in sorted(args.folder.glob("*.txt")):
        total, frames = inclusive(path, match)
        print(f"## {path.stem}: {total} samples in the script thread")
        for name, n in frames.most_common(args.top):
            print(f"{100 * n / max(total, 1):5.1f}%  {name}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
