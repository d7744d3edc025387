"""solvers.pca: hand-computed values, agreement with scikit-learn's PCA, and properties
(orthonormal components, variance bookkeeping, eigen and SVD routes agree)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.decomposition import PCA

from solvers import pca as P

# mean (2, 1) + a·u + b·v with u = (0.8, 0.6), v = (−0.6, 0.8), a = (−2, 2, 0, 0), b = (0, 0, −1, 1)
X = np.array([[0.4, -0.2], [3.6, 2.2], [2.6, 0.2], [1.4, 1.8]])


def test_center_and_covariance_by_hand() -> None:
    # centered rows: a·u + b·v = (−1.6, −1.2), (1.6, 1.2), (0.6, −0.8), (−0.6, 0.8)
    np.testing.assert_allclose(
        P.center(X), [[-1.6, -1.2], [1.6, 1.2], [0.6, -0.8], [-0.6, 0.8]], atol=1e-12
    )
    # var x = (2.56 + 2.56 + 0.36 + 0.36)/3 = 5.84/3; cov = (1.92 + 1.92 − 0.48 − 0.48)/3 = 0.96
    # var y = (1.44 + 1.44 + 0.64 + 0.64)/3 = 4.16/3
    np.testing.assert_allclose(P.covariance(X), [[5.84 / 3, 0.96], [0.96, 4.16 / 3]])
    np.testing.assert_allclose(P.covariance(X), np.cov(X, rowvar=False))
    assert P.covariance([[1.0], [3.0]]).shape == (1, 1)


def test_eigenvalues_and_fit_by_hand() -> None:
    # variance along u: Σa²/3 = 8/3; along v: Σb²/3 = 2/3; total 10/3
    np.testing.assert_allclose(P.eigenvalues(P.covariance(X)), [8 / 3, 2 / 3])
    res = P.fit(X)
    np.testing.assert_allclose(res.explained_variance, [8 / 3, 2 / 3])
    np.testing.assert_allclose(res.explained_variance_ratio, [0.8, 0.2])
    # sign rule: the largest-magnitude entry is positive → u = (0.8, 0.6), v = (−0.6, 0.8)
    np.testing.assert_allclose(res.components, [[0.8, 0.6], [-0.6, 0.8]], atol=1e-12)
    np.testing.assert_allclose(res.mean, [2.0, 1.0])
    np.testing.assert_allclose(
        P.flip_signs(np.array([[-0.8, -0.6], [0.6, -0.8]])), [[0.8, 0.6], [-0.6, 0.8]]
    )


def test_transform_inverse_and_reconstruction_by_hand() -> None:
    res = P.fit(X, 1)
    # scores on u are the a's
    np.testing.assert_allclose(
        P.transform(X, res.components, res.mean).ravel(), [-2.0, 2.0, 0.0, 0.0], atol=1e-12
    )
    np.testing.assert_allclose(P.project(X, [0.8, 0.6]), [-2.0, 2.0, 0.0, 0.0], atol=1e-12)
    # score 1 from the mean (2, 1) along u → (2.8, 1.6)
    np.testing.assert_allclose(P.inverse_transform(1.0, res.components, res.mean), [[2.8, 1.6]])
    # lost: the b's → mean squared error (0 + 0 + 1 + 1)/4 = 0.5 = (n−1)/n · 2/3
    assert P.reconstruction_error(X, 1) == pytest.approx(0.5)
    assert P.reconstruction_error(X, 2) == pytest.approx(0.0, abs=1e-20)


def test_variance_helpers_by_hand() -> None:
    w = [0.5, 4.0, 1.0, 2.5]  # total 8
    assert P.explained_variance_ratio(w, 2) == pytest.approx((4 + 2.5) / 8)
    assert P.discarded_variance(w, 2) == pytest.approx(1.5)
    assert P.discarded_variance(w, 4) == 0.0
    # S = [3, 2, 1]: S² = 9, 4, 1 → 9/14
    assert P.evr_from_singular_values([3.0, 2.0, 1.0], 1) == pytest.approx(9 / 14)
    with pytest.raises(ValueError):
        P.explained_variance_ratio(w, 5)
    with pytest.raises(ValueError):
        P.fit(X, 3)
    with pytest.raises(ValueError, match="no variance"):
        P.fit([[1.0, 2.0], [1.0, 2.0]])


def _data(seed: int, n: int = 30, d: int = 4) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)) @ rng.normal(size=(d, d)) + rng.normal(size=d)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("k", [1, 2, 4])
def test_fit_matches_sklearn(seed: int, k: int) -> None:
    X = _data(seed)
    ref = PCA(n_components=k, svd_solver="full").fit(X)
    for method in ("svd", "eigh"):
        res = P.fit(X, k, method=method)
        np.testing.assert_allclose(res.components, ref.components_, atol=1e-8)
        np.testing.assert_allclose(res.explained_variance, ref.explained_variance_, rtol=1e-9)
        np.testing.assert_allclose(
            res.explained_variance_ratio, ref.explained_variance_ratio_, rtol=1e-9
        )
        np.testing.assert_allclose(res.mean, ref.mean_)
        np.testing.assert_allclose(
            P.transform(X, res.components, res.mean), ref.transform(X), atol=1e-8
        )
        Z = ref.transform(X)
        np.testing.assert_allclose(
            P.inverse_transform(Z, res.components, res.mean), ref.inverse_transform(Z), atol=1e-8
        )


def test_reconstruction_error_equals_discarded_eigenvalues() -> None:
    X = _data(7, n=25)
    n = len(X)
    w = P.eigenvalues(P.covariance(X))
    for k in range(1, 5):
        assert P.reconstruction_error(X, k) == pytest.approx(
            (n - 1) / n * P.discarded_variance(w, k), rel=1e-9, abs=1e-12
        )


matrices = arrays(
    float,
    st.tuples(st.integers(3, 12), st.integers(1, 4)),
    elements=st.floats(-100, 100, allow_nan=False).map(lambda v: round(v, 3)),
)


def _well_conditioned(X: np.ndarray) -> bool:
    w = np.linalg.eigvalsh(np.cov(X, rowvar=False).reshape(X.shape[1], X.shape[1]))
    return bool(w.min() > 1e-3 * max(w.max(), 1e-9) and len(set(np.round(w, 6))) == len(w))


@settings(max_examples=60, deadline=None)
@given(matrices)
def test_components_orthonormal_and_variance_sums_to_total(X: np.ndarray) -> None:
    assume(np.ptp(X, axis=0).min() > 0)  # no constant column
    res = P.fit(X)
    k = res.components.shape[0]
    np.testing.assert_allclose(res.components @ res.components.T, np.eye(k), atol=1e-9)
    if X.shape[0] > X.shape[1]:  # full rank possible: all variance accounted for
        assert res.explained_variance.sum() == pytest.approx(
            np.trace(P.covariance(X)), rel=1e-9, abs=1e-9
        )
        assert res.explained_variance_ratio.sum() == pytest.approx(1.0, rel=1e-9)
    rows = np.arange(k)
    assert np.all(res.components[rows, np.argmax(np.abs(res.components), axis=1)] > 0)


@settings(max_examples=60, deadline=None)
@given(matrices)
def test_eigen_and_svd_routes_agree(X: np.ndarray) -> None:
    # components of repeated or null eigenvalues are not unique
    assume(X.shape[0] > X.shape[1] and _well_conditioned(X))
    a, b = P.fit(X, method="svd"), P.fit(X, method="eigh")
    np.testing.assert_allclose(a.explained_variance, b.explained_variance, rtol=1e-7, atol=1e-9)
    for u, v in zip(a.components, b.components, strict=True):
        top = np.sort(np.abs(u))[::-1]
        if len(top) > 1 and top[0] - top[1] < 1e-6:
            # two entries of equal magnitude: the sign rule is decided by rounding (as in
            # sklearn), so only the direction is determined
            v = v * np.sign(u @ v)
        np.testing.assert_allclose(u, v, atol=1e-6)
