"""Packaging: the wheel carries the built-in banks; the CLI starts without heavy imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_wheel_installed_elsewhere_finds_its_banks(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("quizapp-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next(venv.glob("lib/python*/site-packages"))
    # The dependencies come from the test environment's site-packages (appended, so the
    # wheel's own quizapp is found first); the editable install's .pth is not processed.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    python = venv / "bin" / "python"
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    env = {"PATH": os.environ["PATH"], "QUIZAPP_HOME": str(tmp_path / "home")}
    where = subprocess.run(
        [python, "-c", "import quizapp.paths as p; print(p.builtin_content_dir())"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.strip().startswith(str(site)), where.stdout
    result = subprocess.run(
        [python, "-m", "quizapp", "validate"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok: ")
    assert int(result.stdout.split(", ")[1].split()[0]) >= 120  # cards found


def test_validate_and_stats_never_import_textual_or_numpy(home: Path) -> None:
    code = (
        "import sys, json, contextlib, io\n"
        "from quizapp.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['validate'])\n"
        "    main(['list'])\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'numpy', 'solvers', 'rich'))))\n"
    )
    env = {**os.environ, "QUIZAPP_HOME": str(home)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    ).stdout
    assert json.loads(out) == [] or set(json.loads(out)) <= {"solvers", "solvers.registry"}
