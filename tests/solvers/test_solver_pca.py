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


# --- solvers behind the deeper numeric cards (power iteration, eigenvector, whitening, kernel
# centering, Kaiser's rule, reconstruction error from data) -----------------------------------


def test_power_iteration_by_hand_and_convergence() -> None:
    A = np.array([[2.0, 1.0], [1.0, 2.0]])  # eigenvalues 3 (along (1, 1)) and 1
    # step 1: A·(1, 0) = (2, 1) → (2, 1)/√5; step 2: A·(2, 1) = (5, 4) → (5, 4)/√41
    np.testing.assert_allclose(P.power_iteration(A, [1, 0], 1), np.array([2, 1]) / np.sqrt(5))
    np.testing.assert_allclose(P.power_iteration(A, [1, 0], 2), np.array([5, 4]) / np.sqrt(41))
    C = np.cov(_data(3), rowvar=False)
    b = P.power_iteration(C, np.ones(4), 500)
    np.testing.assert_allclose(np.abs(b @ P.top_eigenvector(C)), 1.0, atol=1e-9)
    with pytest.raises(ValueError, match="null space"):
        P.power_iteration([[1.0, 1.0], [1.0, 1.0]], [1.0, -1.0], 1)


def test_top_eigenvector_by_hand() -> None:
    # [[5, 2], [2, 2]]: λ₁ = 6, v ∝ (b, λ₁ − a) = (2, 1)
    np.testing.assert_allclose(P.top_eigenvector([[5, 2], [2, 2]]), np.array([2, 1]) / np.sqrt(5))
    # negative covariance: v ∝ (−2, 1) → largest-magnitude entry made positive: (2, −1)/√5
    np.testing.assert_allclose(
        P.top_eigenvector([[5, -2], [-2, 2]]), np.array([2, -1]) / np.sqrt(5)
    )


@pytest.mark.parametrize("seed", range(6))
def test_top_eigenvector_of_the_covariance_is_sklearns_first_component(seed: int) -> None:
    X = _data(seed)
    ref = PCA(svd_solver="full").fit(X)
    np.testing.assert_allclose(P.top_eigenvector(P.covariance(X)), ref.components_[0], atol=1e-8)
    X2 = P.well_posed_2d(np.random.default_rng(seed).integers(0, 7, size=(4, 2)))
    ref2 = PCA(n_components=1, svd_solver="full").fit(X2)
    np.testing.assert_allclose(P.top_eigenvector(P.covariance(X2)), ref2.components_[0], atol=1e-9)


def test_well_posed_2d_breaks_ties() -> None:
    X = P.well_posed_2d([[0, 0], [1, 1], [2, 2], [3, 3]])  # equal variances: ±45°, a tie
    c = P.covariance(X)
    assert c[0, 0] != pytest.approx(c[1, 1]) and c[0, 1] != 0
    assert X[1:].tolist() == [[1, 1], [2, 2], [3, 3]]


@pytest.mark.parametrize("seed", range(4))
def test_whiten_matches_sklearn(seed: int) -> None:
    X = _data(seed)
    plain = PCA(n_components=3, svd_solver="full").fit(X)
    white = PCA(n_components=3, svd_solver="full", whiten=True).fit(X)
    np.testing.assert_allclose(
        P.whiten(plain.transform(X), plain.explained_variance_), white.transform(X), atol=1e-9
    )
    # whitened scores have identity covariance on the training data
    np.testing.assert_allclose(np.cov(white.transform(X), rowvar=False), np.eye(3), atol=1e-9)
    assert P.whiten([3.0, 0.4], [9.0, 0.25]).tolist() == pytest.approx([1.0, 0.8])


@pytest.mark.parametrize("seed", range(4))
def test_center_kernel_matches_kernel_centerer(seed: int) -> None:
    from sklearn.metrics.pairwise import rbf_kernel
    from sklearn.preprocessing import KernelCenterer

    X = _data(seed, n=7)
    for K in (P.linear_kernel(X), rbf_kernel(X, gamma=0.1)):
        np.testing.assert_allclose(P.center_kernel(K), KernelCenterer().fit_transform(K), atol=1e-9)
    # linear kernel: centering K is the Gram matrix of the centered data
    np.testing.assert_allclose(P.center_kernel(P.linear_kernel(X)), P.center(X) @ P.center(X).T)


