"""Deliberately wrong versions of the solvers: the values common mistakes produce.

A numeric card names these (``mistakes.huber_no_half``) so that when a user's answer equals one,
the feedback can say which mistake it was. Each docstring's first line states the mistake; the
signature mirrors the solver it corrupts.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from solvers import gradients, kmeans, losses, pca

# --- losses ---------------------------------------------------------------------------------


def huber_no_half(y_true: ArrayLike, y_pred: ArrayLike, delta: float = 1.0) -> float:
    """Huber with r² instead of ½r² on the quadratic branch (linear branch correct)."""
    a = np.abs(losses.residuals(y_true, y_pred))
    return float(np.mean(np.where(a <= delta, a**2, delta * (a - 0.5 * delta))))


def huber_no_offset(y_true: ArrayLike, y_pred: ArrayLike, delta: float = 1.0) -> float:
    """Huber with δ·|r| on the linear branch, dropping the −½δ² that makes it continuous."""
    a = np.abs(losses.residuals(y_true, y_pred))
    return float(np.mean(np.where(a <= delta, 0.5 * a**2, delta * a)))


def mse_sum(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Squared errors summed instead of averaged."""
    return float(np.sum(losses.residuals(y_true, y_pred) ** 2))


def mse_grad_no_two(y_true: ArrayLike, y_pred: ArrayLike) -> np.ndarray:
    """MSE gradient without the factor 2 from differentiating the square: (ŷ − y)/n."""
    return losses.mse_grad(y_true, y_pred) / 2.0


def mse_grad_sign(y_true: ArrayLike, y_pred: ArrayLike) -> np.ndarray:
    """MSE gradient with the sign flipped: 2(y − ŷ)/n (that is the direction of descent)."""
    return -losses.mse_grad(y_true, y_pred)


def mse_grad_no_mean(y_true: ArrayLike, y_pred: ArrayLike) -> np.ndarray:
    """MSE gradient without the 1/n of the mean: 2(ŷ − y)."""
    r = losses.residuals(y_true, y_pred)
    return 2.0 * r


def huber_grad_unclipped(y_true: ArrayLike, y_pred: ArrayLike, delta: float = 1.0) -> np.ndarray:
    """Huber gradient without clipping at ±δ: r/n everywhere (the ½·MSE gradient)."""
    r = losses.residuals(y_true, y_pred)
    return r / r.size


def huber_grad_no_mean(y_true: ArrayLike, y_pred: ArrayLike, delta: float = 1.0) -> np.ndarray:
    """Huber gradient without the 1/n of the mean: clip(r, −δ, δ)."""
    r = losses.residuals(y_true, y_pred)
    return np.clip(r, -delta, delta)


def bce_log10(y_true: ArrayLike, p: ArrayLike) -> float:
    """Binary cross-entropy with log base 10 instead of the natural log."""
    return losses.binary_cross_entropy(y_true, p) / np.log(10.0)


def bce_sum(y_true: ArrayLike, p: ArrayLike) -> float:
    """Binary cross-entropy summed over the examples instead of averaged."""
    return losses.binary_cross_entropy(y_true, p) * np.asarray(p).size


def bce_positive_only(y_true: ArrayLike, p: ArrayLike) -> float:
    """Binary cross-entropy with only the −y·log p term (negatives contribute nothing)."""
    y = np.asarray(y_true, dtype=float)
    return float(-np.mean(y * np.log(np.asarray(p, dtype=float))))


def ce_sum(labels: ArrayLike, logits: ArrayLike) -> float:
    """Softmax cross-entropy summed over the batch instead of averaged."""
    return losses.softmax_cross_entropy(labels, logits) * len(np.atleast_2d(logits))


def ce_logits_as_logprobs(labels: ArrayLike, logits: ArrayLike) -> float:
    """Cross-entropy taking −z_y as the loss, i.e. treating logits as log-probabilities (no
    softmax normalization)."""
    z = np.atleast_2d(np.asarray(logits, dtype=float))
    y = np.atleast_1d(np.asarray(labels, dtype=int))
    return float(-np.mean(z[np.arange(len(y)), y]))


def ce_grad_no_onehot(labels: ArrayLike, logits: ArrayLike) -> np.ndarray:
    """Gradient of cross-entropy w.r.t. the logits missing the −onehot(y): softmax(z)/batch."""
    z = np.asarray(logits, dtype=float)
    return losses.softmax(z) / len(np.atleast_2d(z))


