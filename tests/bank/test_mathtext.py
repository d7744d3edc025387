"""LaTeX to Unicode for the terminal."""

from __future__ import annotations

import pytest

from quizapp.bank.mathtext import render, render_math


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (r"\frac{1}{n}\sum_{i=1}^{n} (y_i-\hat{y}_i)^2", "(1/n)∑ᵢ₌₁ⁿ (yᵢ−ŷᵢ)²"),
        (r"C = \frac{1}{n-1} X^T X", "C = (1/(n−1)) Xᵀ X"),
        (r"\frac{a+b}{2\sigma^2}", "(a+b)/(2σ²)"),
        (r"\sigma'(z) \le 0.25", "σ'(z) ≤ 0.25"),
        (r"\lVert g \rVert_2", "‖g‖₂"),
        (r"\frac{\partial L}{\partial z} = p - y", "∂L/∂z = p − y"),
        (r"\arg\min_{\mu}", "argmin_μ"),
    ],
)
def test_formulas(latex: str, expected: str) -> None:
    assert render_math(latex) == expected


def test_cases_one_line_per_case() -> None:
    out = render_math(
        r"L = \begin{cases} \frac{1}{2}r^2 & |r| \le \delta \\ "
        r"\delta(|r| - \frac{1}{2}\delta) & \text{otherwise} \end{cases}"
    )
    assert out.splitlines() == ["L = { ½r²   if |r| ≤ δ", "  δ(|r| − ½δ)   otherwise"]


def test_unparseable_latex_falls_back_to_the_source() -> None:
    assert render_math(r"\frac{1}{") == r"\frac{1}{"


def test_text_without_math_is_untouched_and_display_math_gets_its_own_line() -> None:
    assert render("no math, 50% off") == "no math, 50% off"
    assert render("loss $x^2$ here") == "loss x² here"
    assert render("see $$x^2$$ now") == "see \n  x²\n now"


def test_operator_names_keep_their_space_and_words_stay_whole() -> None:
    assert render_math(r"\log(\cosh(r))") == "log(cosh(r))"
    assert render_math(r"\log\cosh r") == "log cosh r"
    assert render_math(r"\max_k x") == "maxₖ x"


def test_a_scripted_symbol_needs_no_parentheses_as_a_denominator() -> None:
    assert render_math(r"\frac{\partial h_k}{\partial h_{k-1}}") == "∂hₖ/∂hₖ₋₁"
