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


# --- deeper losses: PyTorch 2.13.0+cpu (float64) and scikit-learn references ------------------
# Torch figures produced once in a throwaway venv with torch.nn.functional on the same inputs;
# torchvision is not installed there, so focal loss was computed with the body of
# torchvision.ops.sigmoid_focal_loss (BCE-with-logits · (1 − p_t)^γ · α_t, then the mean).

FOCAL_Y = [1, 0, 0, 1]
FOCAL_P = [0.9, 0.3, 0.6, 0.05]


def test_focal_loss_by_hand_and_matches_torchvision_formula() -> None:
    # positive at p = 0.9: −0.25·0.1²·ln 0.9; negative at p = 0.3: −0.75·0.3²·ln 0.7
    first_two = -0.25 * 0.01 * math.log(0.9) - 0.75 * 0.09 * math.log(0.7)
    rest = -0.75 * 0.36 * math.log(0.4) - 0.25 * 0.95**2 * math.log(0.05)
    assert losses.focal_loss(FOCAL_Y, FOCAL_P) == pytest.approx((first_two + rest) / 4)
    assert losses.focal_loss(FOCAL_Y, FOCAL_P, 2.0, 0.25) == pytest.approx(
        0.23691238795791247, abs=1e-12
    )
    assert losses.focal_loss(FOCAL_Y, FOCAL_P, 2.0, -1) == pytest.approx(
        0.7666668476170592, abs=1e-12
    )
    # γ = 0 without α is binary cross-entropy (torch: 1.0935146162561762)
    assert losses.focal_loss(FOCAL_Y, FOCAL_P, 0.0, -1) == pytest.approx(
        losses.binary_cross_entropy(FOCAL_Y, FOCAL_P), abs=1e-12
    )
    with pytest.raises(ValueError):
        losses.focal_loss([1], [1.0])


def test_focal_loss_never_exceeds_weighted_cross_entropy() -> None:
    rng = np.random.default_rng(0)
    for _ in range(50):
        y = rng.integers(0, 2, 6)
        p = rng.uniform(0.01, 0.99, 6)
        assert losses.focal_loss(y, p, 2.0, -1) <= losses.focal_loss(y, p, 0.0, -1)


def test_label_smoothing_matches_torch() -> None:
    z = [[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]]
    # F.cross_entropy(z, tensor([0, 2]), label_smoothing=ε)
    assert losses.label_smoothing_cross_entropy([0, 2], z, 0.1) == pytest.approx(
        2.0001041117000606, abs=1e-12
    )
    assert losses.label_smoothing_cross_entropy([0, 2], z, 0.3) == pytest.approx(
        1.9301041117000608, abs=1e-12
    )
    assert losses.label_smoothing_cross_entropy([0, 2], z, 0.0) == pytest.approx(
        losses.softmax_cross_entropy([0, 2], z)
    )


def test_kl_entropy_cross_entropy_match_scipy_and_torch() -> None:
    from scipy.stats import entropy as scipy_entropy

    p, q = [0.5, 0.3, 0.2], [0.2, 0.5, 0.3]
    # F.kl_div(q.log(), p, reduction="sum") = 0.2238046571856474
    assert losses.kl_divergence(p, q) == pytest.approx(0.2238046571856474, abs=1e-12)
    assert losses.kl_divergence(p, q) == pytest.approx(scipy_entropy(p, q), abs=1e-12)
    assert losses.entropy(p) == pytest.approx(scipy_entropy(p), abs=1e-12)
    assert losses.cross_entropy_dist(p, q) == pytest.approx(
        -sum(a * math.log(b) for a, b in zip(p, q, strict=True))
    )
    # asymmetric; zero only for equal distributions; p = 0 terms vanish; q = 0 < p is infinite
    assert losses.kl_divergence(q, p) != pytest.approx(losses.kl_divergence(p, q))
    assert losses.kl_divergence(p, p) == 0.0
    assert losses.kl_divergence([0.0, 1.0], [0.5, 0.5]) == pytest.approx(math.log(2))
    assert losses.kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf
    with pytest.raises(ValueError):
        losses.kl_divergence([0.5, 0.6], [0.5, 0.5])


def test_triplet_margin_loss_matches_torch() -> None:
    a, pos, neg = [[0.0, 1.0], [1.0, 2.0]], [[0.5, 1.0], [1.5, 1.0]], [[1.0, 0.5], [0.0, 2.5]]
    # F.triplet_margin_loss(a, p, n, margin=1.0) and margin=0.2 (the first triplet clamps at 0)
    assert losses.triplet_margin_loss(a, pos, neg, 1.0) == pytest.approx(
        0.6909827292319479, abs=1e-12
    )
    assert losses.triplet_margin_loss(a, pos, neg, 0.2) == pytest.approx(0.1, abs=1e-12)
    # by hand, ignoring the 1e-6: d(a,p) = 0.5, d(a,n) = √1.25 → 0.5 − 1.118 + 1 = 0.382
    assert losses.triplet_margin_loss([0.0, 1.0], [0.5, 1.0], [1.0, 0.5], 1.0) == pytest.approx(
        1.5 - math.sqrt(1.25), abs=1e-5
    )


def test_info_nce_matches_torch_cross_entropy() -> None:
    s = [[0.9, 0.1, -0.2], [0.3, 0.8, 0.4], [-0.1, 0.5, 0.7]]
    # F.cross_entropy(S / τ, arange(3)) for τ = 0.1 and 0.5
    assert losses.info_nce(s, 0.1) == pytest.approx(0.050773478124539494, abs=1e-12)
    assert losses.info_nce(s, 0.5) == pytest.approx(0.4988367919521437, abs=1e-12)
    # uniform similarities give ln n
    assert losses.info_nce(np.zeros((4, 4)), 0.1) == pytest.approx(math.log(4))
    with pytest.raises(ValueError):
        losses.info_nce([[1.0, 0.0]], 0.1)


