"""quizapp.grading.generate: seeded, plain-Python, rounded inputs; argument resolution."""

from __future__ import annotations

import json

import pytest

from quizapp.grading.generate import (
    InputSpecError,
    generate_inputs,
    resolve_args,
    round_plain,
    to_plain,
)

SPECS = {
    "n": {"type": "integer", "low": 2, "high": 4},
    "s": {"type": "scalar", "low": -1, "high": 1},
    "v": {"type": "vector", "size": "n", "low": -3, "high": 3, "decimals": 1},
    "iv": {"type": "vector", "size": [2, 3], "low": 0, "high": 1, "integer": True},
    "m": {"type": "matrix", "rows": 2, "cols": "n", "low": 0, "high": 9, "decimals": 0},
    "c": {"type": "choice", "values": [0.5, [1, 2], "cosine"]},
    "d": {"type": "derived", "solver": "helpers.add", "args": {"a": "v", "b": 0.25}, "decimals": 2},
}


def test_same_seed_same_inputs_and_plain_json_values() -> None:
    a = generate_inputs(SPECS, 42)
    assert a == generate_inputs(SPECS, 42)
    json.dumps(a)  # plain Python only
    assert isinstance(a["n"], int) and 2 <= a["n"] <= 4
    assert isinstance(a["s"], float) and -1 <= a["s"] <= 1 and round(a["s"], 2) == a["s"]
    assert len(a["v"]) == a["n"] and all(round(x, 1) == x for x in a["v"])
    assert 2 <= len(a["iv"]) <= 3 and all(isinstance(x, int) and x in (0, 1) for x in a["iv"])
    assert len(a["m"]) == 2 and all(len(row) == a["n"] for row in a["m"])
    assert all(float(x).is_integer() for row in a["m"] for x in row)
    assert a["c"] in SPECS["c"]["values"]
    assert a["d"] == [round(x + 0.25, 2) for x in a["v"]]


def test_different_seeds_differ_and_cover_the_choices() -> None:
    seen = {json.dumps(generate_inputs(SPECS, seed)) for seed in range(30)}
    assert len(seen) == 30
    choices = {json.dumps(generate_inputs(SPECS, seed)["c"]) for seed in range(30)}
    assert len(choices) == 3


def test_choice_values_are_copies() -> None:
    specs = {"c": {"type": "choice", "values": [[1, 2]]}}
    generate_inputs(specs, 0)["c"].append(3)
    assert specs["c"]["values"] == [[1, 2]]


def test_no_negative_zero() -> None:
    specs = {"v": {"type": "vector", "size": 50, "low": -0.004, "high": 0.004, "decimals": 2}}
    for seed in range(5):
        assert all(str(x) == "0.0" for x in generate_inputs(specs, seed)["v"])


@pytest.mark.parametrize(
    ("specs", "message"),
    [
        ({"x": {"type": "vector", "size": 3, "low": 0}}, "missing 'high'"),
        ({"x": {"type": "scalar", "low": 2, "high": 1}}, "low > high"),
        ({"x": {"type": "vector", "size": "n", "low": 0, "high": 1}}, "earlier integer input"),
        ({"x": {"type": "vector", "size": 0, "low": 0, "high": 1}}, "at least 1"),
        ({"x": {"type": "matrix", "rows": 1000, "cols": 1000, "low": 0, "high": 1}}, "more than"),
        ({"x": {"type": "choice", "values": []}}, "non-empty"),
        ({"x": {"type": "gaussian"}}, "unknown type"),
        ({"x": {"type": "derived", "solver": "os.system", "args": {}}}, "unknown solver"),
        (
            {"x": {"type": "derived", "solver": "helpers.add", "args": {"a": "y", "b": 1}}},
            "not an earlier input",
        ),
    ],
)
def test_bad_specs_are_reported(specs: dict, message: str) -> None:
    with pytest.raises(InputSpecError, match=message):
        generate_inputs(specs, 0)


def test_resolve_args() -> None:
    values = {"a": [1.0, 2.0], "b": 3}
    assert resolve_args({"x": "a", "y": 2, "z": [1, 2], "w": ["a", "b"], "t": True}, values) == {
        "x": [1.0, 2.0],
        "y": 2,
        "z": [1, 2],
        "w": [[1.0, 2.0], 3],
        "t": True,
    }
    assert resolve_args(None, values) == {}
    out = resolve_args({"x": "a"}, values)
    out["x"].append(9)
    assert values["a"] == [1.0, 2.0]  # a copy


def test_to_plain_and_round_plain() -> None:
    import numpy as np

    assert to_plain(np.array([[1.0, -0.0]])) == [[1.0, 0.0]]
    assert to_plain((np.float64(1.5), np.int64(2), np.bool_(True))) == [1.5, 2, True]
    assert round_plain([[1.234, 2], "x"], 1) == [[1.2, 2], "x"]
