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


# --- variants, soft assignments, kernels and evaluation (checked against sklearn 1.9.1 and
# --- SciPy 1.17.1, the versions in the project's venv) ----------------------------------------


def _labelled(seed: int, n: int = 15, k: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2)) + rng.integers(0, 3, size=(n, 1)) * 3.0
    labels = np.arange(n) % k
    rng.shuffle(labels)
    return X, labels


@pytest.mark.parametrize("seed", range(10))
def test_silhouette_matches_sklearn(seed: int) -> None:
    from sklearn.metrics import silhouette_samples, silhouette_score

    X, labels = _labelled(seed)
    labels[0] = 3  # a point alone in its cluster: s = 0 in both
    np.testing.assert_allclose(K.silhouette_samples(X, labels), silhouette_samples(X, labels))
    assert K.silhouette_score(X, labels) == pytest.approx(silhouette_score(X, labels))
    assert K.silhouette_point(X, labels, 0) == 0.0


def test_silhouette_by_hand() -> None:
    # 0, 2 | 10, 13 on a line: x₃ has a = 3, b = (10 + 8)/2 = 9
    X = [[0.0, 0.0], [2.0, 0.0], [10.0, 0.0], [13.0, 0.0]]
    assert K.silhouette_point(X, [0, 0, 1, 1], 2) == pytest.approx((9 - 3) / 9)
    with pytest.raises(ValueError):
        K.silhouette_samples(X, [0, 0, 0, 0])


@pytest.mark.parametrize("seed", range(10))
def test_sums_of_squares_decompose_and_match_calinski_harabasz(seed: int) -> None:
    from sklearn.metrics import calinski_harabasz_score

    X, labels = _labelled(seed)
    means = np.array([X[labels == j].mean(axis=0) for j in range(3)])
    wcss = K.inertia(X, means, labels)
    tss = K.total_sum_of_squares(X)
    assert tss == pytest.approx(wcss + K.between_sum_of_squares(X, labels))
    ref = calinski_harabasz_score(X, labels)
    assert K.calinski_harabasz(X, labels) == pytest.approx(ref)
    assert K.ch_from_sums(tss, wcss, len(X), 3) == pytest.approx(ref)


@pytest.mark.parametrize("seed", range(10))
def test_label_agreement_matches_sklearn_and_scipy(seed: int) -> None:
    from scipy.optimize import linear_sum_assignment
    from sklearn.metrics import adjusted_rand_score, rand_score
    from sklearn.metrics.cluster import contingency_matrix

    rng = np.random.default_rng(seed)
    t, p = rng.integers(0, 3, size=14), rng.integers(0, 4, size=14)
    M = contingency_matrix(t, p)
    np.testing.assert_array_equal(K.contingency(t, p), M)
    rows, cols = linear_sum_assignment(M, maximize=True)
    assert K.matched_accuracy(t, p) == pytest.approx(M[rows, cols].sum() / 14)
    assert K.matched_accuracy(p, t) == pytest.approx(M[rows, cols].sum() / 14)
    assert K.rand_index(t, p) == pytest.approx(rand_score(t, p))
    assert K.adjusted_rand_index(t, p) == pytest.approx(adjusted_rand_score(t, p))


def test_matching_ignores_cluster_names() -> None:
    assert K.matched_accuracy([0, 0, 1, 1, 2], [2, 2, 0, 0, 1]) == 1.0
    assert K.adjusted_rand_index([0, 0, 1, 1], [1, 1, 0, 0]) == 1.0


@pytest.mark.parametrize("seed", range(6))
def test_minibatch_update_matches_sklearn_kernel(seed: int) -> None:
    from sklearn.cluster._k_means_minibatch import _minibatch_update_dense

    rng = np.random.default_rng(seed)
    X, C = rng.normal(size=(12, 2)), rng.normal(size=(3, 2))
    counts = rng.integers(0, 20, size=3).astype(float)
    labels = K.assign(X, C).astype(np.int32)
    new, sums = np.zeros_like(C), counts.copy()
    _minibatch_update_dense(X, np.ones(12), C, new, sums, labels, 1)
    np.testing.assert_allclose(K.minibatch_update(X, C, counts), new)


def test_minibatch_update_is_a_point_by_point_running_mean() -> None:
    # c = (0, 0) with 3 points seen; batch (4, 0), (8, 0): (3·0 + 12)/5 = 2.4
    got = K.minibatch_update([[4.0, 0.0], [8.0, 0.0]], [[0.0, 0.0], [100.0, 0.0]], [3, 1])
    c = 0.0
    for count, x in ((4, 4.0), (5, 8.0)):
        c += (x - c) / count
    np.testing.assert_allclose(got, [[c, 0.0], [100.0, 0.0]])


def test_macqueen_by_hand() -> None:
    # seeds 0 and 10; 2 → c₁ = (0 + 2)/2 = 1; 4 → nearer c₁: (0 + 2 + 4)/3 = 2; 9 → c₂ = 9.5
    X = [[0.0, 0.0], [10.0, 0.0], [2.0, 0.0], [4.0, 0.0], [9.0, 0.0]]
    np.testing.assert_allclose(K.macqueen(X, 2), [[2.0, 0.0], [9.5, 0.0]])