def ce_grad_sign(labels: ArrayLike, logits: ArrayLike) -> np.ndarray:
    """Gradient of cross-entropy w.r.t. the logits with the sign flipped: onehot(y) − softmax."""
    return -losses.softmax_cross_entropy_grad(labels, logits)


def smooth_l1_as_huber(y_true: ArrayLike, y_pred: ArrayLike, beta: float = 1.0) -> float:
    """Smooth L1 computed as Huber with δ = β (it is Huber divided by β)."""
    return losses.huber(y_true, y_pred, beta)


# --- gradients ------------------------------------------------------------------------------


def sigmoid_grad_of_z(z: ArrayLike) -> np.ndarray | float:
    """z·(1 − z): the formula σ(1 − σ) applied to z instead of to σ(z)."""
    x = np.asarray(z, dtype=float)
    out = x * (1.0 - x)
    return float(out) if out.ndim == 0 else out


def chain_no_weights(
    z: ArrayLike, w: ArrayLike | None = None, activation: str = "sigmoid"
) -> float:
    """Chain-rule product of the activation derivatives only, forgetting the weights w_i."""
    return gradients.chain_grad(z, None, activation)


def chain_activations(
    z: ArrayLike, w: ArrayLike | None = None, activation: str = "sigmoid"
) -> float:
    """Chain-rule product using the activations σ(z_i) instead of their derivatives σ'(z_i)."""
    zz = np.asarray(z, dtype=float)
    ww = np.ones_like(zz) if w is None else np.asarray(w, dtype=float)
    return float(np.prod(ww * np.asarray(gradients.sigmoid(zz))))


def global_norm_sum_of_norms(grads: gradients.Grads) -> float:
    """ "Global norm" as the sum of the per-tensor norms instead of sqrt of the sum of squares."""
    return float(sum(np.linalg.norm(g) for g in gradients.as_tensors(grads)[0]))


def global_norm_squared(grads: gradients.Grads) -> float:
    """Global norm without the square root: the sum of squares."""
    return gradients.global_norm(grads) ** 2


def clip_coef_inverse(grads: gradients.Grads, max_norm: float) -> float:
    """Clip coefficient upside down: total_norm / max_norm."""
    return gradients.global_norm(grads) / max_norm


def clip_coef_squared_norm(grads: gradients.Grads, max_norm: float) -> float:
    """Clip coefficient computed from the squared norm: min(1, max_norm / Σ‖g‖²)."""
    return min(1.0, max_norm / (gradients.global_norm(grads) ** 2 + gradients.TORCH_CLIP_EPS))


def clip_value_by_norm(grads: gradients.Grads, clip_value: float) -> np.ndarray | list:
    """Value clipping done as norm clipping: each tensor rescaled to norm <= clip_value."""
    tensors, single = gradients.as_tensors(grads)
    out = [gradients.clip_by_norm(g, clip_value) for g in tensors]
    return out[0] if single else out


def clip_per_tensor(grads: gradients.Grads, max_norm: float) -> np.ndarray | list:
    """Global-norm clipping done per tensor (Keras clipnorm / tf.clip_by_norm on each tensor)
    instead of with one common factor."""
    return clip_value_by_norm(grads, max_norm)


def bn_unbiased_var(
    x: ArrayLike,
    gamma: ArrayLike = 1.0,
    beta: ArrayLike = 0.0,
    eps: float = gradients.BATCH_NORM_EPS,
) -> np.ndarray:
    """Batch norm (training) with the unbiased variance (divide by n − 1) instead of the biased
    one."""
    a = np.asarray(x, dtype=float)
    var = a.var(axis=0, ddof=1)
    return np.asarray(gamma, dtype=float) * (a - a.mean(axis=0)) / np.sqrt(var + eps) + beta


def bn_no_affine(
    x: ArrayLike,
    gamma: ArrayLike = 1.0,
    beta: ArrayLike = 0.0,
    eps: float = gradients.BATCH_NORM_EPS,
) -> np.ndarray:
    """Batch norm that normalizes but forgets the scale γ and shift β."""
    return gradients.batch_norm(x, 1.0, 0.0, eps)


# --- k-means --------------------------------------------------------------------------------


def distances_squared(X: ArrayLike, C: ArrayLike) -> np.ndarray:
    """Squared Euclidean distances given where the distances were asked for."""
    return kmeans.pairwise_distances(X, C, "sqeuclidean")


def distances_manhattan(X: ArrayLike, C: ArrayLike) -> np.ndarray:
    """Manhattan (L1) distances where Euclidean (L2) ones were asked for."""
    return kmeans.pairwise_distances(X, C, "manhattan")


