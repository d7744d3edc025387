"""The solver registry: lazy, complete, consistent; and the ``quizapp solvers`` command."""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.commands import solvers as solvers_command
from solvers import registry

REPO = Path(__file__).resolve().parents[2]
FAMILIES = ("losses", "gradients", "kmeans", "pca", "mistakes", "helpers", "explain")
NOT_SOLVERS = {"gradients.as_tensors"}  # a utility returning (tensors, single), not a value


def test_importing_the_registry_does_not_import_numpy() -> None:
    code = (
        "import sys, solvers.registry as r; r.names(); r.exists('losses.huber'); "
        "r.explainer('losses.huber'); assert 'numpy' not in sys.modules, 'numpy imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_lookup_api() -> None:
    assert registry.exists("losses.huber")
    assert not registry.exists("losses.nope")
    assert registry.names() == sorted(registry.names())
    assert registry.get("losses.huber").__name__ == "huber"
    assert registry.target("losses.huber") == "solvers.losses:huber"
    with pytest.raises(KeyError, match=r"losses\.nope"):
        registry.get("losses.nope")
    assert registry.explainer("losses.huber") == "explain.losses.huber"
    assert registry.explainer("losses.mae") is None
    assert registry.summary("losses.mse").startswith("Mean squared error")


@pytest.mark.parametrize("name", registry.names())
def test_every_name_resolves_to_a_documented_function(name: str) -> None:
    fn = registry.get(name)
    assert callable(fn)
    assert registry.summary(name), f"{name} has no docstring"
    assert name.split(".")[0] in FAMILIES


@pytest.mark.parametrize("family", [f for f in FAMILIES if f != "explain"])
def test_every_public_function_is_registered(family: str) -> None:
    module = importlib.import_module(f"solvers.{family}")
    public = {
        f"{family}.{n}"
        for n, obj in vars(module).items()
        if inspect.isfunction(obj) and obj.__module__ == module.__name__ and not n.startswith("_")
    }
    assert public - NOT_SOLVERS == {n for n in registry.names() if n.startswith(family + ".")}


def test_every_explainer_explains_a_solver_with_the_same_parameters() -> None:
    module = importlib.import_module("solvers.explain")
    explainers = {
        f"explain.{n.replace('_', '.', 1)}"
        for n, obj in vars(module).items()
        if inspect.isfunction(obj) and obj.__module__ == module.__name__ and not n.startswith("_")
    }
    registered = {n for n in registry.names() if n.startswith("explain.")}
    assert explainers == registered
    for name in registered:
        solver = name.removeprefix("explain.")
        assert registry.exists(solver), solver
        params = list(inspect.signature(registry.get(solver)).parameters)
        assert list(inspect.signature(registry.get(name)).parameters) == params, name


def _run(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    solvers_command.register(parser.add_subparsers())
    return parser.parse_args(["solvers", *argv])


def test_solvers_command_lists_names_with_summaries(capsys: pytest.CaptureFixture[str]) -> None:
    assert solvers_command.run(_run()) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(registry.names())
    huber = next(line for line in lines if line.startswith("losses.huber "))
    assert "Huber loss, mean over elements" in huber


def test_solvers_command_prefix_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert solvers_command.run(_run("mistakes.huber", "--json")) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {
        "mistakes.huber_no_half",
        "mistakes.huber_no_offset",
        "mistakes.huber_grad_unclipped",
        "mistakes.huber_grad_no_mean",
    }
    assert solvers_command.run(_run("zzz")) == 1