def test_kaiser_count_and_correlation_spectrum() -> None:
    assert P.kaiser_count([2.1, 1.3, 0.9, 0.5, 0.2]) == 2
    assert P.kaiser_count([1.0, 1.0]) == 0  # strictly greater than 1
    w = P.correlation_spectrum([1.0, 1.0, 1.0, 2.0, 0.5])  # 1.0 after scaling → bumped
    assert w.sum() == pytest.approx(5.0) and 1.0 not in w.tolist()
    assert list(w) == sorted(w, reverse=True)
    # the eigenvalues of a real correlation matrix sum to d and are what Kaiser counts
    R = np.corrcoef(_data(2, n=40), rowvar=False)
    lam = P.eigenvalues(R)
    assert lam.sum() == pytest.approx(4.0)
    assert P.kaiser_count(lam) == int(np.sum(np.linalg.eigvalsh(R) > 1))


def test_reconstruction_error_from_sklearn_inverse_transform() -> None:
    X = _data(5, n=9, d=2)
    ref = PCA(n_components=1, svd_solver="full").fit(X)
    back = ref.inverse_transform(ref.transform(X))
    assert P.reconstruction_error(X, 1) == pytest.approx(
        float(np.mean(np.sum((X - back) ** 2, axis=1))), rel=1e-10
    )


def test_sklearn_float_n_components_needs_strictly_more_than_the_threshold() -> None:
    # the card pca.choose-k.methods: n_components=0.8 picks the smallest k whose cumulative
    # explained variance ratio is strictly greater than 0.8 (searchsorted side="right")
    rng = np.random.default_rng(0)
    Z = rng.normal(size=(400, 3))
    Z = (Z - Z.mean(0)) @ np.linalg.inv(np.linalg.cholesky(np.cov(Z, rowvar=False))).T
    X = Z * np.sqrt([5.0, 3.0, 2.0])  # variances exactly 5, 3, 2: cumulative 0.5, 0.8, 1.0
    ratios = PCA(svd_solver="full").fit(X).explained_variance_ratio_
    np.testing.assert_allclose(np.cumsum(ratios), [0.5, 0.8, 1.0], atol=1e-12)

    def kept(threshold: float) -> int:
        return int(PCA(n_components=threshold, svd_solver="full").fit(X).n_components_)

    assert kept(0.79) == 2
    if np.cumsum(ratios)[1] <= 0.8:  # two components explain exactly 0.8 in floating point
        assert kept(0.8) == 3  # "at least 0.8" would keep 2


# the hand-computed values of the PCA mistakes and the explainers' sample arguments live in the
# tables of tests/solvers/test_solver_mistakes.py, with every other family's


def test_covariance_explanation_prints_negative_terms_with_a_minus() -> None:
    from solvers import registry

    steps = registry.get("explain.pca.covariance")(X=[[0.0, 2.0], [2.0, 0.0]])
    text = "\n".join(e for e, _ in steps)
    # centered (−1, 1) and (1, −1): C[1,2] = (−1 − 1) / 1 = −2
    line = next(t for t in text.splitlines() if t.startswith("C[1,2]"))
    assert " − 1" in line and "+" not in line, line


@pytest.mark.parametrize("k", [1, 2, 3])
def test_ppca_noise_variance_matches_sklearn(k: int) -> None:
    X = _data(4, n=40)
    ref = PCA(n_components=k, svd_solver="full").fit(X)
    lam = PCA(svd_solver="full").fit(X).explained_variance_
    assert P.ppca_noise_variance(lam, k) == pytest.approx(ref.noise_variance_, rel=1e-10)
    assert P.ppca_noise_variance([0.5, 4.0, 1.0, 2.5], 1) == pytest.approx(4 / 3)
    assert P.ppca_noise_variance([3.0, 1.0], 2) == 0.0
