"""Loss functions and their gradients with respect to the prediction.

Conventions shared by every function here unless its docstring says otherwise:

- inputs are array-likes of the same shape; the residual is ``r = y_pred - y_true``;
- the reduction is the **mean over all elements** (PyTorch ``reduction="mean"``, Keras
  ``SUM_OVER_BATCH_SIZE`` for 1-D targets, scikit-learn ``mean_squared_error``);
- gradients are of that mean, so they carry the ``1/n`` factor;
- results are Python floats (losses) or float arrays (gradients).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

#: PyTorch's binary_cross_entropy clamps each log term at this value (so BCE stays finite at 0/1).
BCE_LOG_CLAMP = -100.0
#: Keras' categorical_crossentropy clips probabilities to [EPSILON, 1 - EPSILON].
KERAS_EPSILON = 1e-7


def _pair(y_true: ArrayLike, y_pred: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    t = np.asarray(y_true, dtype=float)
    p = np.asarray(y_pred, dtype=float)
    if t.shape != p.shape:
        raise ValueError(f"shapes differ: y_true {t.shape} vs y_pred {p.shape}")
    if t.size == 0:
        raise ValueError("empty input")
    return t, p


def residuals(y_true: ArrayLike, y_pred: ArrayLike) -> np.ndarray:
    """The residuals ``y_pred - y_true`` (prediction minus target, the sign PyTorch's losses
    differentiate with respect to)."""
    t, p = _pair(y_true, y_pred)
    return p - t


def mse(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Mean squared error: ``mean((y_pred - y_true)**2)``.

    Matches torch.nn.functional.mse_loss (reduction="mean"), sklearn.metrics.mean_squared_error
    and keras.losses.MeanSquaredError for 1-D targets.
    """
    r = residuals(y_true, y_pred)
    return float(np.mean(r**2))


def mae(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Mean absolute error: ``mean(|y_pred - y_true|)``.

    Matches torch.nn.functional.l1_loss (reduction="mean") and
    sklearn.metrics.mean_absolute_error.
    """
    r = residuals(y_true, y_pred)
    return float(np.mean(np.abs(r)))


def huber_terms(y_true: ArrayLike, y_pred: ArrayLike, delta: float = 1.0) -> np.ndarray:
    """Per-element Huber loss: ``½r²`` where ``|r| <= delta``, else ``delta·(|r| − ½·delta)``.

    The two branches agree at ``|r| = delta``, so PyTorch's strict ``|r| < delta`` gives the same
    values.
    """
    if delta <= 0:
        raise ValueError("delta must be positive")
    a = np.abs(residuals(y_true, y_pred))
    return np.where(a <= delta, 0.5 * a**2, delta * (a - 0.5 * delta))


def huber(y_true: ArrayLike, y_pred: ArrayLike, delta: float = 1.0) -> float:
    """Huber loss, mean over elements: quadratic ``½r²`` for ``|r| <= delta``, linear
    ``delta·(|r| − ½·delta)`` beyond.

    Matches torch.nn.functional.huber_loss(reduction="mean", delta=delta) and
    keras.losses.Huber(delta). For ``|r| <= delta`` it equals half the squared error.
    """
    return float(np.mean(huber_terms(y_true, y_pred, delta)))


def smooth_l1(y_true: ArrayLike, y_pred: ArrayLike, beta: float = 1.0) -> float:
    """Smooth L1 loss, mean over elements: ``½r²/beta`` for ``|r| < beta``, ``|r| − ½·beta``
    beyond; ``beta = 0`` is the plain L1 loss.

    Matches torch.nn.functional.smooth_l1_loss(reduction="mean", beta=beta). It is the Huber loss
    divided by beta (with ``delta = beta``); the two coincide only for ``beta = 1``.
    """
    if beta < 0:
        raise ValueError("beta must be >= 0")
    a = np.abs(residuals(y_true, y_pred))
    if beta == 0:
        return float(np.mean(a))
    return float(np.mean(np.where(a < beta, 0.5 * a**2 / beta, a - 0.5 * beta)))


def log_cosh(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Log-cosh loss, mean over elements: ``mean(log(cosh(r)))``.

    Computed stably as ``|r| + log1p(exp(−2|r|)) − log 2`` (no overflow for large residuals), as
    keras.losses.LogCosh does.
    """
    a = np.abs(residuals(y_true, y_pred))
    return float(np.mean(a + np.log1p(np.exp(-2.0 * a)) - np.log(2.0)))


def binary_cross_entropy(y_true: ArrayLike, p: ArrayLike) -> float:
    """Binary cross-entropy of probabilities ``p`` against targets in [0, 1], mean over elements:
    ``−mean(y·log p + (1−y)·log(1−p))``.

    Like torch.nn.functional.binary_cross_entropy, each log is clamped at −100, so ``p = 0`` or
    ``p = 1`` gives a large finite loss rather than inf. (Keras instead clips p to [1e-7, 1−1e-7].)
    """
    y, q = _pair(y_true, p)
    if np.any((q < 0) | (q > 1)):
        raise ValueError("probabilities must lie in [0, 1]")
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(q), BCE_LOG_CLAMP)
        log_1mp = np.maximum(np.log1p(-q), BCE_LOG_CLAMP)
    return float(-np.mean(y * log_p + (1.0 - y) * log_1mp))


