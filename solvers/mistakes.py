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


def update_with_old_centroid(X: ArrayLike, C: ArrayLike) -> np.ndarray:
    """One Lloyd step in which each old centroid is counted as one more point of its cluster
    (the online habit of starting a running mean at count 1) instead of the plain mean."""
    A = np.asarray(X, dtype=float)
    old = np.asarray(C, dtype=float)
    labels = kmeans.assign(A, old)
    new = old.copy()
    for j in range(old.shape[0]):
        members = A[labels == j]
        if len(members):
            new[j] = (old[j] + members.sum(axis=0)) / (len(members) + 1)
    return new


def _silhouette_parts(X: ArrayLike, labels: ArrayLike, index: int) -> tuple[np.ndarray, ...]:
    A = np.atleast_2d(np.asarray(X, dtype=float))
    lab = np.asarray(labels, dtype=int)
    d = kmeans.pairwise_distances(A[int(index)], A)[0]
    return A, lab, d


def silhouette_a_with_self(X: ArrayLike, labels: ArrayLike, index: int) -> float:
    """Silhouette whose a averages over the whole own cluster, the point itself (distance 0)
    included: divides by |A| instead of |A| − 1."""
    _, lab, d = _silhouette_parts(X, labels, index)
    own = lab == lab[int(index)]
    a = d[own].sum() / own.sum()
    b = min(d[lab == j].mean() for j in set(lab.tolist()) if j != lab[int(index)])
    return float((b - a) / max(a, b))


def silhouette_b_all_others(X: ArrayLike, labels: ArrayLike, index: int) -> float:
    """Silhouette whose b is the mean distance to every point outside the own cluster instead
    of the nearest other cluster's mean distance."""
    _, lab, d = _silhouette_parts(X, labels, index)
    own = lab == lab[int(index)]
    a = d[own].sum() / (own.sum() - 1)
    b = d[~own].mean()
    return float((b - a) / max(a, b))


def silhouette_score_a_with_self(X: ArrayLike, labels: ArrayLike) -> float:
    """Mean silhouette with each a divided by |A| (the point itself counted) instead of
    |A| − 1; a lone point still gets 0."""
    lab = np.asarray(labels, dtype=int)
    return float(
        np.mean(
            [
                0.0 if np.sum(lab == lab[i]) == 1 else silhouette_a_with_self(X, lab, i)
                for i in range(len(lab))
            ]
        )
    )


def silhouette_score_singleton_one(X: ArrayLike, labels: ArrayLike) -> float:
    """Mean silhouette with s = 1 (a = 0) for a point alone in its cluster instead of
    scikit-learn's s = 0."""
    lab = np.asarray(labels, dtype=int)
    s = kmeans.silhouette_samples(X, lab)
    alone = np.array([np.sum(lab == v) == 1 for v in lab])
    return float(np.mean(np.where(alone, 1.0, s)))


def bcss_unweighted(X: ArrayLike, labels: ArrayLike) -> float:
    """Σ_j ‖μ_j − x̄‖² without weighting each cluster by its size n_j."""
    A = np.atleast_2d(np.asarray(X, dtype=float))
    lab = np.asarray(labels, dtype=int)
    grand = A.mean(axis=0)
    return float(sum(np.sum((A[lab == j].mean(axis=0) - grand) ** 2) for j in set(lab.tolist())))


def bcss_gave_wcss(X: ArrayLike, labels: ArrayLike) -> float:
    """The within-cluster sum of squares (the inertia) given where the between-cluster sum was
    asked for."""
    return kmeans.total_sum_of_squares(X) - kmeans.between_sum_of_squares(X, labels)


def ch_swapped_dof(tss: float, wcss: float, n: int, k: int) -> float:
    """Calinski–Harabasz with the degrees of freedom swapped: [BCSS/(n−k)] / [WCSS/(k−1)]."""
    return (tss - wcss) * (k - 1) / (wcss * (n - k))


def ch_no_dof(tss: float, wcss: float, n: int, k: int) -> float:
    """BCSS / WCSS, without the degrees of freedom (n − k)/(k − 1)."""
    return (tss - wcss) / wcss


