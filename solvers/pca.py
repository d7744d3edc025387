"""Principal component analysis: centering, covariance, eigen/SVD fits and reconstruction.

Conventions (scikit-learn's PCA): samples are rows; the covariance uses n − 1; components are
rows of unit norm, sorted by decreasing explained variance, with a deterministic sign — the
largest-magnitude entry of each component is positive (sklearn's ``svd_flip(u_based_decision=
False)``; on an exact tie in magnitude the first such entry decides).
"""

from __future__ import annotations

from typing import Literal, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from solvers._arrays import points as _points


def _data(X: ArrayLike) -> np.ndarray:
    a = np.asarray(X, dtype=float)
    if a.ndim != 2 or a.shape[0] < 2:
        raise ValueError("X must be an (n, d) array with n >= 2")
    return a


def center(X: ArrayLike) -> np.ndarray:
    """X minus its column means (every feature gets mean 0)."""
    a = _data(X)
    return a - a.mean(axis=0)


def covariance(X: ArrayLike) -> np.ndarray:
    """The (d, d) sample covariance matrix with the n − 1 denominator, as
    ``np.cov(X, rowvar=False)`` (always 2-D, also for one feature)."""
    a = center(X)
    return a.T @ a / (a.shape[0] - 1)


def eigenvalues(C: ArrayLike) -> np.ndarray:
    """The eigenvalues of a symmetric matrix, in **decreasing** order (np.linalg.eigh returns
    them increasing)."""
    return np.linalg.eigvalsh(np.asarray(C, dtype=float))[::-1]


def flip_signs(components: np.ndarray) -> np.ndarray:
    """Make the largest-magnitude entry of every row positive (sklearn's svd_flip on Vt)."""
    comp = np.array(components, dtype=float)
    rows = np.arange(comp.shape[0])
    signs = np.sign(comp[rows, np.argmax(np.abs(comp), axis=1)])
    signs[signs == 0] = 1.0
    return comp * signs[:, None]


class PCAResult(NamedTuple):
    mean: np.ndarray
    components: np.ndarray  # (n_components, d), rows
    explained_variance: np.ndarray  # eigenvalues of the covariance, decreasing
    explained_variance_ratio: np.ndarray  # explained_variance / total variance


def fit(
    X: ArrayLike, n_components: int | None = None, method: Literal["eigh", "svd"] = "svd"
) -> PCAResult:
    """Fit PCA like sklearn.decomposition.PCA(n_components, svd_solver="full").

    ``method="svd"`` uses the SVD of the centered data (explained variance = S²/(n−1));
    ``method="eigh"`` the eigen-decomposition of :func:`covariance`. Both give the same result up
    to rounding. The ratio divides by the **total** variance (the trace of the covariance), not by
    the variance kept. n_components None keeps min(n, d).
    """
    a = _data(X)
    n, d = a.shape
    k = min(n, d) if n_components is None else n_components
    if not 1 <= k <= min(n, d):
        raise ValueError(f"n_components must be in 1..{min(n, d)}")
    xc = center(a)
    if method == "svd":
        _, s, vt = np.linalg.svd(xc, full_matrices=False)
        var = s**2 / (n - 1)
        comp = vt
    elif method == "eigh":
        w, v = np.linalg.eigh(covariance(a))
        order = np.argsort(w)[::-1]
        var = np.maximum(w[order], 0.0)
        comp = v[:, order].T
    else:
        raise ValueError("method must be 'svd' or 'eigh'")
    total = float(np.trace(covariance(a)))
    if total == 0:
        raise ValueError("X has no variance: every feature is constant")
    comp = flip_signs(comp[:k])
    return PCAResult(a.mean(axis=0), comp, var[:k].copy(), var[:k] / total)


def transform(X: ArrayLike, components: ArrayLike, mean: ArrayLike) -> np.ndarray:
    """Scores (projections): ``(X − mean) @ componentsᵀ``, shape (n, k); as PCA.transform
    without whitening."""
    return (_points(X) - np.asarray(mean, dtype=float)) @ np.atleast_2d(
        np.asarray(components, dtype=float)
    ).T


