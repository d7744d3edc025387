"""Comparators: tolerance, sign-invariant rows, exact labels, tuples, lists, diagnoses."""

from __future__ import annotations

import numpy as np

from quizapp.grading.drill_compare import compare, spec_problems

ALLCLOSE = {"type": "allclose", "rtol": 1e-6, "atol": 1e-9}


def test_allclose_accepts_rounding_and_reports_the_first_differing_element() -> None:
    assert compare(np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-12]), ALLCLOSE) is None
    m = compare(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0, 2.0], [3.5, 4.0]]), ALLCLOSE)
    assert m is not None and m.kind == "value" and m.index == (1, 0)
    assert "expected 3.0, got 3.5" in (m.message.en or "")
    assert "下标 [1, 0]" in (m.message.zh or "")


def test_a_number_must_be_a_number_and_an_array_an_array_of_the_right_shape() -> None:
    assert compare(0.5, np.float64(0.5), ALLCLOSE) is None
    assert compare(0.5, np.array(0.5), ALLCLOSE) is None
    assert compare(0.5, [0.5], ALLCLOSE).kind == "type"  # type: ignore[union-attr]
    assert compare(0.5, True, ALLCLOSE).kind == "type"  # type: ignore[union-attr]
    assert compare(np.zeros(3), [0.0, 0.0, 0.0], ALLCLOSE).kind == "type"  # type: ignore[union-attr]
    m = compare(np.zeros(3), np.zeros((3, 1)), ALLCLOSE)
    assert m is not None and m.kind == "shape" and "(3, 1)" in (m.message.en or "")


def test_nan_is_never_close_and_is_diagnosed() -> None:
    m = compare(1.0, float("nan"), ALLCLOSE)
    assert m is not None and "not finite" in (m.message.en or "")


def test_a_constant_factor_and_a_flipped_sign_are_diagnosed() -> None:
    m = compare(np.array([1.0, 2.0, 4.0]), np.array([0.75, 1.5, 3.0]), ALLCLOSE)
    assert m is not None and "0.75 × the expected" in (m.message.en or "")
    m = compare(np.array([1.0, -2.0]), np.array([-1.0, 2.0]), ALLCLOSE)
    assert m is not None and "opposite sign" in (m.message.en or "")
    m = compare(3.0, 3.1234567, ALLCLOSE)  # a single number: no factor talk for an odd ratio
    assert m is not None and "×" not in (m.message.en or "")


def test_sign_invariant_rows_accept_each_row_flipped_independently() -> None:
    spec = {"type": "sign_invariant_rows", "rtol": 1e-6, "atol": 1e-9}
    expected = np.array([[0.6, 0.8], [0.8, -0.6]])
    assert compare(expected, expected * np.array([[-1.0], [1.0]]), spec) is None
    assert compare(expected, -expected, spec) is None
    assert compare(expected, expected[::-1], spec) is not None
    flipped_within_a_row = np.array([[-0.6, 0.8], [0.8, -0.6]])
    assert compare(expected, flipped_within_a_row, spec) is not None


def test_exact_labels_must_be_integers_and_equal() -> None:
    spec = {"type": "exact"}
    assert compare(np.array([0, 1, 1]), np.array([0, 1, 1], dtype=np.int32), spec) is None
    m = compare(np.array([0, 1, 1]), np.array([0.0, 1.0, 1.0]), spec)
    assert m is not None and m.kind == "dtype"
    m = compare(np.array([0, 1, 1]), np.array([0, 1, 0]), spec)
    assert m is not None and m.index == (2,)


def test_tuple_outputs_use_one_comparator_per_item() -> None:
    spec = [ALLCLOSE, {"type": "exact"}]
    expected = (np.array([[0.0, 0.5]]), np.array([0, 0]))
    assert compare(expected, (np.array([[0.0, 0.5]]), np.array([0, 0])), spec) is None
    assert compare(expected, [np.array([[0.0, 0.5]]), np.array([0, 0])], spec) is None
    m = compare(expected, (np.array([[0.0, 0.5]]), np.array([0, 1])), spec)
    assert m is not None and m.where == "output 1" and "In output 1" in (m.message.en or "")
    assert compare(expected, np.array([0.0, 0.5]), spec).kind == "type"  # type: ignore[union-attr]
    assert compare(expected, (expected[0],), spec).kind == "length"  # type: ignore[union-attr]


def test_a_list_of_arrays_is_compared_element_wise() -> None:
    expected = [np.array([1.0]), np.array([[2.0, 3.0]])]
    assert compare(expected, [np.array([1.0]), np.array([[2.0, 3.0]])], ALLCLOSE) is None
    m = compare(expected, [np.array([1.0]), np.array([2.0, 3.0])], ALLCLOSE)
    assert m is not None and m.kind == "shape" and m.where == "item 1"


def test_spec_problems_catch_typos() -> None:
    assert spec_problems({"type": "allclose", "rtol": 1e-6}) == []
    assert spec_problems([{"type": "sign_invariant_rows"}, {"type": "exact"}]) == []
    assert spec_problems({"type": "close"}) != []
    assert spec_problems({"type": "allclose", "rtl": 1}) != []
    assert spec_problems({"type": "allclose", "atol": -1}) != []