def minibatch_batch_mean(X: ArrayLike, C: ArrayLike, counts: ArrayLike) -> np.ndarray:
    """Mini-batch step that moves each centroid to the mean of its batch points, forgetting the
    n_j points it had already absorbed (a Lloyd update on the batch alone)."""
    return kmeans.minibatch_update(X, C, np.zeros(len(np.atleast_2d(C))))


def macqueen_count_from_zero(X: ArrayLike, k: int) -> np.ndarray:
    """MacQueen's pass with the seeds' counts starting at 0 instead of 1: the first point a
    centroid receives replaces it, so the seed drops out of the running mean."""
    A = np.atleast_2d(np.asarray(X, dtype=float))
    C = A[: int(k)].copy()
    counts = np.zeros(int(k))
    for x in A[int(k) :]:
        j = int(kmeans.assign(x, C)[0])
        counts[j] += 1
        C[j] += (x - C[j]) / counts[j]
    return C


def fcm_half_exponent(X: ArrayLike, C: ArrayLike, m: float = 2.0) -> np.ndarray:
    """Fuzzy memberships with the exponent 1/(m−1) on the ratio of (unsquared) distances — the
    exponent of the squared-distance form applied to plain distances."""
    return kmeans.fuzzy_memberships(X, C, 2.0 * m - 1.0)


def fcm_double_exponent(X: ArrayLike, C: ArrayLike, m: float = 2.0) -> np.ndarray:
    """Fuzzy memberships with the exponent 2/(m−1) on the ratio of *squared* distances (the
    square applied twice)."""
    return kmeans.fuzzy_memberships(X, C, (m + 1.0) / 2.0)


def matched_accuracy_identity(labels_true: ArrayLike, labels_pred: ArrayLike) -> float:
    """Share of points whose cluster id equals their class id, without matching clusters to
    classes first."""
    t, p = np.asarray(labels_true), np.asarray(labels_pred)
    return float(np.mean(t == p))


def hartigan_naive(X: ArrayLike, labels: ArrayLike, index: int, target: int) -> float:
    """‖x − μ_B‖² − ‖x − μ_A‖² (Lloyd's comparison) as the change in inertia, ignoring that
    both means move when the point moves."""
    A = np.atleast_2d(np.asarray(X, dtype=float))
    lab = np.asarray(labels, dtype=int)
    x = A[int(index)]
    mu_a = A[lab == lab[int(index)]].mean(axis=0)
    mu_b = A[lab == int(target)].mean(axis=0)
    return float(np.sum((x - mu_b) ** 2) - np.sum((x - mu_a) ** 2))


def hartigan_no_source_factor(X: ArrayLike, labels: ArrayLike, index: int, target: int) -> float:
    """Hartigan's change with the factor n_B/(n_B+1) on the target but the plain ‖x − μ_A‖² for
    the source (the source mean's move forgotten)."""
    A = np.atleast_2d(np.asarray(X, dtype=float))
    lab = np.asarray(labels, dtype=int)
    x = A[int(index)]
    n_b = int(np.sum(lab == int(target)))
    mu_a = A[lab == lab[int(index)]].mean(axis=0)
    mu_b = A[lab == int(target)].mean(axis=0)
    return float(n_b / (n_b + 1) * np.sum((x - mu_b) ** 2) - np.sum((x - mu_a) ** 2))


def responsibilities_no_half(X: ArrayLike, means: ArrayLike, variance: float) -> np.ndarray:
    """Responsibilities with exp(−d²/σ²) instead of exp(−d²/(2σ²))."""
    return kmeans.responsibilities(X, means, variance / 2.0)


def responsibilities_unsquared(X: ArrayLike, means: ArrayLike, variance: float) -> np.ndarray:
    """Responsibilities with the plain distance d in the exponent instead of d²."""
    logits = -kmeans.pairwise_distances(X, means) / (2.0 * variance)
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def kernel_distance_no_cluster_term(K: ArrayLike, index: int, members: ArrayLike) -> float:
    """Kernel k-means distance without the (1/|C|²)·Σ K_jl term (the squared norm of the
    cluster mean)."""
    Km = np.asarray(K, dtype=float)
    idx = np.asarray(members, dtype=int)
    return float(Km[int(index), int(index)] - 2.0 * Km[int(index), idx].mean())


