"""solvers.losses: hand-computed values, PyTorch reference values, properties.

The PyTorch figures below were produced once by torch 2.13.0+cpu (float64) with the script
described in each test (torch.nn.functional.* on the same inputs, gradients by autograd
``loss.backward()``); torch is not a dependency, the values are recorded here.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from solvers import losses

# r = ŷ − y = [0.5, 2.5, −0.5, −4.0]
Y_TRUE = [1.0, -2.0, 0.5, 3.0]
Y_PRED = [1.5, 0.5, 0.0, -1.0]


def test_residuals_are_prediction_minus_target() -> None:
    assert losses.residuals(Y_TRUE, Y_PRED).tolist() == [0.5, 2.5, -0.5, -4.0]


def test_mse_by_hand() -> None:
    # (0.25 + 6.25 + 0.25 + 16) / 4 = 22.75 / 4
    assert losses.mse(Y_TRUE, Y_PRED) == pytest.approx(5.6875)


def test_mae_by_hand() -> None:
    # (0.5 + 2.5 + 0.5 + 4) / 4
    assert losses.mae(Y_TRUE, Y_PRED) == pytest.approx(1.875)


def test_huber_by_hand_mixed_branches() -> None:
    # δ = 1: ½·0.25 = 0.125 | 1·(2.5 − 0.5) = 2 | 0.125 | 1·(4 − 0.5) = 3.5 → 5.75 / 4
    assert losses.huber(Y_TRUE, Y_PRED, 1.0) == pytest.approx(1.4375)
    # δ = 2: 0.125 | 2·(2.5 − 1) = 3 | 0.125 | 2·(4 − 1) = 6 → 9.25 / 4
    assert losses.huber(Y_TRUE, Y_PRED, 2.0) == pytest.approx(2.3125)
    assert losses.huber_terms(Y_TRUE, Y_PRED, 1.0).tolist() == [0.125, 2.0, 0.125, 3.5]


def test_smooth_l1_by_hand() -> None:
    # β = 2: ½·0.25/2 = 0.0625 | 2.5 − 1 = 1.5 | 0.0625 | 4 − 1 = 3 → 4.625 / 4
    assert losses.smooth_l1(Y_TRUE, Y_PRED, 2.0) == pytest.approx(1.15625)
    # β = 0 is the L1 loss
    assert losses.smooth_l1(Y_TRUE, Y_PRED, 0.0) == pytest.approx(1.875)
    # smooth L1 = Huber(δ = β) / β
    assert losses.smooth_l1(Y_TRUE, Y_PRED, 2.0) == pytest.approx(
        losses.huber(Y_TRUE, Y_PRED, 2.0) / 2.0
    )


def test_log_cosh_by_hand_and_stable() -> None:
    # mean(log cosh r) with cosh(0.5) = 1.127626, cosh(2.5) = 6.132289, cosh(4) = 27.308233
    expected = (
        2 * math.log(math.cosh(0.5)) + math.log(math.cosh(2.5)) + math.log(math.cosh(4.0))
    ) / 4
    assert losses.log_cosh(Y_TRUE, Y_PRED) == pytest.approx(expected)
    # log cosh(1000) = 1000 − log 2 (cosh itself overflows)
    assert losses.log_cosh([0.0], [1000.0]) == pytest.approx(1000 - math.log(2))


def test_bce_by_hand_with_torch_clamp() -> None:
    # −ln 0.9 − ln 0.8 − ln 0.4 − ln 1 + 100 (log 0 clamped to −100), over 5
    y, p = [1, 0, 1, 0, 0], [0.9, 0.2, 0.4, 0.0, 1.0]
    by_hand = (-math.log(0.9) - math.log(0.8) - math.log(0.4) + 0 + 100) / 5
    assert losses.binary_cross_entropy(y, p) == pytest.approx(by_hand)
    with pytest.raises(ValueError):
        losses.binary_cross_entropy([1], [1.2])


def test_categorical_cross_entropy_by_hand() -> None:
    # −(ln 0.7 + ln 0.6) / 2
    value = losses.categorical_cross_entropy(
        [[1, 0, 0], [0, 1, 0]], [[0.7, 0.2, 0.1], [0.1, 0.6, 0.3]]
    )
    assert value == pytest.approx(-(math.log(0.7) + math.log(0.6)) / 2)
    # rows are renormalized (Keras): [2, 1, 1] → [0.5, 0.25, 0.25]
    assert losses.categorical_cross_entropy([1, 0, 0], [2, 1, 1]) == pytest.approx(math.log(2))


def test_softmax_and_log_softmax_by_hand() -> None:
    # softmax([0, ln 3]) = [1/4, 3/4]
    assert losses.softmax([0.0, math.log(3)]).tolist() == pytest.approx([0.25, 0.75])
    assert losses.log_softmax([0.0, math.log(3)]).tolist() == pytest.approx(
        [math.log(0.25), math.log(0.75)]
    )
    # stable for huge logits
    assert losses.softmax([1000.0, 0.0]).tolist() == pytest.approx([1.0, 0.0])
    assert losses.log_softmax([1000.0, 0.0]).tolist() == pytest.approx([0.0, -1000.0])


def test_softmax_cross_entropy_by_hand() -> None:
    # one example, logits [0, ln 3], label 1: −ln(3/4)
    assert losses.softmax_cross_entropy(1, [0.0, math.log(3)]) == pytest.approx(-math.log(0.75))
    # batch of 2: label 0 of [0, ln 3] → −ln(1/4); label 1 → −ln(3/4); mean
    value = losses.softmax_cross_entropy([0, 1], [[0.0, math.log(3)], [0.0, math.log(3)]])
    assert value == pytest.approx((math.log(4) - math.log(0.75)) / 2)
    with pytest.raises(ValueError):
        losses.softmax_cross_entropy([3], [[0.0, 1.0]])
    with pytest.raises(ValueError):
        losses.softmax_cross_entropy([0.5], [[0.0, 1.0]])


def test_gradients_by_hand() -> None:
    # 2r/n = 2·[0.5, 2.5, −0.5, −4]/4
    assert losses.mse_grad(Y_TRUE, Y_PRED).tolist() == [0.25, 1.25, -0.25, -2.0]
    # sign(r)/n
    assert losses.mae_grad(Y_TRUE, Y_PRED).tolist() == [0.25, 0.25, -0.25, -0.25]
    assert losses.mae_grad([1.0], [1.0]).tolist() == [0.0]
    # clip(r, −1, 1)/4 = [0.5, 1, −0.5, −1]/4
    assert losses.huber_grad(Y_TRUE, Y_PRED, 1.0).tolist() == [0.125, 0.25, -0.125, -0.25]
    # softmax − onehot: softmax([0, ln 3]) = [¼, ¾], label 1 → [¼, −¼]
    assert losses.softmax_cross_entropy_grad(1, [0.0, math.log(3)]).tolist() == pytest.approx(
        [0.25, -0.25]
    )


# --- PyTorch 2.13 reference values ------------------------------------------------------------
# Produced by: F.mse_loss / F.l1_loss / F.huber_loss(delta) / F.smooth_l1_loss(beta) on
# yp = tensor(Y_PRED, requires_grad=True), yt = tensor(Y_TRUE); loss.backward(); yp.grad.

TORCH_LOSSES = [
    ("mse", {}, 5.6875, [0.25, 1.25, -0.25, -2.0]),
    ("mae", {}, 1.875, [0.25, 0.25, -0.25, -0.25]),
    ("huber", {"delta": 1.0}, 1.4375, [0.125, 0.25, -0.125, -0.25]),
    ("huber", {"delta": 2.0}, 2.3125, [0.125, 0.5, -0.125, -0.5]),
]


@pytest.mark.parametrize(("name", "kw", "loss", "grad"), TORCH_LOSSES)
def test_losses_match_torch(name: str, kw: dict, loss: float, grad: list[float]) -> None:
    assert getattr(losses, name)(Y_TRUE, Y_PRED, **kw) == pytest.approx(loss, abs=1e-12)
    assert getattr(losses, f"{name}_grad")(Y_TRUE, Y_PRED, **kw).tolist() == pytest.approx(
        grad, abs=1e-12
    )


def test_smooth_l1_and_log_cosh_match_torch() -> None:
    # F.smooth_l1_loss(yp, yt, beta=2.0) = 1.15625, beta=0.0 → 1.875;
    # torch.log(torch.cosh(yp − yt)).mean() = 1.3402463519146695
    assert losses.smooth_l1(Y_TRUE, Y_PRED, 2.0) == pytest.approx(1.15625, abs=1e-12)
    assert losses.smooth_l1(Y_TRUE, Y_PRED, 0.0) == pytest.approx(1.875, abs=1e-12)
    assert losses.log_cosh(Y_TRUE, Y_PRED) == pytest.approx(1.3402463519146695, abs=1e-12)


def test_bce_matches_torch() -> None:
    # F.binary_cross_entropy(tensor([0.9, 0.2, 0.4, 0.0, 1.0]), tensor([1., 0., 1., 0., 0.]))
    value = losses.binary_cross_entropy([1, 0, 1, 0, 0], [0.9, 0.2, 0.4, 0.0, 1.0])
    assert value == pytest.approx(20.248958959769237, abs=1e-12)


LOGITS = [[2.0, 1.0, 0.1], [0.5, 2.5, -1.0], [1000.0, 0.0, -1000.0]]
LABELS = [0, 2, 1]


def test_softmax_cross_entropy_matches_torch() -> None:
    # F.cross_entropy(logits, tensor([0, 2, 1])) and logits.grad after backward()
    assert losses.softmax_cross_entropy(LABELS, LOGITS) == pytest.approx(
        334.6900694078001, abs=1e-9
    )
    grad = losses.softmax_cross_entropy_grad(LABELS, LOGITS)
    torch_grad = [
        [-0.1136662870380107, 0.08081099023490462, 0.03285529680310606],
        [0.03870484489138038, 0.28599227020281903, -0.32469711509419946],
        [0.3333333333333333, -0.3333333333333333, 0.0],
    ]
    np.testing.assert_allclose(grad, torch_grad, atol=1e-12)
    # torch.softmax / torch.log_softmax of the same logits
    np.testing.assert_allclose(
        losses.softmax(LOGITS)[1],
        [0.11611453467414115, 0.8579768106084571, 0.025908654717401523],
        atol=1e-12,
    )
    np.testing.assert_allclose(losses.log_softmax(LOGITS)[2], [0.0, -1000.0, -2000.0], atol=1e-9)


def test_categorical_cross_entropy_matches_torch_nll() -> None:
    # F.nll_loss(torch.log(probs), tensor([0, 1]))
    value = losses.categorical_cross_entropy(
        [[1, 0, 0], [0, 1, 0]], [[0.7, 0.2, 0.1], [0.1, 0.6, 0.3]]
    )
    assert value == pytest.approx(0.4337502838523616, abs=1e-12)


# --- properties ---------------------------------------------------------------------------------

finite = st.floats(-50, 50, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    arrays(float, st.integers(1, 8), elements=finite),
    st.floats(0.1, 5),
    st.randoms(use_true_random=False),
)
def test_huber_is_half_mse_within_delta(y: np.ndarray, delta: float, rnd) -> None:
    r = np.array([rnd.uniform(-delta, delta) for _ in y])
    assert losses.huber(y, y + r, delta) == pytest.approx(
        0.5 * losses.mse(y, y + r), rel=1e-9, abs=1e-12
    )


@settings(max_examples=60, deadline=None)
@given(
    arrays(float, st.integers(1, 8), elements=finite),
    arrays(float, 8, elements=finite),
    st.floats(0.1, 5),
)
def test_huber_between_bounds_and_grad_bounded(y: np.ndarray, p: np.ndarray, delta: float) -> None:
    p = p[: len(y)]
    h = losses.huber(y, p, delta)
    assert 0 <= h <= 0.5 * losses.mse(y, p) + 1e-9
    assert h <= delta * losses.mae(y, p) + 1e-9
    assert np.all(np.abs(losses.huber_grad(y, p, delta)) <= delta / len(y) + 1e-12)


@settings(max_examples=60, deadline=None)
@given(arrays(float, (3, 4), elements=finite), st.lists(st.integers(0, 3), min_size=3, max_size=3))
def test_cross_entropy_is_shift_invariant_and_gradient_rows_sum_to_zero(
    z: np.ndarray, labels: list[int]
) -> None:
    base = losses.softmax_cross_entropy(labels, z)
    assert losses.softmax_cross_entropy(labels, z + 123.0) == pytest.approx(base, abs=1e-9)
    assert np.allclose(losses.softmax_cross_entropy_grad(labels, z).sum(axis=1), 0, atol=1e-12)
    assert base >= 0


@settings(max_examples=40, deadline=None)
@given(arrays(float, 5, elements=finite), arrays(float, 5, elements=finite))
def test_mse_gradient_matches_finite_differences(y: np.ndarray, p: np.ndarray) -> None:
    g = losses.mse_grad(y, p)
    h = 1e-6
    for i in range(5):
        e = np.zeros(5)
        e[i] = h
        numeric = (losses.mse(y, p + e) - losses.mse(y, p - e)) / (2 * h)
        assert numeric == pytest.approx(g[i], abs=1e-4)