def inverse_transform(Z: ArrayLike, components: ArrayLike, mean: ArrayLike) -> np.ndarray:
    """Back to the original space: ``Z @ components + mean`` (as PCA.inverse_transform). A scalar
    or 1-D Z is one sample's scores."""
    comp = np.atleast_2d(np.asarray(components, dtype=float))
    z = np.asarray(Z, dtype=float).reshape(-1, comp.shape[0])
    return z @ comp + np.asarray(mean, dtype=float)


def project(X: ArrayLike, direction: ArrayLike) -> np.ndarray:
    """The score of each sample on one unit direction v: ``(x_i − mean(X))·v`` — centering
    first, as PCA.transform does."""
    v = np.asarray(direction, dtype=float)
    return center(X) @ (v / np.linalg.norm(v))


def reconstruction_error(X: ArrayLike, n_components: int) -> float:
    """Mean squared reconstruction error per sample after keeping n_components:
    ``mean_i ‖x_i − x̂_i‖²``. It equals ``(n−1)/n × Σ`` of the discarded eigenvalues of the
    covariance (see :func:`discarded_variance`)."""
    a = _data(X)
    res = fit(a, n_components)
    back = inverse_transform(transform(a, res.components, res.mean), res.components, res.mean)
    return float(np.mean(np.sum((a - back) ** 2, axis=1)))


def _sorted_desc(values: ArrayLike) -> np.ndarray:
    v = np.sort(np.asarray(values, dtype=float))[::-1]
    if np.any(v < 0):
        raise ValueError("variances (eigenvalues) must be >= 0")
    return v


def _check_k(k: int, size: int) -> int:
    if not 0 <= int(k) <= size:
        raise ValueError(f"k must be in 0..{size}")
    return int(k)


def explained_variance_ratio(eigenvalues: ArrayLike, k: int) -> float:
    """Fraction of the total variance kept by the top k components: ``Σ top-k λ / Σ λ`` for the
    covariance eigenvalues λ given in any order (the largest k are kept, whatever order they
    are listed in)."""
    v = _sorted_desc(eigenvalues)
    return float(v[: _check_k(k, v.size)].sum() / v.sum())


def discarded_variance(eigenvalues: ArrayLike, k: int) -> float:
    """Variance lost when keeping the top k components: the sum of the other eigenvalues. It is
    the reconstruction error ``Σ_i ‖x_i − x̂_i‖² / (n − 1)`` (same normalization as the
    covariance)."""
    v = _sorted_desc(eigenvalues)
    return float(v[_check_k(k, v.size) :].sum())


def evr_from_singular_values(singular_values: ArrayLike, k: int) -> float:
    """Explained variance ratio of the top k components from the singular values S of the
    centered data: ``Σ top-k S² / Σ S²`` (explained variance = S²/(n−1); the n−1 cancels)."""
    s = np.asarray(singular_values, dtype=float)
    return explained_variance_ratio(s**2, k)


def top_eigenvector(C: ArrayLike) -> np.ndarray:
    """The unit eigenvector of the largest eigenvalue of a symmetric matrix, signed as
    scikit-learn signs ``components_[0]``: its largest-magnitude entry is positive (for the
    covariance of X this is ``PCA(svd_solver="full").fit(X).components_[0]``)."""
    _, vecs = np.linalg.eigh(np.asarray(C, dtype=float))
    return flip_signs(vecs[:, -1][None, :])[0]


def power_iteration(A: ArrayLike, b0: ArrayLike, steps: int) -> np.ndarray:
    """``steps`` iterations of the power method from ``b0``: ``b ← A·b / ‖A·b‖₂``, normalizing
    with the L2 norm after every product (the textbook power method, Golub & Van Loan §8.2);
    returns the unit vector after the last step. For a
    symmetric A with a unique largest-magnitude eigenvalue it converges to that eigenvector."""
    a = np.asarray(A, dtype=float)
    b = np.asarray(b0, dtype=float)
    if int(steps) < 1:
        raise ValueError("steps must be >= 1")
    for _ in range(int(steps)):
        b = a @ b
        norm = float(np.linalg.norm(b))
        if norm == 0:
            raise ValueError("A·b is the zero vector: b0 lies in the null space of A")
        b = b / norm
    return b