@pytest.mark.parametrize("seed", range(10))
def test_hartigan_delta_is_the_exact_change_in_inertia(seed: int) -> None:
    X, labels = _labelled(seed, n=9)
    i = int(np.flatnonzero(labels == 0)[0])
    moved = labels.copy()
    moved[i] = 1

    def cost(lab: np.ndarray) -> float:
        means = np.array([X[lab == j].mean(axis=0) for j in range(3)])
        return K.inertia(X, means, lab)

    assert K.hartigan_delta(X, labels, i, 1) == pytest.approx(cost(moved) - cost(labels))


@pytest.mark.parametrize("seed", range(5))
def test_fuzzy_memberships_minimise_the_fcm_objective(seed: int) -> None:
    from scipy.optimize import minimize

    rng = np.random.default_rng(seed)
    x, C, m = rng.normal(size=2), rng.normal(size=(3, 2)) * 3, 2.0 + seed / 4
    u = K.fuzzy_memberships(x, C, m)[0]
    d2 = K.pairwise_distances(x, C, "sqeuclidean")[0]
    res = minimize(
        lambda v: float(np.sum(np.abs(v) ** m * d2)),
        np.full(3, 1 / 3),
        constraints=[{"type": "eq", "fun": lambda v: v.sum() - 1}],
        bounds=[(0, 1)] * 3,
        tol=1e-12,
    )
    np.testing.assert_allclose(u, res.x, atol=1e-4)
    assert u.sum() == pytest.approx(1.0)


def test_fuzzy_memberships_approach_hard_assignment_as_m_goes_to_one() -> None:
    u = K.fuzzy_memberships([0.0, 0.0], [[1.0, 0.0], [3.0, 0.0]], 1.05)[0]
    assert u[0] > 0.999


@pytest.mark.parametrize("variance", [0.5, 2.0])
def test_responsibilities_match_scipy_gaussian_posteriors(variance: float) -> None:
    from scipy.stats import multivariate_normal

    rng = np.random.default_rng(3)
    X, means = rng.normal(size=(5, 2)), rng.normal(size=(3, 2))
    dens = np.column_stack([multivariate_normal(mu, variance * np.eye(2)).pdf(X) for mu in means])
    np.testing.assert_allclose(
        K.responsibilities(X, means, variance), dens / dens.sum(axis=1, keepdims=True)
    )
    # small-variance limit: the nearest mean takes everything (k-means' assignment)
    hard = K.responsibilities(X, means, 1e-4)
    np.testing.assert_array_equal(np.argmax(hard, axis=1), K.assign(X, means))
    assert np.allclose(hard.max(axis=1), 1.0)


def test_kernel_distance_matches_the_explicit_feature_map() -> None:
    from sklearn.metrics.pairwise import polynomial_kernel

    rng = np.random.default_rng(5)
    P = rng.normal(size=(5, 2))
    Kmat = K.polynomial_kernel(P)
    np.testing.assert_allclose(Kmat, polynomial_kernel(P, degree=2, gamma=1.0, coef0=1.0))
    # φ for (x·y + 1)²: (1, √2x₁, √2x₂, x₁², x₂², √2x₁x₂)
    s = math.sqrt(2)
    phi = np.column_stack(
        [np.ones(5), s * P[:, 0], s * P[:, 1], P[:, 0] ** 2, P[:, 1] ** 2, s * P[:, 0] * P[:, 1]]
    )
    members = [1, 3, 4]
    expected = float(np.sum((phi[0] - phi[members].mean(axis=0)) ** 2))
    assert K.kernel_distance(Kmat, 0, members) == pytest.approx(expected)
    # the linear kernel gives back the Euclidean distance to the mean
    lin = P @ P.T
    assert K.kernel_distance(lin, 0, members) == pytest.approx(
        float(np.sum((P[0] - P[members].mean(axis=0)) ** 2))
    )


def test_untie_centroids_removes_ties_and_duplicates() -> None:
    X = [[2.0, 1.0], [0.0, 0.0]]
    C = K.untie_centroids(X, [[0.0, 0.0], [4.0, 2.0], [0.0, 0.0]])
    D = np.sort(K.pairwise_distances(X, C, "sqeuclidean"), axis=1)
    assert np.all(np.diff(D, axis=1) >= 0.5)
    assert len({tuple(r) for r in C.tolist()}) == 3
    cos = K.untie_centroids([[1.0, 1.0]], [[1.0, -1.0], [2.0, 2.0]], "cosine", margin=0.02)
    assert np.all(cos @ np.array([1.0, 1.0]) != 0)


def test_permuted_labels_always_has_an_error() -> None:
    got = K.permuted_labels([0, 0, 1, 1], [1, 0], [0, 0, 0, 0])
    assert got.tolist() == [1, 1, 0, 1]  # renamed, and the last point shifted by one