def categorical_cross_entropy(y_onehot: ArrayLike, probs: ArrayLike) -> float:
    """Categorical cross-entropy of probability rows against one-hot (or soft) target rows,
    mean over rows: ``−mean_i Σ_c y_ic·log p_ic``.

    Follows keras.losses.categorical_crossentropy(from_logits=False): each row of ``probs`` is
    first rescaled to sum to 1, then clipped to [1e-7, 1 − 1e-7]. A 1-D input is one example.
    """
    y, q = _pair(y_onehot, probs)
    y2, q2 = np.atleast_2d(y), np.atleast_2d(q)
    q2 = q2 / q2.sum(axis=-1, keepdims=True)
    q2 = np.clip(q2, KERAS_EPSILON, 1.0 - KERAS_EPSILON)
    return float(np.mean(-np.sum(y2 * np.log(q2), axis=-1)))


def softmax(logits: ArrayLike, axis: int = -1) -> np.ndarray:
    """Softmax along ``axis`` (default: the last, i.e. per row), computed stably by subtracting
    the maximum first. Matches torch.softmax / scipy.special.softmax."""
    z = np.asarray(logits, dtype=float)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(logits: ArrayLike, axis: int = -1) -> np.ndarray:
    """Log-softmax along ``axis``: ``z − logsumexp(z)`` with the maximum subtracted first, so it is
    finite for any finite logits. Matches torch.log_softmax / scipy.special.log_softmax."""
    z = np.asarray(logits, dtype=float)
    shifted = z - np.max(z, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def _labels_logits(labels: ArrayLike, logits: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    z = np.atleast_2d(np.asarray(logits, dtype=float))
    y = np.atleast_1d(np.asarray(labels))
    if y.shape != (z.shape[0],):
        raise ValueError(f"need one label per row of logits: {y.shape} vs {z.shape}")
    if not np.all(np.equal(np.mod(y, 1), 0)):
        raise ValueError("labels must be integer class indices")
    y = y.astype(int)
    if np.any((y < 0) | (y >= z.shape[1])):
        raise ValueError("label out of range")
    return y, z


def softmax_cross_entropy(labels: ArrayLike, logits: ArrayLike) -> float:
    """Cross-entropy from raw logits and integer class labels (0-based), mean over the batch:
    ``mean_i −log_softmax(z_i)[y_i]``.

    Matches torch.nn.functional.cross_entropy(logits, labels) (reduction="mean", no weights, no
    label smoothing) and keras SparseCategoricalCrossentropy(from_logits=True). Stable: uses
    log-softmax, never log(softmax). 1-D logits with a scalar label are one example.
    """
    y, z = _labels_logits(labels, logits)
    return float(-np.mean(log_softmax(z)[np.arange(len(y)), y]))


def softmax_cross_entropy_grad(labels: ArrayLike, logits: ArrayLike) -> np.ndarray:
    """Gradient of :func:`softmax_cross_entropy` with respect to the logits:
    ``(softmax(z) − onehot(y)) / batch_size``, same shape as ``logits`` (1-D for one example)."""
    y, z = _labels_logits(labels, logits)
    g = softmax(z)
    g[np.arange(len(y)), y] -= 1.0
    g /= len(y)
    return g.reshape(np.shape(logits))


def mse_grad(y_true: ArrayLike, y_pred: ArrayLike) -> np.ndarray:
    """Gradient of the mean squared error with respect to ``y_pred``: ``2·(y_pred − y_true)/n``
    with n the number of elements (what autograd gives for mse_loss with reduction="mean")."""
    r = residuals(y_true, y_pred)
    return 2.0 * r / r.size


def mae_grad(y_true: ArrayLike, y_pred: ArrayLike) -> np.ndarray:
    """(Sub)gradient of the mean absolute error with respect to ``y_pred``:
    ``sign(y_pred − y_true)/n``, 0 where the residual is 0 (as PyTorch's l1_loss backward)."""
    r = residuals(y_true, y_pred)
    return np.sign(r) / r.size


def huber_grad(y_true: ArrayLike, y_pred: ArrayLike, delta: float = 1.0) -> np.ndarray:
    """Gradient of the mean Huber loss with respect to ``y_pred``: ``clip(r, −delta, delta)/n``,
    i.e. ``r/n`` on the quadratic branch and ``±delta/n`` on the linear one (PyTorch autograd of
    huber_loss with reduction="mean")."""
    if delta <= 0:
        raise ValueError("delta must be positive")
    r = residuals(y_true, y_pred)
    return np.clip(r, -delta, delta) / r.size
