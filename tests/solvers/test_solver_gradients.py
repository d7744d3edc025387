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


# --- normalization layers, activations, init, schedules -------------------------------------
# PyTorch figures below: torch 2.13.0+cpu, float64, computed once in a throwaway venv.


def test_clip_coefs_of_two_steps() -> None:
    # step 1 norm 13 → 1/13; step 2 norm 0.5 ≤ 1 → clamped to 1
    assert G.clip_coefs([[3.0, 4.0], [12.0]], [[0.3, 0.4]], 1.0) == pytest.approx([1 / 13, 1.0])
    assert G.away_from_zero([-0.2, 0.0, 1.5], 1.0).tolist() == [-1.2, 1.0, 2.5]


def test_bn_running_stats_match_torch_batchnorm1d() -> None:
    # BatchNorm1d(1, momentum=0.1), running_mean 0.3, running_var 1.2, one training-mode
    # forward of x = [2.5, 3.1, 4.8, 5.6]; mean 4, unbiased var 6.26/3
    out = G.bn_running_stats(0.3, 1.2, [2.5, 3.1, 4.8, 5.6], 0.1)
    assert out == pytest.approx([0.6699999999999999, 1.2886666666666666], abs=1e-15)
    assert out[1] == pytest.approx(0.9 * 1.2 + 0.1 * (6.26 / 3))
    with pytest.raises(ValueError):
        G.bn_running_stats(0.0, 1.0, [1.0], 0.1)


def test_layer_norm_and_rms_norm_match_torch() -> None:
    # F.layer_norm(x, (4,), weight, bias, eps=1e-5)
    ln = G.layer_norm([0.7, 2.3, 4.1, 1.5], [1.5, 0.5, 2.0, 1.0], [0.1, -0.3, 0.0, 0.8])
    torch_ln = [-1.626239406572339, -0.24047450322164352, 3.0953258324745385, 0.28411236125424366]
    np.testing.assert_allclose(ln, torch_ln, atol=1e-13)
    # F.rms_norm(x, (4,), weight, eps=1e-6)
    rms = G.rms_norm([-0.8, 2.5, 3.1, 1.2], [1.0, 0.5, 2.0, 1.5], 1e-6)
    torch_rms = [-0.377753689606902, 0.5902401400107843, 2.92759109445349, 0.8499458016155295]
    np.testing.assert_allclose(rms, torch_rms, atol=1e-13)
    # by hand: RMSNorm of [3, 4] has RMS sqrt(12.5); LayerNorm of a row is zero-mean
    np.testing.assert_allclose(G.rms_norm([3.0, 4.0], eps=0.0), [3 / 12.5**0.5, 4 / 12.5**0.5])
    assert np.mean(G.layer_norm([[1.0, 5.0, 9.0]])) == pytest.approx(0.0, abs=1e-12)


def test_gelu_and_silu_match_torch() -> None:
    # F.gelu (approximate='none' and 'tanh') at [-1.7, 0.4, 2.3]
    np.testing.assert_allclose(
        G.gelu([-1.7, 0.4, 2.3]),
        [-0.0757612866895232, 0.2621686966441297, 2.2753345469501456],
        atol=1e-14,
    )
    np.testing.assert_allclose(
        G.gelu_tanh([-1.7, 0.4, 2.3]),
        [-0.07589410444884379, 0.2621611694273562, 2.2756729702040808],
        atol=1e-14,
    )
    # F.silu and its autograd gradient at [-2.1, 0.6, 3.0]
    np.testing.assert_allclose(
        G.silu([-2.1, 0.6, 3.0]),
        [-0.22910332451078713, 0.3873937837354772, 2.8577223804672998],
        atol=1e-14,
    )
    np.testing.assert_allclose(
        G.silu_grad([-2.1, 0.6, 3.0]),
        [-0.0950120588857004, 0.7829268504997898, 1.0881041060151693],
        atol=1e-14,
    )
    assert G.gelu(0.0) == 0.0 and G.silu_grad(0.0) == 0.5


def test_conv_init_stds_match_torch_init() -> None:
    # torch.nn.init._calculate_fan_in_and_fan_out on a (64, 32, 3, 3) weight: 288, 576;
    # kaiming_normal_(nonlinearity='relu') std = calculate_gain('relu')/sqrt(288) = 1/12
    assert G.conv_fans(32, 64, 3) == (288, 576)
    he, xavier = G.conv_init_stds(32, 64, 3)
    assert he == pytest.approx(0.08333333333333334, abs=1e-15)
    assert xavier == pytest.approx(0.048112522432468816, abs=1e-15)
    # sample std of kaiming_normal_ / xavier_normal_ on a (256, 128, 5, 5) tensor (seed 0):
    # 0.024975 and 0.014439, i.e. the formulas within 0.2 %
    he5, xavier5 = G.conv_init_stds(128, 256, 5)
    assert he5 == pytest.approx(0.024974905061169027, rel=2e-3)
    assert xavier5 == pytest.approx(0.014438979712996357, rel=2e-3)


def test_warmup_cosine_matches_torch_lambdalr() -> None:
    # torch.optim.lr_scheduler.LambdaLR(SGD(lr=1e-3), transformers' cosine-with-warmup lambda,
    # W = 1000, T = 20000), read at steps 0, 250, 1000, 5750, 14300
    got = G.warmup_cosine_lr([0, 250, 1000, 5750, 14300], 1e-3, 1000, 20000)
    torch_lr = [0.0, 0.00025, 0.001, 0.0008535533905932737, 0.00020610737385376348]
    np.testing.assert_allclose(got, torch_lr, rtol=1e-12, atol=1e-18)
    assert G.warmup_cosine_lr(20000, 1e-3, 1000, 20000) == pytest.approx(0.0, abs=1e-18)
    assert G.schedule_step(1000, 20000, 0.25) == 5750
    assert G.schedule_step(0, 1000, 0.25) == 250