def kernel_distance_no_two(K: ArrayLike, index: int, members: ArrayLike) -> float:
    """Kernel k-means distance with the cross term counted once: −(1/|C|)·Σ K_ij instead of
    −(2/|C|)·Σ K_ij."""
    Km = np.asarray(K, dtype=float)
    idx = np.asarray(members, dtype=int)
    i = int(index)
    return float(Km[i, i] - Km[i, idx].mean() + Km[np.ix_(idx, idx)].sum() / idx.size**2)


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


# --- gradients (normalization, activations, init, schedules) --------------------------------


def clip_coefs_unclamped(
    first: gradients.Grads, second: gradients.Grads, max_norm: float
) -> list[float]:
    """Clip coefficients without the clamp at 1: max_norm / total_norm even when the norm is
    already below max_norm (which would scale small gradients UP)."""
    return [
        max_norm / (gradients.global_norm(g) + gradients.TORCH_CLIP_EPS) for g in (first, second)
    ]


def clip_coefs_inverse(
    first: gradients.Grads, second: gradients.Grads, max_norm: float
) -> list[float]:
    """Clip coefficients upside down: total_norm / max_norm at each step."""
    return [clip_coef_inverse(g, max_norm) for g in (first, second)]


def clip_coefs_squared_norm(
    first: gradients.Grads, second: gradients.Grads, max_norm: float
) -> list[float]:
    """Clip coefficients computed from the squared norm at each step."""
    return [clip_coef_squared_norm(g, max_norm) for g in (first, second)]


def bn_running_keras_momentum(
    running_mean: float,
    running_var: float,
    x: ArrayLike,
    momentum: float = gradients.BATCH_NORM_MOMENTUM,
) -> list[float]:
    """Running statistics with PyTorch's momentum read the Keras way, as the weight of the OLD
    value: ``momentum·old + (1 − momentum)·batch``."""
    return gradients.bn_running_stats(running_mean, running_var, x, 1.0 - momentum)


def bn_running_biased_var(
    running_mean: float,
    running_var: float,
    x: ArrayLike,
    momentum: float = gradients.BATCH_NORM_MOMENTUM,
) -> list[float]:
    """Running variance updated with the biased batch variance (divide by n) instead of the
    unbiased one PyTorch uses for the running estimate."""
    a = np.asarray(x, dtype=float).ravel()
    mean, _ = gradients.bn_running_stats(running_mean, running_var, a, momentum)
    return [mean, (1.0 - momentum) * running_var + momentum * float(a.var())]


def ln_unbiased_var(
    x: ArrayLike,
    weight: ArrayLike = 1.0,
    bias: ArrayLike = 0.0,
    eps: float = gradients.BATCH_NORM_EPS,
) -> np.ndarray:
    """LayerNorm with the unbiased variance (divide by D − 1) instead of the biased one."""
    a = np.asarray(x, dtype=float)
    var = a.var(axis=-1, keepdims=True, ddof=1)
    mean = a.mean(axis=-1, keepdims=True)
    return np.asarray(weight, dtype=float) * (a - mean) / np.sqrt(var + eps) + bias


def ln_as_rms_norm(
    x: ArrayLike,
    weight: ArrayLike = 1.0,
    bias: ArrayLike = 0.0,
    eps: float = gradients.BATCH_NORM_EPS,
) -> np.ndarray:
    """LayerNorm without subtracting the mean (that is RMSNorm), then the affine map."""
    return gradients.rms_norm(x, weight, eps) + np.asarray(bias, dtype=float)


def ln_no_affine(
    x: ArrayLike,
    weight: ArrayLike = 1.0,
    bias: ArrayLike = 0.0,
    eps: float = gradients.BATCH_NORM_EPS,
) -> np.ndarray:
    """LayerNorm that normalizes but forgets the per-feature weight and bias."""
    return gradients.layer_norm(x, 1.0, 0.0, eps)


def rms_as_layer_norm(
    x: ArrayLike, weight: ArrayLike = 1.0, eps: float = gradients.RMS_NORM_EPS
) -> np.ndarray:
    """RMSNorm done as LayerNorm: the mean subtracted first."""
    return gradients.layer_norm(x, weight, 0.0, eps)


