"""Foundation figures: import time of ``dfgov`` and start-up of ``dfgov --help``.

Run: ``python benchmarks/foundation.py``. Targets (issue 2): ``import dfgov``
<= 0.15 s; ``dfgov --help`` <= 0.5 s. For comparison it also times
``import shap`` in the same way.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path


def _time(cmd: list[str], repeat: int = 7) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def _importtime(module: str) -> float:
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"],
                         check=True, capture_output=True, text=True).stderr
    total = 0
    for line in out.splitlines():
        if line.endswith(f"| {module}"):
            total = int(line.split("|")[1])
    return total / 1e6


def main() -> None:
    py = sys.executable
    dfgov_cli = str(Path(py).with_name("dfgov"))
    bare = _time([py, "-c", "pass"])
    imp = _time([py, "-c", "import dfgov"])
    print(f"python start-up (no imports)          {bare:8.3f} s")
    print(f"python -c 'import dfgov' (wall)       {imp:8.3f} s")
    print(f"import dfgov (-X importtime, total)   {_importtime('dfgov'):8.3f} s   target <= 0.15 s")
    print(f"dfgov --help (wall, incl. start-up)   {_time([dfgov_cli, '--help']):8.3f} s"
          "   target <= 0.5 s")
    print(f"import shap (-X importtime, total)    {_importtime('shap'):8.3f} s   (for scale)")


if __name__ == "__main__":
    main()