def whiten(scores: ArrayLike, explained_variance: ArrayLike) -> np.ndarray:
    """Whitened PCA scores ``z_j / sqrt(λ_j)``: what ``PCA(whiten=True).transform`` returns,
    given the unwhitened scores (one sample, or rows of samples) and ``explained_variance_``
    (the n − 1 eigenvalues)."""
    lam = np.asarray(explained_variance, dtype=float)
    if np.any(lam <= 0):
        raise ValueError("explained variances must be > 0 to whiten")
    return np.asarray(scores, dtype=float) / np.sqrt(lam)


def linear_kernel(X: ArrayLike) -> np.ndarray:
    """The Gram matrix ``X·Xᵀ`` of the rows of X (the linear kernel, ``k(x, x') = xᵀx'``)."""
    a = _data(X)
    return a @ a.T


def center_kernel(K: ArrayLike) -> np.ndarray:
    """A kernel matrix centered in feature space, ``K − 1ₙK − K1ₙ + 1ₙK1ₙ`` with 1ₙ the n×n
    matrix of 1/n: entry (i, j) minus the mean of row i and of column j, plus the grand mean
    (scikit-learn's ``KernelCenterer().fit_transform(K)``, what ``KernelPCA`` does)."""
    k = np.asarray(K, dtype=float)
    if k.ndim != 2 or k.shape[0] != k.shape[1]:
        raise ValueError("K must be a square matrix")
    return k - k.mean(axis=0)[None, :] - k.mean(axis=1)[:, None] + k.mean()


def kaiser_count(eigenvalues: ArrayLike, threshold: float = 1.0) -> int:
    """How many components Kaiser's rule keeps: the eigenvalues of the **correlation** matrix
    strictly greater than 1 (the average eigenvalue; Kaiser 1960, the "eigenvalue > 1" rule)."""
    return int(np.sum(np.asarray(eigenvalues, dtype=float) > threshold))


def correlation_spectrum(raw: ArrayLike) -> np.ndarray:
    """Draws turned into plausible eigenvalues of a d×d correlation matrix for a question: scaled
    to sum to d (the trace), 2 decimals, none exactly 1 (so Kaiser's rule never meets a tie),
    sorted decreasing. The largest absorbs the rounding so that the sum is exactly d."""
    r = np.abs(np.asarray(raw, dtype=float))
    d = r.size
    v = np.round(r / r.sum() * d, 2)
    v[v == 1.0] += 0.03
    v = np.sort(v)[::-1]
    v[0] = round(d - float(v[1:].sum()), 2)
    if np.any(v <= 0) or np.any(v == 1.0):
        raise ValueError("draws too uneven for a correlation spectrum")
    return v


def well_posed_2d(X: ArrayLike) -> np.ndarray:
    """X (n, 2) adjusted for a question about its first principal component: while the two
    columns have equal variances or zero covariance, or the component is within 0.02 of the top
    singular vector of the *uncentered* X, the first entry of a column is raised by 1
    (alternating). The component is then unique, off the axes, its two entries differ in
    magnitude (so the sign rule is never decided by rounding), and forgetting to center gives a
    visibly different answer."""
    a = _data(X).copy()
    if a.shape[1] != 2:
        raise ValueError("X must have two columns")
    for step in range(100):
        c = covariance(a)
        if abs(c[0, 0] - c[1, 1]) > 1e-9 and abs(c[0, 1]) > 1e-9:
            gap = np.abs(top_eigenvector(c) - top_eigenvector(a.T @ a)).max()
            if gap > 0.02:
                return a
        a[0, step % 2] += 1.0
    raise ValueError("could not make X well posed")


def ppca_noise_variance(eigenvalues: ArrayLike, k: int) -> float:
    """The maximum-likelihood noise variance σ² of probabilistic PCA with k components: the
    **mean** of the discarded covariance eigenvalues (Tipping & Bishop 1999, eq. 8); what
    scikit-learn's ``PCA(n_components=k).noise_variance_`` holds."""
    v = _sorted_desc(eigenvalues)
    k = _check_k(k, v.size)
    if k == v.size:
        return 0.0
    return float(v[k:].mean())