def rms_l2_normalize(
    x: ArrayLike, weight: ArrayLike = 1.0, eps: float = gradients.RMS_NORM_EPS
) -> np.ndarray:
    """RMSNorm with the root of the SUM of squares (L2 normalization) instead of the mean."""
    a = np.asarray(x, dtype=float)
    return np.asarray(weight, dtype=float) * a / np.sqrt(np.sum(a**2, axis=-1, keepdims=True))


def gelu_as_silu(x: ArrayLike) -> np.ndarray | float:
    """GELU confused with SiLU: x·σ(x) instead of x·Φ(x)."""
    return gradients.silu(x)


def gelu_erf_no_sqrt2(x: ArrayLike) -> np.ndarray | float:
    """GELU with Φ(x) written as ½(1 + erf(x)), forgetting the √2: erf(x/√2) is the normal CDF."""
    a = np.asarray(x, dtype=float)
    out = a * gradients._std_normal_cdf(a * np.sqrt(2.0))
    return float(out) if out.ndim == 0 else out


def silu_grad_sigmoid_only(x: ArrayLike) -> np.ndarray | float:
    """SiLU derivative without the product rule's second term: σ(x)."""
    return gradients.sigmoid(x)


def silu_grad_as_sigmoid_grad(x: ArrayLike) -> np.ndarray | float:
    """SiLU derivative confused with the sigmoid's: σ(x)(1 − σ(x))."""
    return gradients.sigmoid_grad(x)


def init_stds_no_receptive_field(
    in_channels: int, out_channels: int, kernel_size: int
) -> list[float]:
    """Conv init stds with fan_in = in_channels and fan_out = out_channels, forgetting the k·k
    receptive field."""
    return gradients.conv_init_stds(in_channels, out_channels, 1)


def init_stds_variance(in_channels: int, out_channels: int, kernel_size: int) -> list[float]:
    """The variances 2/fan_in and 2/(fan_in + fan_out) given where the standard deviations were
    asked."""
    return [s**2 for s in gradients.conv_init_stds(in_channels, out_channels, kernel_size)]


def warmup_cosine_whole_run(
    step: ArrayLike, peak_lr: float, warmup_steps: int, total_steps: int
) -> np.ndarray | float:
    """Cosine decay measured over the whole run, progress t/T, instead of from the end of the
    warm-up, (t − W)/(T − W)."""
    t = np.asarray(step, dtype=float)
    decay = 0.5 * (1.0 + np.cos(np.pi * t / float(total_steps)))
    out = peak_lr * np.where(t < warmup_steps, t / float(warmup_steps), decay)
    return float(out) if out.ndim == 0 else out


def warmup_cosine_no_warmup(
    step: ArrayLike, peak_lr: float, warmup_steps: int, total_steps: int
) -> np.ndarray | float:
    """No warm-up at all: the cosine from step 0, ``peak·½(1 + cos(π·t/T))`` at every step."""
    t = np.asarray(step, dtype=float)
    out = peak_lr * 0.5 * (1.0 + np.cos(np.pi * t / float(total_steps)))
    return float(out) if out.ndim == 0 else out


# --- losses (deeper subjects) ---------------------------------------------------------------


def focal_no_alpha(
    y_true: ArrayLike, p: ArrayLike, gamma: float = 2.0, alpha: float = 0.25
) -> float:
    """Focal loss without the α_t class weight (only the (1 − p_t)^γ modulation)."""
    return losses.focal_loss(y_true, p, gamma, -1.0)


def focal_alpha_for_all(
    y_true: ArrayLike, p: ArrayLike, gamma: float = 2.0, alpha: float = 0.25
) -> float:
    """Focal loss with α applied to every example, instead of α to positives and 1 − α to
    negatives."""
    return alpha * losses.focal_loss(y_true, p, gamma, -1.0)


