"""Activation derivatives, the chain rule through a stack of layers, gradient clipping and the
batch-normalization forward pass.

A "list of gradients" is a list of array-likes of any shapes (one per parameter tensor); a single
array is also accepted and treated as one tensor. Norms are L2 norms over all elements.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

#: torch.nn.utils.clip_grad_norm_ divides by (total_norm + this) when computing the coefficient.
TORCH_CLIP_EPS = 1e-6
#: torch.nn.BatchNorm1d's default eps.
BATCH_NORM_EPS = 1e-5

Grads = ArrayLike | Sequence[ArrayLike]


def sigmoid(z: ArrayLike) -> np.ndarray | float:
    """The logistic sigmoid ``1/(1 + e^(−z))``, evaluated stably for large |z| (as
    scipy.special.expit / torch.sigmoid). Scalars in, float out."""
    x = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(x))
    out = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return float(out) if out.ndim == 0 else out


def sigmoid_grad(z: ArrayLike) -> np.ndarray | float:
    """Derivative of the sigmoid at the pre-activation z: ``σ(z)·(1 − σ(z))``; at most 0.25
    (at z = 0). Note the argument is z, not the activation σ(z)."""
    s = np.asarray(sigmoid(z))
    out = s * (1.0 - s)
    return float(out) if out.ndim == 0 else out


def tanh_grad(z: ArrayLike) -> np.ndarray | float:
    """Derivative of tanh at z: ``1 − tanh(z)²``; at most 1 (at z = 0)."""
    out = 1.0 - np.tanh(np.asarray(z, dtype=float)) ** 2
    return float(out) if out.ndim == 0 else out


def relu_grad(z: ArrayLike) -> np.ndarray | float:
    """Derivative of ReLU at z: 1 where z > 0, else 0 — including z = 0, as PyTorch's autograd
    (threshold_backward) uses."""
    out = (np.asarray(z, dtype=float) > 0).astype(float)
    return float(out) if out.ndim == 0 else out


_ACTIVATION_GRADS = {
    "sigmoid": sigmoid_grad,
    "tanh": tanh_grad,
    "relu": relu_grad,
    "identity": lambda z: np.ones_like(np.asarray(z, dtype=float)),
}


def local_grads(
    z: ArrayLike, w: ArrayLike | None = None, activation: str = "sigmoid"
) -> np.ndarray:
    """The local derivatives ``w_i·f'(z_i)`` of a chain of scalar layers ``a_i = f(w_i·a_{i−1} +
    b_i)`` with pre-activations ``z_i``; ``w`` defaults to all ones."""
    if activation not in _ACTIVATION_GRADS:
        raise ValueError(f"unknown activation {activation!r}")
    zz = np.atleast_1d(np.asarray(z, dtype=float))
    ww = np.ones_like(zz) if w is None else np.atleast_1d(np.asarray(w, dtype=float))
    if ww.shape != zz.shape:
        raise ValueError("z and w must have the same length")
    return ww * np.asarray(_ACTIVATION_GRADS[activation](zz))  # type: ignore[no-untyped-call]


def chain_grad(z: ArrayLike, w: ArrayLike | None = None, activation: str = "sigmoid") -> float:
    """∂a_n/∂a_0 through n scalar layers ``a_i = f(w_i·a_{i−1} + b_i)``: by the chain rule the
    product ``∏ w_i·f'(z_i)`` of the local derivatives (z_i the pre-activations, w defaults to
    ones). With sigmoid and |w_i| <= 1 it is at most 0.25ⁿ: the vanishing gradient."""
    return float(np.prod(local_grads(z, w, activation)))


def as_tensors(grads: Grads) -> tuple[list[np.ndarray], bool]:
    """The tensors of ``grads`` as float arrays, and whether ``grads`` was a single tensor (an
    array, or a flat list of numbers) rather than a list of tensors."""
    single = (
        isinstance(grads, np.ndarray)
        or not isinstance(grads, (list, tuple))
        or (len(grads) > 0 and all(np.isscalar(g) for g in grads))
    )
    if single:
        return [np.asarray(grads, dtype=float)], True
    return [np.asarray(g, dtype=float) for g in grads], False  # type: ignore[union-attr]


def _tensors(grads: Grads) -> list[np.ndarray]:
    return as_tensors(grads)[0]


def _like(grads: Grads, tensors: list[np.ndarray]) -> np.ndarray | list[np.ndarray]:
    return tensors[0] if as_tensors(grads)[1] else tensors


def global_norm(grads: Grads) -> float:
    """The global L2 norm of a list of tensors: ``sqrt(Σ_t ‖g_t‖²)`` — the total_norm of
    torch.nn.utils.clip_grad_norm_ (norm_type=2) and of tf.clip_by_global_norm."""
    return float(np.sqrt(sum(float(np.sum(g**2)) for g in _tensors(grads))))


def clip_by_value(grads: Grads, clip_value: float) -> np.ndarray | list[np.ndarray]:
    """Clip every element to ``[−clip_value, clip_value]`` independently (the direction of the
    gradient may change). Matches torch.nn.utils.clip_grad_value_ and Keras ``clipvalue``."""
    if clip_value < 0:
        raise ValueError("clip_value must be >= 0")
    return _like(grads, [np.clip(g, -clip_value, clip_value) for g in _tensors(grads)])


def clip_by_norm(grad: ArrayLike, max_norm: float) -> np.ndarray:
    """Rescale ONE tensor so its L2 norm is at most max_norm:
    ``g · max_norm / max(‖g‖, max_norm)`` (unchanged when ‖g‖ <= max_norm).

    Matches tf.clip_by_norm and Keras ``clipnorm`` (which applies it to each tensor separately).
    """
    if max_norm <= 0:
        raise ValueError("max_norm must be positive")
    g = np.array(grad, dtype=float)
    n = float(np.sqrt(np.sum(g**2)))
    return g if n <= max_norm else g * (max_norm / n)


def clip_coef(grads: Grads, max_norm: float) -> float:
    """The factor torch.nn.utils.clip_grad_norm_ multiplies every gradient by:
    ``min(1, max_norm / (total_norm + 1e-6))`` with total_norm the global L2 norm."""
    if max_norm <= 0:
        raise ValueError("max_norm must be positive")
    return min(1.0, max_norm / (global_norm(grads) + TORCH_CLIP_EPS))


def clip_by_global_norm(grads: Grads, max_norm: float) -> np.ndarray | list[np.ndarray]:
    """Scale ALL tensors by one common factor so the global norm is at most max_norm (direction
    preserved). Matches torch.nn.utils.clip_grad_norm_: ``clip_coef = max_norm / (total_norm +
    1e-6)``, clamped to 1. (tf.clip_by_global_norm uses ``max_norm / max(total_norm, max_norm)``,
    without the 1e-6; the results differ by about 1e-6 relative.)"""
    c = clip_coef(grads, max_norm)
    return _like(grads, [g * c for g in _tensors(grads)])


def batch_norm(
    x: ArrayLike, gamma: ArrayLike = 1.0, beta: ArrayLike = 0.0, eps: float = BATCH_NORM_EPS
) -> np.ndarray:
    """Batch-normalization forward pass in training mode over axis 0 (the batch):
    ``gamma·(x − mean)/sqrt(var + eps) + beta`` with the **biased** variance (divide by n), as
    torch.nn.functional.batch_norm(training=True) normalizes. A 1-D x is a batch of one feature.
    """
    a = np.asarray(x, dtype=float)
    mean = a.mean(axis=0)
    var = a.var(axis=0)
    return np.asarray(gamma, dtype=float) * (a - mean) / np.sqrt(var + eps) + np.asarray(
        beta, dtype=float
    )


# --- clipping over training steps, normalization layers, activations, init, schedules -------


def away_from_zero(values: ArrayLike, margin: float) -> np.ndarray:
    """Derived-input helper: each draw u becomes ``sign(u)·(margin + |u|)`` (0 counts as
    positive), so every entry has magnitude at least ``margin`` — no zero norms or zero inputs."""
    u = np.asarray(values, dtype=float)
    return np.where(u < 0, -1.0, 1.0) * (margin + np.abs(u))


def clip_coefs(first: Grads, second: Grads, max_norm: float) -> list[float]:
    """The clip coefficients of two successive ``torch.nn.utils.clip_grad_norm_(params,
    max_norm)`` calls, on the gradients ``first`` and then ``second``: each is
    ``min(1, max_norm / (total_norm + 1e-6))`` of its own step (see :func:`clip_coef`)."""
    return [clip_coef(first, max_norm), clip_coef(second, max_norm)]


#: torch.nn.BatchNorm1d's default momentum (weight of the new batch statistic).
BATCH_NORM_MOMENTUM = 0.1


def bn_running_stats(
    running_mean: float,
    running_var: float,
    x: ArrayLike,
    momentum: float = BATCH_NORM_MOMENTUM,
) -> list[float]:
    """One training-mode update of a BatchNorm feature's running statistics, PyTorch's
    convention (torch.nn.BatchNorm1d): ``new = (1 − momentum)·old + momentum·batch``, where the
    batch variance is the **unbiased** one (divide by n − 1) although the forward pass normalizes
    with the biased one. Returns ``[running_mean, running_var]``. (Keras writes the same update
    with ``momentum`` as the weight of the OLD value, default 0.99.)"""
    a = np.asarray(x, dtype=float).ravel()
    if a.size < 2:
        raise ValueError("the unbiased batch variance needs at least 2 values")
    mean = (1.0 - momentum) * running_mean + momentum * float(a.mean())
    var = (1.0 - momentum) * running_var + momentum * float(a.var(ddof=1))
    return [mean, var]


def layer_norm(
    x: ArrayLike, weight: ArrayLike = 1.0, bias: ArrayLike = 0.0, eps: float = BATCH_NORM_EPS
) -> np.ndarray:
    """LayerNorm over the last axis: ``weight·(x − mean)/sqrt(var + eps) + bias`` with the biased
    variance, as torch.nn.functional.layer_norm(x, (D,), weight, bias, eps=1e-5)."""
    a = np.asarray(x, dtype=float)
    mean = a.mean(axis=-1, keepdims=True)
    var = a.var(axis=-1, keepdims=True)
    w, b = np.asarray(weight, dtype=float), np.asarray(bias, dtype=float)
    return w * (a - mean) / np.sqrt(var + eps) + b


#: The RMSNorm eps of LLaMA-style models (torch's F.rms_norm defaults to the dtype's eps).
RMS_NORM_EPS = 1e-6


def rms_norm(x: ArrayLike, weight: ArrayLike = 1.0, eps: float = RMS_NORM_EPS) -> np.ndarray:
    """RMSNorm over the last axis: ``weight·x/sqrt(mean(x²) + eps)`` — no mean subtraction, no
    bias; as torch.nn.functional.rms_norm(x, (D,), weight, eps)."""
    a = np.asarray(x, dtype=float)
    rms = np.sqrt(np.mean(a**2, axis=-1, keepdims=True) + eps)
    return np.asarray(weight, dtype=float) * a / rms


def _std_normal_cdf(x: np.ndarray) -> np.ndarray:
    from math import erf, sqrt

    return 0.5 * (1.0 + np.vectorize(erf)(x / sqrt(2.0)))


def gelu(x: ArrayLike) -> np.ndarray | float:
    """GELU, exact form ``x·Φ(x)`` with Φ the standard normal CDF (via erf), as
    torch.nn.functional.gelu(x, approximate='none')."""
    a = np.asarray(x, dtype=float)
    out = a * _std_normal_cdf(a)
    return float(out) if out.ndim == 0 else out


def gelu_tanh(x: ArrayLike) -> np.ndarray | float:
    """GELU's tanh approximation ``0.5·x·(1 + tanh(sqrt(2/π)·(x + 0.044715·x³)))``, as
    torch.nn.functional.gelu(x, approximate='tanh') (the form of the original BERT/GPT-2 code)."""
    a = np.asarray(x, dtype=float)
    out = 0.5 * a * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (a + 0.044715 * a**3)))
    return float(out) if out.ndim == 0 else out


def silu(x: ArrayLike) -> np.ndarray | float:
    """SiLU (Swish with β = 1): ``x·σ(x)``, as torch.nn.functional.silu."""
    a = np.asarray(x, dtype=float)
    out = a * np.asarray(sigmoid(a))
    return float(out) if out.ndim == 0 else out


def silu_grad(x: ArrayLike) -> np.ndarray | float:
    """Derivative of SiLU by the product rule: ``σ(x) + x·σ(x)(1 − σ(x)) = σ(x)(1 + x(1 −
    σ(x)))``, as torch autograd of F.silu."""
    s = np.asarray(sigmoid(x), dtype=float)
    out = s * (1.0 + np.asarray(x, dtype=float) * (1.0 - s))
    return float(out) if out.ndim == 0 else out


def conv_fans(in_channels: int, out_channels: int, kernel_size: int) -> tuple[int, int]:
    """fan_in and fan_out of a Conv2d weight of shape (out, in, k, k), as
    torch.nn.init._calculate_fan_in_and_fan_out: each channel count times the receptive field
    k·k."""
    field = int(kernel_size) ** 2
    return int(in_channels) * field, int(out_channels) * field


def conv_init_stds(in_channels: int, out_channels: int, kernel_size: int) -> list[float]:
    """Standard deviations of torch.nn.init.kaiming_normal_(w, mode='fan_in',
    nonlinearity='relu') — ``sqrt(2/fan_in)`` — and of xavier_normal_(w) — ``sqrt(2/(fan_in +
    fan_out))`` — for a Conv2d weight of shape (out, in, k, k)."""
    fan_in, fan_out = conv_fans(in_channels, out_channels, kernel_size)
    return [float(np.sqrt(2.0 / fan_in)), float(np.sqrt(2.0 / (fan_in + fan_out)))]


def warmup_cosine_lr(
    step: ArrayLike, peak_lr: float, warmup_steps: int, total_steps: int
) -> np.ndarray | float:
    """Learning rate at ``step`` (0-based; a number or a list) of linear warm-up from 0 to
    ``peak_lr`` over ``warmup_steps``, then a half cosine down to 0 at ``total_steps`` — Hugging
    Face transformers' get_cosine_schedule_with_warmup (num_cycles = 0.5): ``peak·t/W`` for
    t < W, else ``peak·½(1 + cos(π·(t − W)/(T − W)))`` (never below 0)."""
    t = np.asarray(step, dtype=float)
    w, n = float(warmup_steps), float(total_steps)
    progress = (t - w) / max(1.0, n - w)
    decay = np.maximum(0.0, 0.5 * (1.0 + np.cos(np.pi * progress)))
    out = peak_lr * np.where(t < w, t / max(1.0, w), decay)
    return float(out) if out.ndim == 0 else out


def schedule_step(start: int, end: int, fraction: float) -> int:
    """Derived-input helper: the step ``start + round(fraction·(end − start))``, to place a
    question's step inside the warm-up (0 to W) or the decay (W to T)."""
    return int(start) + round(float(fraction) * (int(end) - int(start)))
