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