def focal_modulate_with_p(
    y_true: ArrayLike, p: ArrayLike, gamma: float = 2.0, alpha: float = 0.25
) -> float:
    """Focal loss modulated by (1 − p)^γ for every example, not (1 − p_t)^γ (wrong for y = 0)."""
    y = np.asarray(y_true, dtype=float)
    q = np.asarray(p, dtype=float)
    p_t = np.where(y == 1, q, 1.0 - q)
    a_t = np.where(y == 1, alpha, 1.0 - alpha)
    return float(np.mean(-a_t * (1.0 - q) ** gamma * np.log(p_t)))


def label_smoothing_over_others(
    labels: ArrayLike, logits: ArrayLike, epsilon: float = 0.1
) -> float:
    """Label smoothing with target 1 − ε on the true class and ε/(K − 1) on each other class
    (not PyTorch's 1 − ε + ε/K and ε/K)."""
    y = np.atleast_1d(np.asarray(labels)).astype(int)
    z = np.atleast_2d(np.asarray(logits, dtype=float))
    k = z.shape[1]
    target = np.full(z.shape, epsilon / (k - 1))
    target[np.arange(len(y)), y] = 1.0 - epsilon
    return float(np.mean(-np.sum(target * losses.log_softmax(z), axis=1)))


def label_smoothing_true_one_minus_eps(
    labels: ArrayLike, logits: ArrayLike, epsilon: float = 0.1
) -> float:
    """Label smoothing with 1 − ε on the true class and ε/K on the others (the target no longer
    sums to 1)."""
    y = np.atleast_1d(np.asarray(labels)).astype(int)
    z = np.atleast_2d(np.asarray(logits, dtype=float))
    target = np.full(z.shape, epsilon / z.shape[1])
    target[np.arange(len(y)), y] = 1.0 - epsilon
    return float(np.mean(-np.sum(target * losses.log_softmax(z), axis=1)))


def kl_bits(p: ArrayLike, q: ArrayLike) -> float:
    """KL(p ‖ q) with log base 2 (bits) instead of the natural log (nats)."""
    return losses.kl_divergence(p, q) / np.log(2.0)


def triplet_squared(
    anchor: ArrayLike, positive: ArrayLike, negative: ArrayLike, margin: float = 1.0
) -> float:
    """Triplet loss with squared Euclidean distances (FaceNet's form), not PyTorch's plain
    distances."""
    a, pos, neg = (np.atleast_2d(np.asarray(v, dtype=float)) for v in (anchor, positive, negative))
    d_ap = np.sum((a - pos) ** 2, axis=1)
    d_an = np.sum((a - neg) ** 2, axis=1)
    return float(np.mean(np.maximum(0.0, d_ap - d_an + margin)))


def triplet_no_margin(
    anchor: ArrayLike, positive: ArrayLike, negative: ArrayLike, margin: float = 1.0
) -> float:
    """Triplet loss without the margin: max(0, d(a, p) − d(a, n))."""
    return losses.triplet_margin_loss(anchor, positive, negative, 0.0)


def info_nce_no_positive_in_denominator(
    positive: float, negatives: ArrayLike, temperature: float = 0.1
) -> float:
    """InfoNCE with only the negatives in the denominator: −s⁺/τ + log Σ_j e^{s⁻_j/τ}."""
    neg = np.atleast_1d(np.asarray(negatives, dtype=float)) / temperature
    m = np.max(neg)
    return float(-positive / temperature + m + np.log(np.sum(np.exp(neg - m))))


def info_nce_times_temperature(
    positive: float, negatives: ArrayLike, temperature: float = 0.1
) -> float:
    """InfoNCE with the similarities multiplied by τ instead of divided by it."""
    return losses.info_nce_anchor(positive, negatives, 1.0 / temperature)


def dice_coefficient(y_true: ArrayLike, p: ArrayLike, smooth: float = 0.0) -> float:
    """The soft Dice coefficient itself, not the loss 1 − Dice."""
    return 1.0 - losses.dice_loss(y_true, p, smooth)


def dice_as_iou(y_true: ArrayLike, p: ArrayLike, smooth: float = 0.0) -> float:
    """Soft Jaccard (IoU) loss 1 − Σpy / (Σp + Σy − Σpy) given for the Dice loss."""
    y = np.asarray(y_true, dtype=float)
    q = np.asarray(p, dtype=float)
    inter = np.sum(q * y)
    return float(1.0 - inter / (q.sum() + y.sum() - inter))


