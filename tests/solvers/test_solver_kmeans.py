"""solvers.kmeans: hand-computed values, agreement with SciPy's cdist and scikit-learn's KMeans
and kmeans_plusplus, and the monotonicity of Lloyd's algorithm."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.spatial.distance import cdist
from sklearn.cluster import KMeans, kmeans_plusplus

from solvers import kmeans as K

X4 = np.array([[0.0, 0.0], [0.0, 2.0], [4.0, 0.0], [4.0, 2.0]])
C2 = np.array([[0.0, 1.0], [5.0, 1.0]])


def test_distances_by_hand() -> None:
    x, c = [[1.0, 2.0]], [[4.0, 6.0], [1.0, 0.0]]
    # (3, 4) → 5 and (0, −2) → 2
    assert K.pairwise_distances(x, c).tolist() == [[5.0, 2.0]]
    assert K.pairwise_distances(x, c, "sqeuclidean").tolist() == [[25.0, 4.0]]
    assert K.pairwise_distances(x, c, "manhattan").tolist() == [[7.0, 2.0]]
    # cos([1, 2], [1, 0]) = 1/√5
    assert K.pairwise_distances(x, [[1.0, 0.0]], "cosine")[0, 0] == pytest.approx(
        1 - 1 / math.sqrt(5)
    )
    # Σ = diag(4, 1): d = (3, 4) → sqrt(9/4 + 16/1) = sqrt(18.25)
    vi = np.linalg.inv(np.diag([4.0, 1.0]))
    assert K.pairwise_distances(x, [[4.0, 6.0]], "mahalanobis", vi)[0, 0] == pytest.approx(
        math.sqrt(18.25)
    )
    with pytest.raises(ValueError):
        K.pairwise_distances(x, c, "chebyshev")
    with pytest.raises(ValueError):
        K.pairwise_distances([[0.0, 0.0]], c, "cosine")


@pytest.mark.parametrize(
    ("ours", "scipy"),
    [
        ("euclidean", "euclidean"),
        ("sqeuclidean", "sqeuclidean"),
        ("manhattan", "cityblock"),
        ("cosine", "cosine"),
        ("mahalanobis", "mahalanobis"),
    ],
)
def test_distances_match_scipy_cdist(ours: str, scipy: str) -> None:
    rng = np.random.default_rng(1)
    X, C = rng.normal(size=(7, 3)), rng.normal(size=(4, 3))
    np.testing.assert_allclose(K.pairwise_distances(X, C, ours), cdist(X, C, scipy), atol=1e-12)
    if ours == "mahalanobis":
        vi = np.linalg.inv(np.cov(rng.normal(size=(20, 3)), rowvar=False))
        np.testing.assert_allclose(
            K.pairwise_distances(X, C, ours, vi), cdist(X, C, scipy, VI=vi), atol=1e-12
        )


def test_assign_ties_go_to_lowest_index() -> None:
    # (2, 1) is at distance sqrt(5) from both (0, 0) and (4, 2)
    assert K.assign([[2.0, 1.0]], [[4.0, 2.0], [0.0, 0.0]]).tolist() == [0]
    assert K.assign([[2.0, 1.0]], [[0.0, 0.0], [4.0, 2.0]]).tolist() == [0]
    assert K.assign(X4, C2).tolist() == [0, 0, 1, 1]


def test_update_and_empty_cluster_by_hand() -> None:
    # cluster 0 = {(0,0), (0,2)} → (0, 1); cluster 1 = {(4,0), (4,2)} → (4, 1); cluster 2 empty
    C = [[0.0, 1.0], [5.0, 1.0], [100.0, 100.0]]
    new = K.update(X4, [0, 0, 1, 1], C)
    assert new.tolist() == [[0.0, 1.0], [4.0, 1.0], [100.0, 100.0]]
    assert K.lloyd_step(X4, C).tolist() == [[0.0, 1.0], [4.0, 1.0], [100.0, 100.0]]


def test_inertia_by_hand() -> None:
    # each point is at distance 1 from its centroid (0,1) / and sqrt(2) from (5, 1)
    # assigned: 1 + 1 + (1 + 1) + (1 + 1) = 6
    assert K.inertia(X4, C2) == 6.0
    assert K.inertia(X4, [[0.0, 1.0], [4.0, 1.0]]) == 4.0
    assert K.inertia(X4, [[0.0, 1.0], [4.0, 1.0]], labels=[1, 1, 0, 0]) == 4 * 17.0


def test_lloyd_by_hand() -> None:
    res = K.lloyd(X4, C2, max_iter=10, tol=0.0)
    # iteration 1 moves (5, 1) → (4, 1); iteration 2 keeps the labels: strict convergence
    assert res.centroids.tolist() == [[0.0, 1.0], [4.0, 1.0]]
    assert res.labels.tolist() == [0, 0, 1, 1]
    assert res.n_iter == 2
    assert res.inertia == 4.0
    # sklearn's tolerance: tol × mean of np.var(X, axis=0) = 1e-4 × (4 + 1)/2
    assert K.tolerance(X4, 1e-4) == pytest.approx(2.5e-4)


def test_kpp_probabilities_by_hand() -> None:
    # from (0, 0): D² = 0, 4, 16, 20 → / 40
    assert K.kpp_probabilities(X4, [0.0, 0.0]).tolist() == [0.0, 0.1, 0.4, 0.5]


def _blobs(seed: int, n: int = 60, d: int = 3, k: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centers = rng.uniform(-10, 10, size=(k, d))
    X = centers[rng.integers(k, size=n)] + rng.normal(scale=2.0, size=(n, d))
    init = X[rng.choice(n, size=k, replace=False)]
    return X, init


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("tol", [1e-4, 0.0, 0.5])
def test_lloyd_matches_sklearn(seed: int, tol: float) -> None:
    X, init = _blobs(seed)
    ours = K.lloyd(X, init, max_iter=300, tol=tol)
    ref = KMeans(
        n_clusters=len(init), init=init, n_init=1, algorithm="lloyd", max_iter=300, tol=tol
    ).fit(X)
    np.testing.assert_allclose(ours.centroids, ref.cluster_centers_, atol=1e-9)
    np.testing.assert_array_equal(ours.labels, ref.labels_)
    assert ours.n_iter == ref.n_iter_
    assert ours.inertia == pytest.approx(ref.inertia_, rel=1e-9)


def test_lloyd_max_iter_one_matches_sklearn_final_e_step() -> None:
    X, init = _blobs(3)
    ours = K.lloyd(X, init, max_iter=1, tol=0.0)
    ref = KMeans(n_clusters=3, init=init, n_init=1, algorithm="lloyd", max_iter=1).fit(X)
    np.testing.assert_allclose(ours.centroids, ref.cluster_centers_, atol=1e-9)
    np.testing.assert_array_equal(ours.labels, ref.labels_)
    assert ours.labels.tolist() == K.assign(X, ours.centroids).tolist()


@pytest.mark.parametrize("seed", range(6))
def test_kmeans_plus_plus_matches_sklearn_single_trial(seed: int) -> None:
    X, _ = _blobs(seed + 10, n=40)
    centers, _ = kmeans_plusplus(X, 4, random_state=seed, n_local_trials=1)
    np.testing.assert_allclose(K.kmeans_plus_plus(X, 4, seed), centers)


def test_kmeans_plus_plus_picks_distinct_points() -> None:
    C = K.kmeans_plus_plus(X4, 4, seed=0)
    assert sorted(map(tuple, C.tolist())) == sorted(map(tuple, X4.tolist()))
    with pytest.raises(ValueError):
        K.kmeans_plus_plus(X4, 5, seed=0)


@settings(max_examples=40, deadline=None)
@given(
    arrays(
        float,
        st.tuples(st.integers(4, 20), st.integers(1, 3)),
        elements=st.floats(-100, 100, allow_nan=False),
    ),
    st.integers(1, 4),
    st.integers(0, 1000),
)
def test_inertia_never_increases_across_lloyd_iterations(X, k, seed) -> None:
    k = min(k, len(X))
    C = X[np.random.default_rng(seed).choice(len(X), size=k, replace=False)]
    previous = math.inf
    for _ in range(6):
        current = K.inertia(X, C)
        assert current <= previous * (1 + 1e-12) + 1e-9
        previous = current
        C = K.lloyd_step(X, C)