def distances_euclidean(X: ArrayLike, C: ArrayLike) -> np.ndarray:
    """Plain Euclidean distances, ignoring the covariance (or the metric) that was asked for."""
    return kmeans.pairwise_distances(X, C, "euclidean")


def cosine_similarity(X: ArrayLike, C: ArrayLike) -> np.ndarray:
    """Cosine similarity x·c/(‖x‖‖c‖) given where the cosine distance 1 − similarity was
    asked for."""
    return 1.0 - kmeans.pairwise_distances(X, C, "cosine")


def update_empty_to_origin(X: ArrayLike, C: ArrayLike) -> np.ndarray:
    """One Lloyd step in which an empty cluster's centroid is reset to the origin (the mean of
    no points taken as 0) instead of being kept."""
    A = np.asarray(X, dtype=float)
    labels = kmeans.assign(A, C)
    new = kmeans.update(A, labels, C)
    for j in range(new.shape[0]):
        if not np.any(labels == j):
            new[j] = 0.0
    return new


def update_median(X: ArrayLike, C: ArrayLike) -> np.ndarray:
    """One step with the coordinate-wise median of each cluster (k-medians) instead of the
    mean."""
    A = np.asarray(X, dtype=float)
    labels = kmeans.assign(A, C)
    new = np.array(C, dtype=float)
    for j in range(new.shape[0]):
        if np.any(labels == j):
            new[j] = np.median(A[labels == j], axis=0)
    return new


def inertia_not_squared(X: ArrayLike, C: ArrayLike) -> float:
    """Sum of (unsquared) distances to the nearest centroid instead of squared distances."""
    return float(np.sum(np.min(kmeans.pairwise_distances(X, C), axis=1)))


def inertia_mean(X: ArrayLike, C: ArrayLike) -> float:
    """Inertia averaged over the points instead of summed."""
    return kmeans.inertia(X, C) / len(np.atleast_2d(X))


def kpp_linear_weights(X: ArrayLike, C: ArrayLike) -> np.ndarray:
    """k-means++ probabilities proportional to D(x) instead of D(x)²."""
    d = np.min(kmeans.pairwise_distances(X, C), axis=1)
    return d / d.sum()


# --- PCA ------------------------------------------------------------------------------------


def cov_population(X: ArrayLike) -> np.ndarray:
    """Covariance with the population denominator n instead of n − 1 (np.cov(..., bias=True))."""
    a = np.asarray(X, dtype=float)
    return pca.covariance(a) * (a.shape[0] - 1) / a.shape[0]


def cov_uncentered(X: ArrayLike) -> np.ndarray:
    """ "Covariance" XᵀX/(n − 1) without subtracting the means first."""
    a = np.asarray(X, dtype=float)
    return a.T @ a / (a.shape[0] - 1)


def eig_diagonal(C: ArrayLike) -> np.ndarray:
    """The diagonal entries (the variances) taken as the eigenvalues, in decreasing order."""
    return np.sort(np.diag(np.asarray(C, dtype=float)))[::-1]


def evr_eigh_order(eigenvalues: ArrayLike, k: int) -> float:
    """Explained variance ratio of the FIRST k eigenvalues as listed — with np.linalg.eigh's
    increasing order those are the smallest, not the largest."""
    v = np.asarray(eigenvalues, dtype=float)
    return float(v[: int(k)].sum() / v.sum())


def pca_kept_variance(eigenvalues: ArrayLike, k: int) -> float:
    """The variance kept (sum of the top k eigenvalues) instead of the variance discarded."""
    v = np.sort(np.asarray(eigenvalues, dtype=float))[::-1]
    return float(v[: int(k)].sum())


def pca_discarded_ratio(eigenvalues: ArrayLike, k: int) -> float:
    """The discarded variance as a fraction of the total instead of as a variance."""
    return pca.discarded_variance(eigenvalues, k) / float(np.sum(eigenvalues))


def pca_uncentered(X: ArrayLike, direction: ArrayLike) -> np.ndarray:
    """Projection X·v without centering X first."""
    v = np.asarray(direction, dtype=float)
    return np.asarray(X, dtype=float) @ (v / np.linalg.norm(v))


def pca_inverse_no_mean(Z: ArrayLike, components: ArrayLike, mean: ArrayLike) -> np.ndarray:
    """Reconstruction Z·W without adding the mean back."""
    return pca.inverse_transform(Z, components, np.zeros_like(np.asarray(mean, dtype=float)))


def evr_from_s_not_squared(singular_values: ArrayLike, k: int) -> float:
    """Explained variance ratio from the singular values themselves instead of their squares."""
    s = np.sort(np.asarray(singular_values, dtype=float))[::-1]
    return float(s[: int(k)].sum() / s.sum())