def test_dice_and_iou_match_sklearn_on_hard_masks() -> None:
    from sklearn.metrics import f1_score, jaccard_score

    rng = np.random.default_rng(1)
    for _ in range(20):
        y = rng.integers(0, 2, 12)
        pred = rng.integers(0, 2, 12)
        if y.sum() + pred.sum() == 0:
            continue
        assert 1 - losses.dice_loss(y, pred) == pytest.approx(f1_score(y, pred))
        assert losses.iou(y, pred) == pytest.approx(jaccard_score(y, pred))
        # Dice = 2·IoU / (1 + IoU)
        j = losses.iou(y, pred)
        assert 1 - losses.dice_loss(y, pred) == pytest.approx(2 * j / (1 + j))
    # soft Dice by hand: Σpy = 0.9 + 0.6 = 1.5, Σp = 2.0, Σy = 2 → 1 − 3/4
    assert losses.dice_loss([1, 1, 0, 0], [0.9, 0.6, 0.3, 0.2]) == pytest.approx(0.25)


def test_perplexity_is_exp_of_cross_entropy_as_torch() -> None:
    logits = np.array([[1.0, 2.0, 0.5], [0.2, 0.1, 3.0], [1.5, -1.0, 0.0]])
    targets = [1, 2, 0]
    p_true = losses.softmax(logits)[np.arange(3), targets]
    # torch.exp(F.cross_entropy(logits, tensor([1, 2, 0]))) = 1.3232789588353504
    assert losses.perplexity(p_true) == pytest.approx(1.3232789588353504, abs=1e-12)
    assert losses.perplexity([0.25] * 5) == pytest.approx(4.0)


def test_brier_score_matches_sklearn() -> None:
    from sklearn.metrics import brier_score_loss

    rng = np.random.default_rng(2)
    for _ in range(20):
        y = rng.integers(0, 2, 8)
        p = rng.uniform(0, 1, 8)
        assert losses.brier_score(y, p) == pytest.approx(brier_score_loss(y, p), abs=1e-12)


def test_ece_matches_sklearn_calibration_curve_bins() -> None:
    from sklearn.calibration import calibration_curve

    rng = np.random.default_rng(3)
    for n_bins in (2, 4, 5, 10):
        for _ in range(10):
            y = rng.integers(0, 2, 16)
            p = np.round(rng.uniform(0, 1, 16), 2)
            p[:2] = [0.25, 0.5]  # values on bin edges go to the lower bin, as in sklearn
            prob_true, prob_pred = calibration_curve(y, p, n_bins=n_bins, strategy="uniform")
            ids = np.searchsorted(np.linspace(0, 1, n_bins + 1)[1:-1], p)
            counts = np.bincount(ids, minlength=n_bins)
            weights = counts[counts > 0] / p.size
            expected = float(np.sum(weights * np.abs(prob_true - prob_pred)))
            assert losses.expected_calibration_error(y, p, n_bins) == pytest.approx(expected)
    # a perfectly calibrated toy case: bin (0.5, 0.75] holds p = 0.6 ×5 with 3 positives
    assert losses.expected_calibration_error([1, 1, 1, 0, 0], [0.6] * 5, 4) == pytest.approx(0.0)


def test_poisson_and_tweedie_deviance_match_sklearn() -> None:
    from sklearn.metrics import mean_poisson_deviance, mean_tweedie_deviance

    rng = np.random.default_rng(4)
    for _ in range(20):
        y = rng.integers(0, 6, 7).astype(float)
        mu = rng.uniform(0.2, 5, 7)
        assert losses.poisson_deviance(y, mu) == pytest.approx(mean_poisson_deviance(y, mu))
        for power in (0.0, 1.0, 1.5):
            assert losses.tweedie_deviance(y, mu, power) == pytest.approx(
                mean_tweedie_deviance(y, mu, power=power)
            )
        yp = y + 0.5
        for power in (2.0, 3.0):
            assert losses.tweedie_deviance(yp, mu, power) == pytest.approx(
                mean_tweedie_deviance(yp, mu, power=power)
            )
    # F.poisson_nll_loss(mu, y, log_input=False, full=False) = 0.27536835422115524 (eps 1e-8)
    assert losses.poisson_nll([2.0, 0.0, 4.0, 1.0], [1.5, 0.5, 3.0, 2.0]) == pytest.approx(
        0.27536835422115524, abs=1e-7
    )


def test_epsilon_insensitive_matches_sklearn_sgd_loss() -> None:
    sgd_fast = pytest.importorskip("sklearn.linear_model._sgd_fast")  # private; may move
    y, pred = [1.0, -2.0, 0.5, 3.0], [1.3, 0.5, 0.0, -1.0]
    for eps in (0.0, 0.1, 0.5, 1.0):
        loss = sgd_fast.EpsilonInsensitive(eps)
        expected = np.mean([loss.py_loss(p, t) for p, t in zip(pred, y, strict=True)])
        assert losses.epsilon_insensitive(y, pred, eps) == pytest.approx(expected)
    # r = [0.3, 2.5, −0.5, −4]; ε = 0.5 → [0, 2, 0, 3.5] / 4
    assert losses.epsilon_insensitive(y, pred, 0.5) == pytest.approx(1.375)
