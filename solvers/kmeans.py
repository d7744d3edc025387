"""k-means: distances, assignment, update, Lloyd's algorithm, inertia and k-means++.

``X`` is an (n, d) array of points, ``C`` a (k, d) array of centroids; labels are 0-based.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from solvers._arrays import points as _points

METRICS = ("euclidean", "sqeuclidean", "manhattan", "cosine", "mahalanobis")


def pairwise_distances(
    X: ArrayLike, C: ArrayLike, metric: str = "euclidean", VI: ArrayLike | None = None
) -> np.ndarray:
    """The (n, k) matrix of distances from each point of X to each row of C.

    Metrics, with the same definitions as scipy.spatial.distance.cdist:
    ``euclidean`` ‖x−c‖₂; ``sqeuclidean`` ‖x−c‖₂²; ``manhattan`` ‖x−c‖₁ (cdist's "cityblock");
    ``cosine`` 1 − x·c/(‖x‖‖c‖) (a distance, not the similarity); ``mahalanobis``
    sqrt((x−c)ᵀ VI (x−c)) where VI is the inverse covariance — when VI is None it is the inverse
    of the sample covariance (ddof=1) of X and C stacked, as cdist computes it. A 1-D X or C is a
    single point. Differences are computed directly (not via ‖x‖² − 2x·c + ‖c‖²), so exact ties
    stay exact.
    """
    A, B = _points(X), _points(C)
    if A.shape[1] != B.shape[1]:
        raise ValueError(f"dimension mismatch: {A.shape} vs {B.shape}")
    diff = A[:, None, :] - B[None, :, :]
    if metric == "euclidean":
        return np.sqrt(np.sum(diff**2, axis=-1))
    if metric == "sqeuclidean":
        return np.sum(diff**2, axis=-1)
    if metric == "manhattan":
        return np.sum(np.abs(diff), axis=-1)
    if metric == "cosine":
        na = np.linalg.norm(A, axis=1)[:, None]
        nb = np.linalg.norm(B, axis=1)[None, :]
        if np.any(na == 0) or np.any(nb == 0):
            raise ValueError("cosine distance is undefined for a zero vector")
        return 1.0 - (A @ B.T) / (na * nb)
    if metric == "mahalanobis":
        vi = (
            np.linalg.inv(np.cov(np.vstack([A, B]), rowvar=False)).T
            if VI is None
            else np.asarray(VI, dtype=float)
        )
        q = np.einsum("nkd,de,nke->nk", diff, vi, diff)
        return np.sqrt(np.maximum(q, 0.0))
    raise ValueError(f"unknown metric {metric!r}; one of {', '.join(METRICS)}")


def assign(X: ArrayLike, C: ArrayLike, metric: str = "euclidean") -> np.ndarray:
    """The index of the nearest centroid for each point (E-step). Ties go to the lowest index
    (np.argmin's first minimum); with the direct difference computation an exact tie in the data
    is an exact tie in the distances."""
    return np.argmin(pairwise_distances(X, C, metric), axis=1)


def update(X: ArrayLike, labels: ArrayLike, C: ArrayLike) -> np.ndarray:
    """The new centroids (M-step): the mean of the points assigned to each cluster. An **empty
    cluster keeps its previous centroid** ``C[j]`` (scikit-learn instead relocates it to a far
    point; the results agree whenever no cluster is empty)."""
    A, old = _points(X), np.asarray(C, dtype=float)
    lab = np.asarray(labels, dtype=int)
    new = old.copy()
    for j in range(old.shape[0]):
        members = A[lab == j]
        if len(members):
            new[j] = members.mean(axis=0)
    return new


def lloyd_step(X: ArrayLike, C: ArrayLike) -> np.ndarray:
    """One Lloyd iteration: assign every point to its nearest centroid (Euclidean, ties → lowest
    index), then move each centroid to the mean of its points (empty cluster: unchanged)."""
    return update(X, assign(X, C), C)


def inertia(X: ArrayLike, C: ArrayLike, labels: ArrayLike | None = None) -> float:
    """Within-cluster sum of squared Euclidean distances: ``Σ_i ‖x_i − C[label_i]‖²``; with
    labels None each point uses its nearest centroid. Matches KMeans.inertia_ (a sum, not a
    mean, and squared distances)."""
    A, B = _points(X), _points(C)
    lab = assign(A, B) if labels is None else np.asarray(labels, dtype=int)
    return float(np.sum((A - B[lab]) ** 2))


class LloydResult(NamedTuple):
    centroids: np.ndarray
    labels: np.ndarray
    n_iter: int
    inertia: float


def tolerance(X: ArrayLike, tol: float) -> float:
    """scikit-learn's absolute tolerance for k-means: ``tol × mean of the per-feature variances
    of X`` (population variances, np.var with ddof=0)."""
    return float(np.mean(np.var(_points(X), axis=0)) * tol) if tol else 0.0


def lloyd(
    X: ArrayLike, init_centroids: ArrayLike, max_iter: int = 300, tol: float = 1e-4
) -> LloydResult:
    """Lloyd's algorithm from given initial centroids, with scikit-learn's stopping rules
    (KMeans(init=C, n_init=1, algorithm="lloyd")):

    each iteration assigns (E) then updates (M); it stops when the labels did not change
    ("strict convergence") or when the total squared centroid shift ``Σ_j ‖c_j' − c_j‖²`` is
    <= ``tol × mean per-feature variance of X``, or after max_iter. Without strict convergence a
    final E-step makes the labels match the returned centroids. ``n_iter`` counts iterations as
    sklearn's ``n_iter_``. Empty clusters keep their centroid (see :func:`update`).
    """
    A = _points(X)
    C = np.asarray(init_centroids, dtype=float).copy()
    threshold = tolerance(A, tol)
    labels_old = np.full(A.shape[0], -1)
    labels = labels_old
    strict = False
    n_iter = 0
    while n_iter < max_iter:
        n_iter += 1
        labels = assign(A, C)
        C_new = update(A, labels, C)
        shift = float(np.sum((C_new - C) ** 2))
        C = C_new
        if np.array_equal(labels, labels_old):
            strict = True
            break
        if shift <= threshold:
            break
        labels_old = labels
    if not strict:
        labels = assign(A, C)
    return LloydResult(C, labels, n_iter, inertia(A, C, labels))


def kpp_probabilities(X: ArrayLike, C: ArrayLike) -> np.ndarray:
    """k-means++ sampling probabilities of each point given the centroids chosen so far:
    ``D(x)² / Σ D²`` with D(x) the Euclidean distance to the nearest chosen centroid (points
    already chosen get 0)."""
    d2 = np.min(pairwise_distances(X, C, "sqeuclidean"), axis=1)
    total = d2.sum()
    if total == 0:
        raise ValueError("every point coincides with a chosen centroid")
    return d2 / total


def kmeans_plus_plus(X: ArrayLike, k: int, seed: int) -> np.ndarray:
    """k initial centroids by k-means++ (Arthur & Vassilvitskii): the first uniformly at random,
    each next one sampled with probability ∝ D(x)², the squared distance to the nearest centroid
    chosen so far. Returns the (k, d) centroids (rows of X).

    Uses ``np.random.RandomState(seed)`` with the same calls as scikit-learn, so the result equals
    ``sklearn.cluster.kmeans_plusplus(X, k, random_state=seed, n_local_trials=1)[0]``
    (sklearn's default is the *greedy* variant with 2 + log k local trials per step).
    """
    A = _points(X)
    n = A.shape[0]
    if not 1 <= k <= n:
        raise ValueError("need 1 <= k <= number of points")
    rs = np.random.RandomState(seed)
    idx = [int(rs.choice(n, p=np.full(n, 1.0 / n)))]
    closest = np.sum((A - A[idx[0]]) ** 2, axis=1)
    for _ in range(1, k):
        pot = float(closest.sum())
        r = rs.uniform(size=1) * pot
        cand = int(min(np.searchsorted(np.cumsum(closest), r)[0], n - 1))
        idx.append(cand)
        closest = np.minimum(closest, np.sum((A - A[cand]) ** 2, axis=1))
    return A[idx].copy()


# --- variants: Hartigan, MacQueen, mini-batch ------------------------------------------------


def hartigan_delta(X: ArrayLike, labels: ArrayLike, index: int, target: int) -> float:
    """The exact change in inertia when point ``index`` moves from its cluster A to cluster
    ``target`` B, both means being recomputed (Hartigan & Wong's move test)::

        Δ = |B|/(|B|+1)·‖x − μ_B‖² − |A|/(|A|−1)·‖x − μ_A‖²

    (cluster sizes before the move; Δ < 0 means the move lowers the inertia). Requires |A| ≥ 2
    and B ≠ A. Lloyd's assignment step compares only ‖x − μ_B‖² with ‖x − μ_A‖², so a point can
    be Lloyd-stable and still worth moving under Hartigan's rule.
    """
    A = _points(X)
    lab = np.asarray(labels, dtype=int)
    i, b = int(index), int(target)
    a = int(lab[i])
    n_a, n_b = int(np.sum(lab == a)), int(np.sum(lab == b))
    if a == b or n_a < 2 or n_b < 1:
        raise ValueError("need a different, non-empty target and a source cluster of size >= 2")
    mu_a, mu_b = A[lab == a].mean(axis=0), A[lab == b].mean(axis=0)
    gain_b = n_b / (n_b + 1) * float(np.sum((A[i] - mu_b) ** 2))
    loss_a = n_a / (n_a - 1) * float(np.sum((A[i] - mu_a) ** 2))
    return gain_b - loss_a


def macqueen(X: ArrayLike, k: int) -> np.ndarray:
    """One pass of MacQueen's online k-means (1967): the first k points are the initial
    centroids, each with count 1; every later point, in order, joins its nearest current
    centroid (Euclidean, ties → lowest index), whose count n grows by one and which moves to the
    running mean ``c ← c + (x − c)/n``. Returns the (k, d) centroids after the pass."""
    A = _points(X)
    k = int(k)
    if not 1 <= k <= A.shape[0]:
        raise ValueError("need 1 <= k <= number of points")
    C = A[:k].copy()
    counts = np.ones(k)
    for x in A[k:]:
        j = int(assign(x, C)[0])
        counts[j] += 1
        C[j] += (x - C[j]) / counts[j]
    return C


def minibatch_update(X: ArrayLike, C: ArrayLike, counts: ArrayLike) -> np.ndarray:
    """One mini-batch k-means step with scikit-learn's convention (``MiniBatchKMeans``,
    ``_minibatch_update_dense``): assign the batch X to the nearest centroids, then for each
    centroid j that received m_j batch points, with n_j points (total weight) received before,
    ``c_j ← (n_j·c_j + Σ batch points) / (n_j + m_j)`` — the per-centre learning rate 1/count
    applied point by point. Centroids that receive no point stay. ``counts`` are the n_j."""
    A = _points(X)
    old = np.asarray(C, dtype=float)
    n = np.asarray(counts, dtype=float)
    lab = assign(A, old)
    new = old.copy()
    for j in range(old.shape[0]):
        members = A[lab == j]
        if len(members):
            new[j] = (n[j] * old[j] + members.sum(axis=0)) / (n[j] + len(members))
    return new


# --- soft and kernel variants -----------------------------------------------------------------


def fuzzy_memberships(X: ArrayLike, C: ArrayLike, m: float = 2.0) -> np.ndarray:
    """Fuzzy c-means memberships (Bezdek) for fixed centres, the minimiser of
    ``Σ_ij u_ij^m ‖x_i − c_j‖²`` with ``Σ_j u_ij = 1``::

        u_ij = 1 / Σ_l (d_ij / d_il)^(2/(m−1)),   d = Euclidean distance, m > 1

    (scikit-fuzzy's ``cmeans`` convention). Returns the (n, k) matrix; each row sums to 1. A
    point that coincides with a centre is undefined here (ValueError)."""
    if m <= 1:
        raise ValueError("the fuzzifier m must be > 1")
    D = pairwise_distances(X, C)
    if np.any(D == 0):
        raise ValueError("a point coincides with a centre")
    ratios = (D[:, :, None] / D[:, None, :]) ** (2.0 / (m - 1.0))
    return 1.0 / ratios.sum(axis=2)


def responsibilities(X: ArrayLike, means: ArrayLike, variance: float) -> np.ndarray:
    """E-step of a Gaussian mixture whose components share one spherical covariance σ²I and equal
    weights: ``r_ij = softmax_j(−‖x_i − μ_j‖² / (2σ²))`` (n, k). As σ² → 0 each row becomes the
    one-hot nearest-mean assignment of k-means. Computed with the max subtracted (stable)."""
    if variance <= 0:
        raise ValueError("the variance must be > 0")
    logits = -pairwise_distances(X, means, "sqeuclidean") / (2.0 * variance)
    logits -= logits.max(axis=1, keepdims=True)
    e = np.exp(logits)
    return e / e.sum(axis=1, keepdims=True)


def kernel_distance(K: ArrayLike, index: int, members: ArrayLike) -> float:
    """Squared feature-space distance from point ``index`` to the mean of the points
    ``members`` (0-based indices), from the kernel matrix alone (kernel k-means)::

        ‖φ(x_i) − μ‖² = K_ii − (2/|C|)·Σ_{j∈C} K_ij + (1/|C|²)·Σ_{j,l∈C} K_jl
    """
    Km = np.asarray(K, dtype=float)
    idx = np.asarray(members, dtype=int)
    i = int(index)
    if idx.size == 0:
        raise ValueError("the cluster has no members")
    return float(Km[i, i] - 2.0 * Km[i, idx].mean() + Km[np.ix_(idx, idx)].sum() / idx.size**2)


# --- evaluation: sums of squares, silhouette, label matching ---------------------------------


def total_sum_of_squares(X: ArrayLike) -> float:
    """TSS = ``Σ_i ‖x_i − x̄‖²``, the squared distances to the grand mean."""
    A = _points(X)
    return float(np.sum((A - A.mean(axis=0)) ** 2))


def between_sum_of_squares(X: ArrayLike, labels: ArrayLike) -> float:
    """BCSS = ``Σ_j n_j ‖μ_j − x̄‖²`` over the non-empty clusters (n_j points, mean μ_j). With
    WCSS the inertia of the cluster means, TSS = WCSS + BCSS."""
    A = _points(X)
    lab = np.asarray(labels, dtype=int)
    grand = A.mean(axis=0)
    return float(
        sum(np.sum(lab == j) * np.sum((A[lab == j].mean(axis=0) - grand) ** 2) for j in set(lab))
    )


def calinski_harabasz(X: ArrayLike, labels: ArrayLike) -> float:
    """Calinski–Harabasz index ``[BCSS/(k−1)] / [WCSS/(n−k)]`` (k non-empty clusters), as
    sklearn.metrics.calinski_harabasz_score (which returns 1.0 when WCSS = 0)."""
    A = _points(X)
    lab = np.asarray(labels, dtype=int)
    n, k = A.shape[0], len(set(lab.tolist()))
    if not 2 <= k <= n - 1:
        raise ValueError("need 2 <= number of clusters <= n - 1")
    bcss = between_sum_of_squares(A, lab)
    wcss = total_sum_of_squares(A) - bcss
    return 1.0 if wcss == 0 else bcss * (n - k) / (wcss * (k - 1))


def silhouette_samples(X: ArrayLike, labels: ArrayLike) -> np.ndarray:
    """Silhouette of every point, as sklearn.metrics.silhouette_samples (Euclidean):
    ``s = (b − a)/max(a, b)`` with a the mean distance to the *other* points of its own cluster
    and b the smallest, over the other clusters, of the mean distance to that cluster's points;
    a point alone in its cluster gets s = 0. Needs 2 ≤ number of labels ≤ n − 1."""
    A = _points(X)
    lab = np.asarray(labels, dtype=int)
    ids = sorted(set(lab.tolist()))
    if not 2 <= len(ids) <= A.shape[0] - 1:
        raise ValueError("need 2 <= number of clusters <= n - 1")
    D = pairwise_distances(A, A)
    s = np.zeros(A.shape[0])
    for i in range(A.shape[0]):
        own = lab == lab[i]
        if own.sum() == 1:
            continue
        a = D[i, own].sum() / (own.sum() - 1)
        b = min(D[i, lab == j].mean() for j in ids if j != lab[i])
        s[i] = (b - a) / max(a, b)
    return s


def silhouette_point(X: ArrayLike, labels: ArrayLike, index: int) -> float:
    """The silhouette of point ``index`` (0-based) — see :func:`silhouette_samples`."""
    return float(silhouette_samples(X, labels)[int(index)])


def silhouette_score(X: ArrayLike, labels: ArrayLike) -> float:
    """The mean silhouette over all points, as sklearn.metrics.silhouette_score (no sampling)."""
    return float(np.mean(silhouette_samples(X, labels)))


def contingency(labels_true: ArrayLike, labels_pred: ArrayLike) -> np.ndarray:
    """The contingency table: entry (r, c) counts the points of true class r put in cluster c
    (rows and columns are the sorted distinct labels), as sklearn's contingency_matrix."""
    t = np.asarray(labels_true, dtype=int)
    p = np.asarray(labels_pred, dtype=int)
    rows, cols = np.unique(t), np.unique(p)
    return np.array([[np.sum((t == r) & (p == c)) for c in cols] for r in rows])


def matched_accuracy(labels_true: ArrayLike, labels_pred: ArrayLike) -> float:
    """Accuracy after the best one-to-one matching of clusters to classes (the Hungarian
    assignment on the contingency table; scipy.optimize.linear_sum_assignment with
    maximize=True gives the same total). Solved exactly by trying every matching, so it is for
    small tables (at most 7 clusters or classes). Unmatched points count as errors."""
    from itertools import permutations

    M = contingency(labels_true, labels_pred)
    if max(M.shape) > 7:
        raise ValueError("at most 7 classes or clusters")
    r, c = M.shape
    if r <= c:
        best = max(sum(M[i, p[i]] for i in range(r)) for p in permutations(range(c), r))
    else:
        best = max(sum(M[p[j], j] for j in range(c)) for p in permutations(range(r), c))
    return float(best) / float(M.sum())


def _pairs(n: ArrayLike) -> float:
    a = np.asarray(n, dtype=float)
    return float(np.sum(a * (a - 1) / 2))


def rand_index(labels_true: ArrayLike, labels_pred: ArrayLike) -> float:
    """The (unadjusted) Rand index: the share of point pairs on which the two partitions agree
    (same cluster in both, or different in both), as sklearn.metrics.rand_score."""
    M = contingency(labels_true, labels_pred)
    n = float(M.sum())
    total = n * (n - 1) / 2
    same_both = _pairs(M)
    same_true, same_pred = _pairs(M.sum(axis=1)), _pairs(M.sum(axis=0))
    return float((total + 2 * same_both - same_true - same_pred) / total)


def adjusted_rand_index(labels_true: ArrayLike, labels_pred: ArrayLike) -> float:
    """Adjusted Rand index (Hubert & Arabie, 1985), as sklearn.metrics.adjusted_rand_score::

        ARI = (Σ C(n_rc, 2) − E) / (½(Σ C(a_r, 2) + Σ C(b_c, 2)) − E),
        E = Σ C(a_r, 2)·Σ C(b_c, 2) / C(n, 2)

    (a_r row sums, b_c column sums of the contingency table). 1 for identical partitions,
    about 0 for independent ones, can be negative. Symmetric in its arguments."""
    M = contingency(labels_true, labels_pred)
    n = float(M.sum())
    index = _pairs(M)
    rows, cols = _pairs(M.sum(axis=1)), _pairs(M.sum(axis=0))
    expected = rows * cols / (n * (n - 1) / 2)
    top = 0.5 * (rows + cols)
    if top == expected:
        raise ValueError("the adjusted Rand index is 0/0 for these partitions")
    return float((index - expected) / (top - expected))


# --- derived inputs: draws that make well-posed questions ------------------------------------

_OFFSETS = [(0, 0)] + [
    (dx, dy)
    for r in range(1, 6)
    for dx in range(-r, r + 1)
    for dy in range(-r, r + 1)
    if max(abs(dx), abs(dy)) == r
]


def untie_centroids(
    X: ArrayLike,
    C: ArrayLike,
    metric: str = "euclidean",
    margin: float = 0.5,
    apart: bool = False,
) -> np.ndarray:
    """C with its rows nudged (deterministically) so the question is well posed: each row j ≥ 1
    is shifted by the first offset in a fixed spiral of small integer steps (2-D) such that it
    differs from every earlier row, is not zero (cosine) nor orthogonal to a point (cosine),
    and every point's distances to rows 0..j have no two closer than ``margin`` (squared
    distances for euclidean, distances for cosine); with ``apart`` no point may lie within
    ``margin`` of a row either. Draws no random numbers."""
    A = _points(X)
    rows = np.asarray(C, dtype=float).copy()
    kind = "sqeuclidean" if metric == "euclidean" else metric

    def ok(j: int) -> bool:
        c = rows[j]
        if any(np.array_equal(c, rows[i]) for i in range(j)):
            return False
        if metric == "cosine" and (not np.any(c) or np.any(np.isclose(A @ c, 0.0))):
            return False
        D = np.sort(pairwise_distances(A, rows[: j + 1], kind), axis=1)
        if apart and np.any(D[:, 0] < margin):
            return False
        return bool(j == 0 or np.all(np.diff(D, axis=1) >= margin))

    for j in range(rows.shape[0]):
        base = rows[j].copy()
        for dx, dy in _OFFSETS:
            rows[j] = base + np.array([dx, dy] + [0] * (len(base) - 2), dtype=float)
            if ok(j):
                break
        else:
            raise ValueError("could not untie the centroids")
    return rows


def permuted_labels(labels: ArrayLike, perm: ArrayLike, noise: ArrayLike) -> np.ndarray:
    """Cluster ids for a question on matching clusters to classes: point i gets
    ``perm[(labels_i + shift_i) mod k]`` where a noise draw of 1 or 2 is the shift and any other
    value means 0 (so about 2 draws in 7 from 0..6 are errors). If no point was shifted, the
    last one is, so the clustering never equals the classes up to renaming."""
    lab = np.asarray(labels, dtype=int)
    p = np.asarray(perm, dtype=int)
    k = len(p)
    shift = np.where(np.isin(np.asarray(noise, dtype=int), (1, 2)), noise, 0).astype(int)
    if not np.any(shift):
        shift[-1] = 1
    return p[(lab + shift) % k]


def polynomial_kernel(X: ArrayLike, degree: int = 2, coef0: float = 1.0) -> np.ndarray:
    """The kernel matrix ``K_ij = (x_i·x_j + coef0)^degree`` (sklearn.metrics.pairwise
    .polynomial_kernel with gamma = 1)."""
    A = _points(X)
    return (A @ A.T + coef0) ** int(degree)


def ch_from_sums(tss: float, wcss: float, n: int, k: int) -> float:
    """Calinski–Harabasz index from the sums of squares: BCSS = TSS − WCSS and
    ``CH = [BCSS/(k−1)] / [WCSS/(n−k)]`` (see :func:`calinski_harabasz`)."""
    if not 2 <= k <= n - 1 or wcss <= 0:
        raise ValueError("need 2 <= k <= n - 1 and WCSS > 0")
    return (tss - wcss) * (n - k) / (wcss * (k - 1))


def lerp(a: ArrayLike, b: ArrayLike, t: float) -> np.ndarray:
    """The point ``a + t·(b − a)`` on the segment from a to b (t in [0, 1])."""
    u, v = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return u + float(t) * (v - u)
