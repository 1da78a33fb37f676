"""The built wheel ships the dictionaries and works from a fresh virtual environment.

Builds the wheel with pip (isolated build, setuptools from PyPI), installs it
with its dependencies into a new venv, and loads dictionary data from the
installed package, not from this checkout.
"""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.fail(f"wheel build failed:\n{proc.stderr[-2000:]}")
    return next(out.glob("textfix-*.whl"))


def test_wheel_contains_every_dictionary(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.name for p in (ROOT / "dictionaries").iterdir() if p.is_file() and p.name != "__init__.py" and not p.name.startswith(".")}
    assert shipped, "no dictionaries in the checkout"
    missing = {n for n in shipped if f"textfix/dictionaries/{n}" not in names}
    assert not missing, f"not in the wheel: {sorted(missing)}"
    assert "textfix/cli.py" in names and "textfix/fixers/unicode.py" in names


def test_wheel_installs_and_loads_dictionaries_in_fresh_venv(wheel: Path, tmp_path: Path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    install = subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True)
    if install.returncode != 0:
        pytest.fail(f"install failed:\n{install.stderr[-2000:]}")
    code = (
        "import importlib.resources as r, textfix, pathlib;"
        "d = r.files('textfix.dictionaries');"
        "names = sorted(p.name for p in d.iterdir() if p.name.endswith(('.tsv', '.gz')));"
        "assert names, names;"
        "assert 'site-packages' in str(pathlib.Path(textfix.__file__));"
        "print(len(names), textfix.fix('cafÃ© ä¸­æ–‡').text)"
    )
    run = subprocess.run([str(py), "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    count, fixed = run.stdout.strip().split(" ", 1)
    assert int(count) >= 1 and fixed == "café 中文"
    cli = subprocess.run([str(env_dir / "bin" / "textfix"), "fix", "-"], input="naÃ¯ve\n", capture_output=True, text=True)
    assert cli.stdout == "naïve\n"
