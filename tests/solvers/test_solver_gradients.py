"""solvers.gradients: hand-computed values, PyTorch reference values, clipping properties.

PyTorch figures were produced once by torch 2.13.0+cpu (float64): torch.sigmoid/tanh/relu with
autograd, a 3-layer scalar sigmoid chain differentiated with backward(),
torch.nn.utils.clip_grad_norm_ / clip_grad_value_ on Parameters with the given .grad, and
F.batch_norm(x, None, None, weight, bias, training=True, eps=1e-5).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from solvers import gradients as G


def test_activation_derivatives_by_hand() -> None:
    # σ(0) = ½ → σ'(0) = ¼; σ(ln 3) = ¾ → σ'(ln 3) = ¾·¼ = 3/16
    assert G.sigmoid(0.0) == 0.5
    assert G.sigmoid_grad(0.0) == 0.25
    assert G.sigmoid_grad(math.log(3)) == pytest.approx(3 / 16)
    # tanh'(0) = 1; tanh(ln 2) = 3/5 → 1 − 9/25 = 16/25
    assert G.tanh_grad(0.0) == 1.0
    assert G.tanh_grad(math.log(2)) == pytest.approx(16 / 25)
    # ReLU' is 0 at 0 (PyTorch convention)
    assert G.relu_grad([-1.0, 0.0, 2.0]).tolist() == [0.0, 0.0, 1.0]
    # stable far out: σ(−800) = 0, σ(800) = 1, no overflow warning
    with np.errstate(over="raise"):
        assert G.sigmoid([-800.0, 800.0]).tolist() == [0.0, 1.0]


def test_activations_match_torch() -> None:
    # torch.sigmoid(tensor([-2., 0., 3.])) and its autograd gradient
    np.testing.assert_allclose(
        G.sigmoid([-2.0, 0.0, 3.0]), [0.11920292202211755, 0.5, 0.9525741268224334], atol=1e-15
    )
    np.testing.assert_allclose(
        G.sigmoid_grad([-2.0, 0.0, 3.0]), [0.1049935854035065, 0.25, 0.045176659730912], atol=1e-15
    )
    # autograd of torch.tanh / torch.relu at [-1, 0, 2]
    np.testing.assert_allclose(
        G.tanh_grad([-1.0, 0.0, 2.0]), [0.41997434161402614, 1.0, 0.07065082485316443], atol=1e-15
    )
    np.testing.assert_allclose(G.relu_grad([-1.0, 0.0, 2.0]), [0.0, 0.0, 1.0])


def test_chain_grad_by_hand() -> None:
    # three sigmoid layers at z = 0, weights 2: (2·¼)³ = 1/8
    assert G.chain_grad([0.0, 0.0, 0.0], [2.0, 2.0, 2.0]) == pytest.approx(0.125)
    # without weights: ¼³
    assert G.chain_grad([0.0, 0.0, 0.0]) == pytest.approx(1 / 64)
    assert G.local_grads([0.0, math.log(3)], [1.0, 4.0]).tolist() == pytest.approx([0.25, 0.75])
    # tanh at 0 and ReLU at positive z pass the weight through unchanged
    assert G.chain_grad([0.0, 1.0], [3.0, 2.0], activation="tanh") == pytest.approx(
        3.0 * 2.0 * (1 - math.tanh(1.0) ** 2)
    )
    assert G.chain_grad([1.0, 2.0], [3.0, 2.0], activation="relu") == 6.0
    with pytest.raises(ValueError):
        G.chain_grad([0.0], activation="swish")


def test_chain_grad_matches_torch_autograd() -> None:
    # a0 = 0.5; aᵢ = σ(wᵢ·aᵢ₋₁ + bᵢ), w = [2, 1.5, 3], b = [0.1, −0.2, 0.3];
    # the forward pass gave these z, and a3.backward() gave ∂a3/∂a0
    z = [1.1, 0.9253901583926767, 2.4484173402507245]
    assert G.chain_grad(z, [2.0, 1.5, 3.0]) == pytest.approx(0.02510194552451409, abs=1e-15)


def test_norms_and_clipping_by_hand() -> None:
    grads = [[3.0, 4.0], [12.0]]
    # sqrt(9 + 16 + 144) = 13
    assert G.global_norm(grads) == 13.0
    assert G.global_norm([3.0, 4.0]) == 5.0  # one tensor
    # coefficient 1/(13 + 1e-6), clamped to 1 when max_norm is large
    assert G.clip_coef(grads, 1.0) == pytest.approx(1 / 13)
    assert G.clip_coef(grads, 20.0) == 1.0
    out = G.clip_by_global_norm(grads, 1.0)
    np.testing.assert_allclose(np.concatenate(out), [3 / 13, 4 / 13, 12 / 13], rtol=1e-6)
    # per tensor (tf.clip_by_norm): [3, 4] has norm 5 → [0.6, 0.8]; [12] → [1]
    assert G.clip_by_norm([3.0, 4.0], 1.0).tolist() == pytest.approx([0.6, 0.8])
    assert G.clip_by_norm([0.3, 0.4], 1.0).tolist() == [0.3, 0.4]
    assert G.clip_by_norm([0.0, 0.0], 1.0).tolist() == [0.0, 0.0]
    # by value: each entry to [−1, 1]
    assert G.clip_by_value([-2.1, 0.3, 5.0], 1.0).tolist() == [-1.0, 0.3, 1.0]
    assert [g.tolist() for g in G.clip_by_value(grads, 3.5)] == [[3.0, 3.5], [3.5]]


def test_clipping_matches_torch() -> None:
    # clip_grad_norm_([p1, p2], 1.0) with grads [3, 4] and [12]: total_norm 13.0
    out = G.clip_by_global_norm([[3.0, 4.0], [12.0]], 1.0)
    np.testing.assert_allclose(out[0], [0.23076921301775288, 0.3076922840236705], atol=1e-15)
    np.testing.assert_allclose(out[1], [0.9230768520710115], atol=1e-15)
    # max_norm = 13 = total_norm: torch still scales by 13/(13 + 1e-6)
    out = G.clip_by_global_norm([[3.0, 4.0], [12.0]], 13.0)
    np.testing.assert_allclose(out[0], [2.9999997692307874, 3.9999996923077163], atol=1e-15)
    np.testing.assert_allclose(out[1], [11.99999907692315], atol=1e-13)
    # max_norm = 20: unchanged
    assert [g.tolist() for g in G.clip_by_global_norm([[3.0, 4.0], [12.0]], 20.0)] == [
        [3.0, 4.0],
        [12.0],
    ]
    # clip_grad_value_([p], 1.0) with grad [-2.1, 0.3, 5.0]
    assert G.clip_by_value([-2.1, 0.3, 5.0], 1.0).tolist() == [-1.0, 0.3, 1.0]


def test_batch_norm_by_hand_and_torch() -> None:
    # x = [1, 2, 4, 7]: μ = 3.5, biased σ² = (6.25 + 2.25 + 0.25 + 12.25)/4 = 5.25
    x = [[1.0], [2.0], [4.0], [7.0]]
    y = G.batch_norm(x, 2.0, 0.5).ravel()
    by_hand = [2.0 * (v - 3.5) / math.sqrt(5.25 + 1e-5) + 0.5 for v in (1, 2, 4, 7)]
    assert y.tolist() == pytest.approx(by_hand)
    # F.batch_norm(x, None, None, weight=[2.], bias=[0.5], training=True, eps=1e-5)
    np.testing.assert_allclose(
        y,
        [-1.6821768240972714, -0.809306094458363, 0.9364353648194541, 3.5550475537361796],
        atol=1e-14,
    )
    # per feature over the batch axis
    two = G.batch_norm([[1.0, 10.0], [3.0, 30.0]])
    np.testing.assert_allclose(two, [[-1, -1], [1, 1]], atol=1e-5)


# --- properties ---------------------------------------------------------------------------------

tensor = arrays(
    float, st.integers(1, 5), elements=st.floats(-1e3, 1e3, allow_nan=False, allow_subnormal=False)
)
tensors = st.lists(tensor, min_size=1, max_size=4)


@settings(max_examples=80, deadline=None)
@given(tensors, st.floats(1e-3, 1e3))
def test_global_clipping_never_increases_norm_and_keeps_direction(grads, max_norm) -> None:
    before = G.global_norm(grads)
    out = G.clip_by_global_norm(grads, max_norm)
    after = G.global_norm(out)
    assert after <= before + 1e-9
    assert after <= max_norm * (1 + 1e-9) + 1e-12
    c = G.clip_coef(grads, max_norm)
    for g, o in zip(grads, out, strict=True):
        np.testing.assert_allclose(o, g * c)


@settings(max_examples=80, deadline=None)
@given(tensors, st.floats(1e-3, 1e3))
def test_small_gradients_are_left_alone(grads, max_norm) -> None:
    norm = G.global_norm(grads)
    assume(norm > 0)
    small = [g * (0.5 * max_norm / norm) for g in grads]  # global norm = max_norm / 2
    for g, o in zip(small, G.clip_by_global_norm(small, max_norm), strict=True):
        np.testing.assert_allclose(o, g, rtol=1e-5)
    for g in small:
        np.testing.assert_allclose(G.clip_by_norm(g, max_norm), g)
        np.testing.assert_array_equal(G.clip_by_value(g, max_norm), g)


@settings(max_examples=80, deadline=None)
@given(tensor, st.floats(1e-3, 1e3))
def test_per_tensor_and_value_clipping_never_increase_norm(g, c) -> None:
    n = float(np.linalg.norm(g))
    assert np.linalg.norm(G.clip_by_norm(g, c)) <= min(n, c) * (1 + 1e-9) + 1e-12
    clipped = G.clip_by_value(g, c)
    assert np.linalg.norm(clipped) <= n + 1e-9
    assert np.all(np.abs(clipped) <= c)


@settings(max_examples=50, deadline=None)
@given(arrays(float, st.integers(1, 6), elements=st.floats(-6, 6)))
def test_sigmoid_chain_bounded_by_quarter_power(z) -> None:
    assert 0 < G.chain_grad(z) <= 0.25 ** len(z) + 1e-15