def dice_no_two(y_true: ArrayLike, p: ArrayLike, smooth: float = 0.0) -> float:
    """Dice loss without the factor 2 in the numerator: 1 − Σpy / (Σp + Σy)."""
    y = np.asarray(y_true, dtype=float)
    q = np.asarray(p, dtype=float)
    return float(1.0 - np.sum(q * y) / (q.sum() + y.sum()))


def perplexity_of_sum(p_true: ArrayLike) -> float:
    """exp of the summed (not averaged) negative log-likelihood of the tokens."""
    return float(np.exp(-np.sum(np.log(np.asarray(p_true, dtype=float)))))


def perplexity_arithmetic(p_true: ArrayLike) -> float:
    """The arithmetic mean of 1/p, instead of the geometric mean exp(−mean log p)."""
    return float(np.mean(1.0 / np.asarray(p_true, dtype=float)))


def perplexity_base2(p_true: ArrayLike) -> float:
    """2 raised to a cross-entropy measured in nats (mixing log bases)."""
    return float(2.0 ** (-np.mean(np.log(np.asarray(p_true, dtype=float)))))


def brier_two_classes(y_true: ArrayLike, p: ArrayLike) -> float:
    """The multi-class Brier sum over both classes for a binary problem: twice the binary score."""
    return 2.0 * losses.brier_score(y_true, p)


def brier_root(y_true: ArrayLike, p: ArrayLike) -> float:
    """The square root of the Brier score (an RMSE), not the mean squared error."""
    return float(np.sqrt(losses.brier_score(y_true, p)))


def brier_absolute(y_true: ArrayLike, p: ArrayLike) -> float:
    """The mean absolute difference |p − y| instead of its square."""
    y = np.asarray(y_true, dtype=float)
    return float(np.mean(np.abs(np.asarray(p, dtype=float) - y)))


def ece_unweighted(y_true: ArrayLike, p: ArrayLike, n_bins: int = 4) -> float:
    """ECE as the plain mean of the non-empty bins' gaps, without weighting by bin size."""
    y = np.asarray(y_true, dtype=float)
    q = np.asarray(p, dtype=float)
    ids = np.searchsorted(np.linspace(0.0, 1.0, int(n_bins) + 1)[1:-1], q)
    gaps = [abs(y[ids == b].mean() - q[ids == b].mean()) for b in np.unique(ids)]
    return float(np.mean(gaps))


def ece_one_bin(y_true: ArrayLike, p: ArrayLike, n_bins: int = 4) -> float:
    """|mean(y) − mean(p)| over all examples: calibration in the large, no binning."""
    y = np.asarray(y_true, dtype=float)
    return float(abs(y.mean() - np.asarray(p, dtype=float).mean()))


def poisson_deviance_half(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Poisson deviance without its factor 2: mean(y·log(y/μ) − y + μ)."""
    return losses.poisson_deviance(y_true, y_pred) / 2.0


def eps_insensitive_no_clamp(y_true: ArrayLike, y_pred: ArrayLike, epsilon: float = 0.1) -> float:
    """mean(|r|) − ε: ε subtracted after averaging, without clamping each term at 0."""
    return losses.mae(y_true, y_pred) - epsilon


def eps_insensitive_squared(y_true: ArrayLike, y_pred: ArrayLike, epsilon: float = 0.1) -> float:
    """The squared ε-insensitive loss mean(max(0, |r| − ε)²) instead of the linear one."""
    a = np.abs(losses.residuals(y_true, y_pred))
    return float(np.mean(np.maximum(0.0, a - epsilon) ** 2))


# --- PCA (deeper subjects) ------------------------------------------------------------------


def ppca_noise_sum(eigenvalues: ArrayLike, k: int) -> float:
    """The sum of the discarded eigenvalues instead of their mean (σ² is per dimension)."""
    return pca.discarded_variance(eigenvalues, k)


def ppca_noise_all_mean(eigenvalues: ArrayLike, k: int) -> float:
    """The mean of all the eigenvalues, kept ones included, instead of the discarded ones."""
    return float(np.mean(np.asarray(eigenvalues, dtype=float)))
