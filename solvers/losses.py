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


# --- deeper: classification, metric learning, segmentation, calibration, count regression -------


def _probs(y_true: ArrayLike, p: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Targets and probabilities of the same shape, with every probability strictly in (0, 1)."""
    y, q = _pair(y_true, p)
    if np.any((q <= 0) | (q >= 1)):
        raise ValueError("probabilities must lie strictly between 0 and 1")
    return y, q


def focal_loss(y_true: ArrayLike, p: ArrayLike, gamma: float = 2.0, alpha: float = 0.25) -> float:
    """Binary focal loss of probabilities ``p`` for 0/1 labels, mean over elements:
    ``mean(−α_t·(1 − p_t)^γ·log p_t)`` with ``p_t = p`` and ``α_t = α`` where ``y = 1``,
    ``p_t = 1 − p`` and ``α_t = 1 − α`` where ``y = 0`` (Lin et al. 2017).

    Matches torchvision.ops.sigmoid_focal_loss(logit(p), y, alpha, gamma, reduction="mean");
    a negative ``alpha`` means no α weighting, as in torchvision. ``gamma = 0`` with no α is BCE.
    """
    y, q = _probs(y_true, p)
    p_t = np.where(y == 1, q, 1.0 - q)
    a_t = np.ones_like(q) if alpha < 0 else np.where(y == 1, alpha, 1.0 - alpha)
    return float(np.mean(-a_t * (1.0 - p_t) ** gamma * np.log(p_t)))


def label_smoothing_cross_entropy(
    labels: ArrayLike, logits: ArrayLike, epsilon: float = 0.1
) -> float:
    """Cross-entropy with label smoothing ε from raw logits and 0-based labels, mean over the
    batch. The target is ``(1 − ε)·onehot + ε/K`` (the true class gets ``1 − ε + ε/K``).

    Matches torch.nn.functional.cross_entropy(logits, labels, label_smoothing=epsilon) and
    keras CategoricalCrossentropy(from_logits=True, label_smoothing=epsilon).
    """
    y, z = _labels_logits(labels, logits)
    if not 0.0 <= epsilon <= 1.0:
        raise ValueError("epsilon must lie in [0, 1]")
    k = z.shape[1]
    target = np.full(z.shape, epsilon / k)
    target[np.arange(len(y)), y] += 1.0 - epsilon
    return float(np.mean(-np.sum(target * log_softmax(z), axis=1)))


def _distribution(x: ArrayLike) -> np.ndarray:
    d = np.asarray(x, dtype=float)
    if d.ndim != 1 or d.size == 0 or np.any(d < 0) or not np.isclose(d.sum(), 1.0):
        raise ValueError("need a probability vector: non-negative, summing to 1")
    return d


def kl_divergence(p: ArrayLike, q: ArrayLike) -> float:
    """KL(p ‖ q) = Σ p·log(p/q) in nats, for two discrete distributions; terms with p = 0 are 0,
    and the result is inf where q = 0 < p.

    Matches scipy.stats.entropy(p, q) and torch.nn.functional.kl_div(q.log(), p,
    reduction="sum") (note kl_div's argument order: model log-probabilities first).
    """
    a, b = _distribution(p), _distribution(q)
    if a.shape != b.shape:
        raise ValueError("distributions of different lengths")
    with np.errstate(divide="ignore"):
        terms = np.where(a > 0, a * (np.log(np.where(a > 0, a, 1.0)) - np.log(b)), 0.0)
    return float(np.sum(terms))


def entropy(p: ArrayLike) -> float:
    """Shannon entropy ``−Σ p·log p`` of a discrete distribution, in nats (scipy.stats.entropy)."""
    a = _distribution(p)
    nz = a[a > 0]
    return float(-np.sum(nz * np.log(nz)))


def cross_entropy_dist(p: ArrayLike, q: ArrayLike) -> float:
    """Cross-entropy ``H(p, q) = −Σ p·log q`` in nats between two discrete distributions, so
    ``H(p, q) = H(p) + KL(p ‖ q)``."""
    return entropy(p) + kl_divergence(p, q)


#: PyTorch's pairwise_distance adds this to the difference before taking the norm.
PAIRWISE_EPS = 1e-6


def triplet_margin_loss(
    anchor: ArrayLike, positive: ArrayLike, negative: ArrayLike, margin: float = 1.0
) -> float:
    """Triplet margin loss ``mean(max(0, d(a, p) − d(a, n) + margin))`` with Euclidean
    (not squared) distances; one triplet per row, a 1-D input is one triplet.

    Matches torch.nn.functional.triplet_margin_loss(a, p, n, margin, p=2, eps=1e-6,
    swap=False), including its ``‖x − y + eps‖`` distance (eps = 1e-6). FaceNet's original
    formulation uses squared distances instead.
    """
    a, pos, neg = (np.atleast_2d(np.asarray(v, dtype=float)) for v in (anchor, positive, negative))
    if not a.shape == pos.shape == neg.shape:
        raise ValueError("anchor, positive and negative must have the same shape")
    d_ap = np.linalg.norm(a - pos + PAIRWISE_EPS, axis=1)
    d_an = np.linalg.norm(a - neg + PAIRWISE_EPS, axis=1)
    return float(np.mean(np.maximum(0.0, d_ap - d_an + margin)))


def info_nce(similarities: ArrayLike, temperature: float = 0.1) -> float:
    """InfoNCE over a batch: row i holds the similarities of anchor i to every candidate, the
    positive being candidate i (the diagonal); ``mean_i −log softmax(S_i / τ)[i]``.

    This is torch.nn.functional.cross_entropy(S / τ, arange(n)), the loss of CPC / SimCLR-style
    contrastive learning and one direction of CLIP's symmetric loss. Similarities are usually
    cosine similarities; τ > 0.
    """
    s = np.atleast_2d(np.asarray(similarities, dtype=float))
    if s.shape[0] != s.shape[1]:
        raise ValueError("need a square matrix: one positive per row, on the diagonal")
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    return softmax_cross_entropy(np.arange(s.shape[0]), s / temperature)


def dice_loss(y_true: ArrayLike, p: ArrayLike, smooth: float = 0.0) -> float:
    """Soft Dice loss ``1 − (2·Σ p·y + s) / (Σ p + Σ y + s)`` over all elements (one image).

    With 0/1 predictions and ``s = 0`` the Dice coefficient is the F1 score of the pixels
    (sklearn.metrics.f1_score); MONAI's DiceLoss uses s = 1e-5 in both places.
    """
    y, q = _pair(y_true, p)
    den = q.sum() + y.sum() + smooth
    if den <= 0:
        raise ValueError("empty prediction and empty mask: Dice is undefined without smoothing")
    return float(1.0 - (2.0 * np.sum(q * y) + smooth) / den)


def iou(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Intersection over union (Jaccard index) of two 0/1 masks, ``|A ∩ B| / |A ∪ B|``
    (sklearn.metrics.jaccard_score for binary labels)."""
    a, b = _pair(y_true, y_pred)
    union = np.sum(np.maximum(a, b))
    if union == 0:
        raise ValueError("both masks are empty")
    return float(np.sum(np.minimum(a, b)) / union)


def perplexity(p_true: ArrayLike) -> float:
    """Perplexity from the probabilities a model gave the correct tokens:
    ``exp(−mean log p)``, i.e. exp of the mean per-token cross-entropy in nats (the geometric
    mean of 1/p). Equals torch.exp(F.cross_entropy(logits, targets)) for those probabilities.
    """
    q = np.asarray(p_true, dtype=float)
    if q.size == 0 or np.any((q <= 0) | (q > 1)):
        raise ValueError("token probabilities must lie in (0, 1]")
    return float(np.exp(-np.mean(np.log(q))))


def brier_score(y_true: ArrayLike, p: ArrayLike) -> float:
    """Brier score of binary predictions: ``mean((p − y)²)`` with p the probability of class 1.

    Matches sklearn.metrics.brier_score_loss for binary labels (its ``scale_by_half="auto"``
    keeps this binary definition; the multi-class sum over classes is twice it).
    """
    y, q = _pair(y_true, p)
    if np.any((q < 0) | (q > 1)):
        raise ValueError("probabilities must lie in [0, 1]")
    return float(np.mean((q - y) ** 2))


def _bin_ids(p: np.ndarray, n_bins: int) -> np.ndarray:
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    return np.searchsorted(edges[1:-1], p)


def expected_calibration_error(y_true: ArrayLike, p: ArrayLike, n_bins: int = 4) -> float:
    """Expected calibration error of binary probabilities with ``n_bins`` equal-width bins:
    ``Σ_b (n_b / n)·|mean(y in b) − mean(p in b)|``, empty bins skipped.

    Bins are [0, 1/B], (1/B, 2/B], …, (1 − 1/B, 1] — the binning of
    sklearn.calibration.calibration_curve(y, p, n_bins, strategy="uniform"), whose per-bin
    ``prob_true`` and ``prob_pred`` these are. (Guo et al. 2017 bin the top-class confidence of
    a multi-class model; for a binary model this is the reliability-diagram version.)
    """
    y, q = _pair(y_true, p)
    if np.any((q < 0) | (q > 1)):
        raise ValueError("probabilities must lie in [0, 1]")
    ids = _bin_ids(q, int(n_bins))
    total = 0.0
    for b in np.unique(ids):
        m = ids == b
        total += m.sum() / q.size * abs(y[m].mean() - q[m].mean())
    return float(total)


def _counts_means(y_true: ArrayLike, y_pred: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    y, mu = _pair(y_true, y_pred)
    if np.any(y < 0) or np.any(mu <= 0):
        raise ValueError("need targets >= 0 and predicted means > 0")
    return y, mu


def poisson_deviance(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Mean Poisson deviance ``2·mean(y·log(y/μ) − y + μ)`` (with ``y·log y = 0`` at y = 0),
    μ = the predicted mean > 0. Matches sklearn.metrics.mean_poisson_deviance."""
    y, mu = _counts_means(y_true, y_pred)
    ylogy = np.where(y > 0, y * np.log(np.where(y > 0, y, 1.0) / mu), 0.0)
    return float(2.0 * np.mean(ylogy - y + mu))


def poisson_nll(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Poisson negative log-likelihood without the ``log y!`` constant, mean over elements:
    ``mean(μ − y·log μ)`` for predicted means μ > 0.

    Matches torch.nn.functional.poisson_nll_loss(mu, y, log_input=False, full=False) up to its
    eps = 1e-8 inside the log. Half the Poisson deviance plus a term that depends only on y.
    """
    y, mu = _counts_means(y_true, y_pred)
    return float(np.mean(mu - y * np.log(mu)))


def tweedie_deviance(y_true: ArrayLike, y_pred: ArrayLike, power: float = 1.5) -> float:
    """Mean Tweedie deviance with power p: p = 0 is the squared error, p = 1 Poisson, p = 2
    Gamma, 1 < p < 2 compound Poisson–Gamma (zeros allowed), otherwise
    ``2·mean(max(y,0)^(2−p)/((1−p)(2−p)) − y·μ^(1−p)/(1−p) + μ^(2−p)/(2−p))``.

    Matches sklearn.metrics.mean_tweedie_deviance(y, μ, power=p) for p = 0 or p ≥ 1.
    """
    y, mu = _pair(y_true, y_pred)
    if power == 0:
        return float(np.mean((y - mu) ** 2))
    if power == 1:
        return poisson_deviance(y, mu)
    if np.any(mu <= 0) or np.any(y < 0) or (power >= 2 and np.any(y <= 0)):
        raise ValueError("targets and predicted means out of the deviance's domain")
    if power == 2:
        return float(2.0 * np.mean(np.log(mu / y) + y / mu - 1.0))
    p = float(power)
    dev = (
        np.maximum(y, 0) ** (2 - p) / ((1 - p) * (2 - p))
        - y * mu ** (1 - p) / (1 - p)
        + mu ** (2 - p) / (2 - p)
    )
    return float(2.0 * np.mean(dev))


def epsilon_insensitive(y_true: ArrayLike, y_pred: ArrayLike, epsilon: float = 0.1) -> float:
    """ε-insensitive loss of support vector regression, mean over elements:
    ``mean(max(0, |r| − ε))`` — zero inside the tube |r| ≤ ε, linear outside.

    The loss of sklearn.svm.LinearSVR(loss="epsilon_insensitive") and
    SGDRegressor(loss="epsilon_insensitive"); scikit-learn's default ε is 0 (LinearSVR) or 0.1
    (SGDRegressor, SVR).
    """
    if epsilon < 0:
        raise ValueError("epsilon must be >= 0")
    a = np.abs(residuals(y_true, y_pred))
    return float(np.mean(np.maximum(0.0, a - epsilon)))


def info_nce_anchor(positive: float, negatives: ArrayLike, temperature: float = 0.1) -> float:
    """InfoNCE for one anchor: ``−log(e^{s⁺/τ} / (e^{s⁺/τ} + Σ_j e^{s⁻_j/τ}))`` from the
    similarity to its positive and to each negative — torch cross_entropy on the logits
    ``[s⁺, s⁻…] / τ`` with target 0. The positive stays in the denominator."""
    s = np.concatenate([[float(positive)], np.atleast_1d(np.asarray(negatives, dtype=float))])
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    return softmax_cross_entropy(0, s / temperature)


# --- derived-input helpers for the numeric cards of this topic ------------------------------


def rounded_distribution(weights: ArrayLike, decimals: int = 2) -> np.ndarray:
    """Positive weights normalized to a probability vector with ``decimals`` decimals that sums
    to exactly 1 (the rounding error goes to the largest entry; every entry is at least one unit
    of the last decimal)."""
    w = np.abs(np.asarray(weights, dtype=float)) + 1e-9
    unit = 10.0**-decimals
    p = np.maximum(np.round(w / w.sum(), decimals), unit)
    i = int(np.argmax(p))
    p[i] = np.round(1.0 - (p.sum() - p[i]), decimals)
    return p


def calibration_probabilities(u: ArrayLike, bins: ArrayLike, n_bins: int = 4) -> np.ndarray:
    """Probabilities placed inside given equal-width bins, never on an edge: element i is
    ``(bins[i] + 0.1 + 0.8·u[i]) / n_bins`` rounded to 2 decimals, for draws u in [0, 1]."""
    uu = np.clip(np.asarray(u, dtype=float), 0.0, 1.0)
    b = np.asarray(bins, dtype=float)
    return np.round((b + 0.1 + 0.8 * uu) / n_bins, 2)


def mask_probabilities(y_true: ArrayLike, high: ArrayLike, low: ArrayLike) -> np.ndarray:
    """Predicted probabilities of a fairly good segmenter: ``high[i]`` where the mask is 1 and
    ``low[i]`` where it is 0 (draw high from about [0.6, 0.9] and low from [0.1, 0.3])."""
    y = np.asarray(y_true, dtype=float)
    return np.where(y == 1, np.asarray(high, dtype=float), np.asarray(low, dtype=float))


def boost_true_logit(logits: ArrayLike, labels: ArrayLike, bonus: float) -> np.ndarray:
    """Logits whose true-class entry is raised to ``bonus`` above the row's largest other
    logit, as for a classifier that is right but not certain."""
    y, z = _labels_logits(labels, logits)
    out = z.copy()
    for i, c in enumerate(y):
        others = np.delete(z[i], c)
        out[i, c] = others.max() + bonus
    return out
