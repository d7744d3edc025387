"""Derived-input helpers: small deterministic functions that numeric cards use (as ``type:
derived`` inputs) to shape random draws into well-posed questions — mixed Huber branches,
sorted eigenvalues, well-separated clusters, a diagonal covariance.

They take earlier inputs (plain lists and numbers) and return arrays or numbers; they draw no
random numbers themselves, so a question depends on its seed only through the generators.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def add(a: ArrayLike, b: ArrayLike) -> np.ndarray:
    """Element-wise ``a + b`` (with broadcasting)."""
    return np.asarray(a, dtype=float) + np.asarray(b, dtype=float)


def mixed_residuals(inside: ArrayLike, outside: ArrayLike, delta: float) -> np.ndarray:
    """Residuals that put some elements on each branch of Huber / smooth L1 with threshold δ.

    Each ``inside`` draw u becomes ``sign(u)·clip(|u|, 0.4, 0.9)·δ`` (quadratic branch, never 0)
    and each ``outside`` draw u becomes ``sign(u)·(1.25 + |u|)·δ`` (linear branch); the two kinds
    alternate, inside first. Draw both from about [−1, 1].
    """
    ins = np.asarray(inside, dtype=float)
    out = np.asarray(outside, dtype=float)
    sign_i = np.where(ins < 0, -1.0, 1.0)
    sign_o = np.where(out < 0, -1.0, 1.0)
    r_in = sign_i * np.clip(np.abs(ins), 0.4, 0.9) * delta
    r_out = sign_o * (1.25 + np.abs(out)) * delta
    res: list[float] = []
    for i in range(max(len(r_in), len(r_out))):
        if i < len(r_in):
            res.append(float(r_in[i]))
        if i < len(r_out):
            res.append(float(r_out[i]))
    return np.asarray(res)


def sort_ascending(values: ArrayLike) -> np.ndarray:
    """The values in increasing order (the order np.linalg.eigh returns eigenvalues in)."""
    return np.sort(np.asarray(values, dtype=float))


def sort_descending(values: ArrayLike) -> np.ndarray:
    """The values in decreasing order (the order PCA lists explained variances in)."""
    return np.sort(np.asarray(values, dtype=float))[::-1]


def blobs(centers: ArrayLike, noise: ArrayLike) -> np.ndarray:
    """Clustered points: row i is ``centers[i mod k] + noise[i]`` (so every cluster gets
    n/k points when k divides the number of noise rows)."""
    c = np.atleast_2d(np.asarray(centers, dtype=float))
    e = np.atleast_2d(np.asarray(noise, dtype=float))
    return c[np.arange(len(e)) % len(c)] + e


def vector(values: ArrayLike) -> np.ndarray:
    """Several numbers (e.g. ``[x0, x1]``, a list of input names) as one vector."""
    return np.asarray(values, dtype=float).ravel()


def columns(a: ArrayLike, b: ArrayLike) -> np.ndarray:
    """The matrix whose two columns are a and b (row i is ``[a_i, b_i]``)."""
    return np.column_stack([np.asarray(a, dtype=float), np.asarray(b, dtype=float)])


def row(M: ArrayLike, index: int) -> np.ndarray:
    """Row ``index`` (0-based) of M."""
    return np.atleast_2d(np.asarray(M, dtype=float))[int(index)].copy()


def append_row(M: ArrayLike, row: ArrayLike) -> np.ndarray:
    """The matrix M with one more row at the bottom."""
    return np.vstack([np.atleast_2d(np.asarray(M, dtype=float)), np.asarray(row, dtype=float)])


def diag(values: ArrayLike) -> np.ndarray:
    """The diagonal matrix with these values on the diagonal."""
    return np.diag(np.asarray(values, dtype=float))


def inverse(M: ArrayLike) -> np.ndarray:
    """The matrix inverse (for a covariance: the VI of the Mahalanobis distance)."""
    return np.linalg.inv(np.asarray(M, dtype=float))


def symmetric2(a: float, b: float, c: float) -> np.ndarray:
    """The symmetric 2×2 matrix ``[[a, b], [b, c]]``."""
    return np.array([[a, b], [b, c]], dtype=float)


def unit(v: ArrayLike) -> np.ndarray:
    """v scaled to unit L2 norm."""
    a = np.asarray(v, dtype=float)
    return a / np.linalg.norm(a)