def power_iteration_unnormalized(A: ArrayLike, b0: ArrayLike, steps: int) -> np.ndarray:
    """Power iteration without normalizing: ``Aᵗ·b0`` instead of the unit vector."""
    b = np.asarray(b0, dtype=float)
    for _ in range(int(steps)):
        b = np.asarray(A, dtype=float) @ b
    return b


def power_iteration_one_step_short(A: ArrayLike, b0: ArrayLike, steps: int) -> np.ndarray:
    """One iteration fewer than asked (b₀ counted as the first iterate)."""
    if int(steps) <= 1:
        raise ValueError("steps must be >= 2 for this mistake")
    return pca.power_iteration(A, b0, int(steps) - 1)


def eigvec_smallest(C: ArrayLike) -> np.ndarray:
    """The eigenvector of the smallest eigenvalue (np.linalg.eigh's first column), signed by the
    same rule."""
    _, vecs = np.linalg.eigh(np.asarray(C, dtype=float))
    return pca.flip_signs(vecs[:, 0][None, :])[0]


def eigvec_unnormalized(C: ArrayLike) -> np.ndarray:
    """The 2×2 hand solution (b, λ₁ − a) of (C − λ₁I)v = 0 left unnormalized (sign rule applied)."""
    m = np.asarray(C, dtype=float)
    lam = pca.eigenvalues(m)[0]
    return pca.flip_signs(np.array([[m[0, 1], lam - m[0, 0]]]))[0]


def eigvec_negated(C: ArrayLike) -> np.ndarray:
    """The top eigenvector with the other sign: an eigenvector too, but not scikit-learn's."""
    return -pca.top_eigenvector(C)


def first_component_uncentered(X: ArrayLike) -> np.ndarray:
    """The top right singular vector of X without centering (points toward the mean)."""
    a = np.asarray(X, dtype=float)
    return pca.top_eigenvector(a.T @ a)


def whiten_by_variance(scores: ArrayLike, explained_variance: ArrayLike) -> np.ndarray:
    """Whitening that divides by the variance λ instead of the standard deviation √λ."""
    return np.asarray(scores, dtype=float) / np.asarray(explained_variance, dtype=float)


def kernel_no_grand_mean(K: ArrayLike) -> np.ndarray:
    """Kernel centering that subtracts the row and column means but does not add back the grand
    mean (it was subtracted twice): ``K − 1ₙK − K1ₙ``."""
    k = np.asarray(K, dtype=float)
    return k - k.mean(axis=0)[None, :] - k.mean(axis=1)[:, None]


def kernel_columns_only(K: ArrayLike) -> np.ndarray:
    """Kernel "centering" that only subtracts the column means, ``K − 1ₙK`` (as centering a
    data matrix would)."""
    k = np.asarray(K, dtype=float)
    return k - k.mean(axis=0)[None, :]


def kaiser_dropped(eigenvalues: ArrayLike) -> int:
    """The number of eigenvalues the rule drops (≤ 1) instead of the number it keeps."""
    v = np.asarray(eigenvalues, dtype=float)
    return int(v.size - pca.kaiser_count(v))


def recon_error_sum(X: ArrayLike, n_components: int) -> float:
    """The total Σᵢ‖xᵢ − x̂ᵢ‖² instead of its mean over the samples."""
    return pca.reconstruction_error(X, n_components) * np.asarray(X).shape[0]


def recon_error_per_element(X: ArrayLike, n_components: int) -> float:
    """The mean over all n·d matrix entries instead of over the n samples."""
    return pca.reconstruction_error(X, n_components) / np.asarray(X).shape[1]


def recon_error_n_minus_1(X: ArrayLike, n_components: int) -> float:
    """Σᵢ‖xᵢ − x̂ᵢ‖² / (n − 1) — the discarded eigenvalues — instead of the mean over n."""
    n = np.asarray(X).shape[0]
    return pca.reconstruction_error(X, n_components) * n / (n - 1)


# --- PCA (deeper subjects) ------------------------------------------------------------------


def ppca_noise_sum(eigenvalues: ArrayLike, k: int) -> float:
    """The sum of the discarded eigenvalues instead of their mean (σ² is per dimension)."""
    return pca.discarded_variance(eigenvalues, k)


def ppca_noise_all_mean(eigenvalues: ArrayLike, k: int) -> float:
    """The mean of all the eigenvalues, kept ones included, instead of the discarded ones."""
    return float(np.mean(np.asarray(eigenvalues, dtype=float)))
