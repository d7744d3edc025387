"""The built-in drills: a stable public interface, reference solutions that pass, and plausible
wrong submissions that fail with a message pointing at the mistake."""

from __future__ import annotations

import ast
import textwrap
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from functools import cache

import pytest

from quizapp.grading import drill
from tests.drills.helpers import builtin_drills, card, grade_text

PUBLIC = {
    "drill.mse": "mse(y_true, y_pred) -> float",
    "drill.mae": "mae(y_true, y_pred) -> float",
    "drill.huber": "huber(y_true, y_pred, delta=1.0) -> float",
    "drill.bce": "binary_cross_entropy(y_true, p) -> float",
    "drill.softmax_ce": "softmax_cross_entropy(labels, logits) -> float",
    "drill.sigmoid_grad": "sigmoid_grad(z) -> np.ndarray",
    "drill.clip_by_value": "clip_by_value(grads, clip_value) -> list[np.ndarray]",
    "drill.clip_by_global_norm": "clip_by_global_norm(grads, max_norm) -> list[np.ndarray]",
    "drill.kmeans_assign": "assign(X, C) -> np.ndarray",
    "drill.kmeans_update": "update(X, labels, C) -> np.ndarray",
    "drill.kmeans": "kmeans(X, init_centroids, max_iter=100) -> tuple[np.ndarray, np.ndarray]",
    "drill.covariance": "covariance(X) -> np.ndarray",
    "drill.pca": "pca(X, n_components) -> tuple[np.ndarray, np.ndarray]",
}


def _shape(signature: str) -> str:
    """The signature without parameter annotations: ``name(a, b=1) -> R``."""
    name, params = drill.parse_signature(signature)
    tree = ast.parse(f"def {signature}: pass").body[0]
    ret = ast.unparse(tree.returns) if tree.returns else ""  # type: ignore[attr-defined]
    defaults = {
        p.name: d
        for p, d in zip(
            [p for p in params if p.has_default],
            [ast.unparse(d) for d in tree.args.defaults],
            strict=True,
        )
    }  # type: ignore[attr-defined]
    args = ", ".join(
        p.name + (f"={defaults[p.name]}" if p.name in defaults else "") for p in params
    )
    return f"{name}({args}) -> {ret}"


def test_the_public_drills_keep_their_ids_and_signatures() -> None:
    drills = builtin_drills()
    for card_id, shape in PUBLIC.items():
        assert card_id in drills, card_id
        assert _shape(drills[card_id].signature) == shape, card_id


def test_there_are_enough_drills_in_every_topic() -> None:
    drills = builtin_drills()
    per_topic = Counter(c.deck for c in drills.values())
    assert len(drills) >= 13
    assert {t: per_topic[t] >= 3 for t in ("losses", "gradients", "kmeans", "pca")} == {
        "losses": True,
        "gradients": True,
        "kmeans": True,
        "pca": True,
    }, per_topic


def test_every_drill_is_well_formed_and_bilingual() -> None:
    for card_id, c in builtin_drills().items():
        assert drill.card_problems(c) == [], card_id
        assert c.solution, card_id
        assert len(c.hints) >= 2, card_id
        assert c.random_cases >= 10 and c.fixed_cases, card_id
        for text in (c.title, c.statement, *c.hints, *(m.label for m in c.mistakes)):
            assert text.en and text.zh, card_id
        for code in (c.starter, c.solution):
            defined = [n.name for n in ast.parse(code).body if isinstance(n, ast.FunctionDef)]
            assert c.function in defined, card_id


@pytest.mark.parametrize("card_id", sorted(builtin_drills()))
def test_the_reference_solution_passes_every_case(card_id: str) -> None:
    result, text = graded(card_id, card(card_id).solution or "", 2024)
    assert result.passed, text
    ok, total = result.counts
    assert ok == total == len(card(card_id).fixed_cases) + card(card_id).random_cases


def _src(code: str) -> str:
    return "import numpy as np\n\n" + textwrap.dedent(code).strip() + "\n"


@cache
def _all_results() -> dict[tuple[str, str, int], tuple[drill.DrillResult, str]]:
    """Every submission of this module graded once, two at a time (each grade waits mostly on
    its own child process, so this halves the wall-clock time on two cores)."""
    jobs = [(cid, c.solution or "", 2024) for cid, c in builtin_drills().items()]
    jobs += [(cid, _src(code), 7) for cid, _, code, _ in WRONG]
    jobs += [(cid, _src(code), 99) for cid, code in ALTERNATIVES]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = pool.map(lambda job: grade_text(*job), jobs)
        return dict(zip(jobs, results, strict=True))


def graded(card_id: str, source: str, seed: int) -> tuple[drill.DrillResult, str]:
    return _all_results()[(card_id, source, seed)]


# (drill, what is wrong, code, a fragment the feedback must contain)
WRONG: list[tuple[str, str, str, str]] = [
    (
        "drill.mse",
        "sum",
        """
        def mse(y_true, y_pred):
            return float(np.sum((y_pred - y_true) ** 2))
     """,
        "summed the squared errors",
    ),
    (
        "drill.mse",
        "len of a matrix",
        """
        def mse(y_true, y_pred):
            return float(np.sum((y_pred - y_true) ** 2) / len(y_true))
     """,
        "2 × the expected",
    ),
    (
        "drill.mse",
        "absolute error",
        """
        def mse(y_true, y_pred):
            return float(np.mean(np.abs(y_pred - y_true)))
     """,
        "Wrong value",
    ),
    (
        "drill.mae",
        "no abs",
        """
        def mae(y_true, y_pred):
            return float(np.mean(y_pred - y_true))
     """,
        "expected 2.0, got 0.0",
    ),
    (
        "drill.mae",
        "squared",
        """
        def mae(y_true, y_pred):
            return float(np.mean((y_pred - y_true) ** 2))
     """,
        "2 × the expected",
    ),
    (
        "drill.huber",
        "no ½",
        """
        def huber(y_true, y_pred, delta=1.0):
            a = np.abs(y_pred - y_true)
            return float(np.mean(np.where(a <= delta, a**2, delta * (a - 0.5 * delta))))
     """,
        "instead of ½r²",
    ),
    (
        "drill.huber",
        "no offset",
        """
        def huber(y_true, y_pred, delta=1.0):
            a = np.abs(y_pred - y_true)
            return float(np.mean(np.where(a <= delta, 0.5 * a**2, delta * a)))
     """,
        "δ·(|r| − ½δ)",
    ),
    (
        "drill.huber",
        "wrong default",
        """
        def huber(y_true, y_pred, delta=0.5):
            a = np.abs(y_pred - y_true)
            return float(np.mean(np.where(a <= delta, 0.5 * a**2, delta * (a - 0.5 * delta))))
     """,
        "case 1 (fixed): wrong answer",
    ),
    (
        "drill.huber_grad",
        "unclipped",
        """
        def huber_grad(y_true, y_pred, delta=1.0):
            return (y_pred - y_true) / y_pred.size
     """,
        "not clipped",
    ),
    (
        "drill.huber_grad",
        "no mean",
        """
        def huber_grad(y_true, y_pred, delta=1.0):
            return np.clip(y_pred - y_true, -delta, delta)
     """,
        "forgot the 1/n",
    ),
    (
        "drill.bce",
        "no clamping",
        """
        def binary_cross_entropy(y_true, p):
            return float(-np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))
     """,
        "not finite",
    ),
    (
        "drill.bce",
        "sum",
        """
        def binary_cross_entropy(y_true, p):
            with np.errstate(divide="ignore"):
                lp, lq = np.maximum(np.log(p), -100), np.maximum(np.log1p(-p), -100)
            return float(-np.sum(y_true * lp + (1 - y_true) * lq))
     """,
        "summed over the examples",
    ),
    (
        "drill.bce",
        "Keras eps instead of PyTorch clamp",
        """
        def binary_cross_entropy(y_true, p):
            p = np.clip(p, 1e-7, 1 - 1e-7)
            return float(-np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))
     """,
        "expected 0.0, got 1.0000000",
    ),
    (
        "drill.softmax_ce",
        "no max shift",
        """
        def softmax_cross_entropy(labels, logits):
            e = np.exp(logits)
            p = e / e.sum(axis=1, keepdims=True)
            return float(-np.mean(np.log(p[np.arange(len(labels)), labels])))
     """,
        "not finite",
    ),
    (
        "drill.softmax_ce",
        "sum",
        """
        def softmax_cross_entropy(labels, logits):
            s = logits - logits.max(axis=1, keepdims=True)
            lp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
            return float(-np.sum(lp[np.arange(len(labels)), labels]))
     """,
        "summed over the batch",
    ),
    (
        "drill.softmax_ce",
        "log of a stable softmax",
        """
        def softmax_cross_entropy(labels, logits):
            e = np.exp(logits - logits.max(axis=1, keepdims=True))
            p = e / e.sum(axis=1, keepdims=True)
            return float(-np.mean(np.log(p[np.arange(len(labels)), labels])))
     """,
        "not finite",
    ),
    (
        "drill.softmax_ce_grad",
        "no one-hot",
        """
        def softmax_cross_entropy_grad(labels, logits):
            e = np.exp(logits - logits.max(axis=1, keepdims=True))
            return e / e.sum(axis=1, keepdims=True) / len(labels)
     """,
        "forgot to subtract the one-hot",
    ),
    (
        "drill.softmax_ce_grad",
        "sign",
        """
        def softmax_cross_entropy_grad(labels, logits):
            e = np.exp(logits - logits.max(axis=1, keepdims=True))
            g = e / e.sum(axis=1, keepdims=True)
            g[np.arange(len(labels)), labels] -= 1
            return -g / len(labels)
     """,
        "sign is flipped",
    ),
    (
        "drill.sigmoid_grad",
        "formula applied to z",
        """
        def sigmoid_grad(z):
            return z * (1 - z)
     """,
        "applied s(1 − s) to z",
    ),
    (
        "drill.sigmoid_grad",
        "unstable closed form",
        """
        def sigmoid_grad(z):
            e = np.exp(-z)
            return e / (1 + e) ** 2
     """,
        "not finite",
    ),
    (
        "drill.sigmoid_grad",
        "the sigmoid itself",
        """
        def sigmoid_grad(z):
            return 1 / (1 + np.exp(-z))
     """,
        "expected 0.25, got 0.5",
    ),
    (
        "drill.clip_by_value",
        "upper side only",
        """
        def clip_by_value(grads, clip_value):
            return [np.minimum(g, clip_value) for g in grads]
     """,
        "expected -1.0, got -2.0",
    ),
    (
        "drill.clip_by_value",
        "by norm",
        """
        def clip_by_value(grads, clip_value):
            return [g * min(1.0, clip_value / np.linalg.norm(g)) for g in grads]
     """,
        "clip-by-norm",
    ),
    (
        "drill.global_norm",
        "sum of norms",
        """
        def global_norm(grads):
            return float(sum(np.linalg.norm(g) for g in grads))
     """,
        "added up the norms",
    ),
    (
        "drill.global_norm",
        "no square root",
        """
        def global_norm(grads):
            return float(sum(np.sum(g ** 2) for g in grads))
     """,
        "forgot the square root",
    ),
    (
        "drill.clip_by_global_norm",
        "per tensor",
        """
        def clip_by_global_norm(grads, max_norm):
            return [g * min(1.0, max_norm / np.linalg.norm(g)) for g in grads]
     """,
        "on its own",
    ),
    (
        "drill.clip_by_global_norm",
        "scales up too",
        """
        def clip_by_global_norm(grads, max_norm):
            total = np.sqrt(sum(np.sum(g ** 2) for g in grads))
            return [g * max_norm / total for g in grads]
     """,
        "2 × the expected",
    ),
    (
        "drill.batch_norm",
        "unbiased variance",
        """
        def batch_norm(x, gamma, beta, eps=1e-5):
            return gamma * (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0, ddof=1) + eps) + beta
     """,
        "unbiased variance",
    ),
    (
        "drill.batch_norm",
        "no affine",
        """
        def batch_norm(x, gamma, beta, eps=1e-5):
            return (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps)
     """,
        "forgot the scale γ",
    ),
    (
        "drill.kmeans_assign",
        "argmax",
        """
        def assign(X, C):
            return np.argmax(((X[:, None] - C[None]) ** 2).sum(axis=2), axis=1)
     """,
        "Wrong value at index [0]",
    ),
    (
        "drill.kmeans_assign",
        "ties to the highest index",
        """
        def assign(X, C):
            d = ((X[:, None] - C[None]) ** 2).sum(axis=2)
            return len(C) - 1 - np.argmin(d[:, ::-1], axis=1)
     """,
        "expected 0, got 1",
    ),
    (
        "drill.kmeans_assign",
        "float labels",
        """
        def assign(X, C):
            return np.argmin(((X[:, None] - C[None]) ** 2).sum(axis=2), axis=1).astype(float)
     """,
        "Expected integers",
    ),
    (
        "drill.kmeans_update",
        "drops empty clusters",
        """
        def update(X, labels, C):
            return np.array([X[labels == j].mean(axis=0) for j in range(len(C))
                             if np.any(labels == j)])
     """,
        "Expected shape (3, 2), got shape (2, 2)",
    ),
    (
        "drill.kmeans_update",
        "nan for empty clusters",
        """
        def update(X, labels, C):
            return np.array([X[labels == j].mean(axis=0) for j in range(len(C))])
     """,
        "not finite",
    ),
    (
        "drill.kmeans_update",
        "empty cluster to the origin",
        """
        def update(X, labels, C):
            return np.array([X[labels == j].mean(axis=0) if np.any(labels == j)
                             else np.zeros(X.shape[1]) for j in range(len(C))])
     """,
        "went to the origin",
    ),
    (
        "drill.kmeans",
        "drops empty clusters",
        """
        def kmeans(X, init_centroids, max_iter=100):
            C = np.array(init_centroids, dtype=float)
            for _ in range(max_iter):
                labels = np.argmin(((X[:, None] - C[None]) ** 2).sum(axis=2), axis=1)
                C = np.array([X[labels == j].mean(axis=0) for j in range(len(C))
                              if np.any(labels == j)])
            return C, np.argmin(((X[:, None] - C[None]) ** 2).sum(axis=2), axis=1)
     """,
        "In output 0: Expected shape (3, 2), got shape (2, 2)",
    ),
    (
        "drill.kmeans",
        "stale labels",
        """
        def kmeans(X, init_centroids, max_iter=100):
            C = np.array(init_centroids, dtype=float)
            for _ in range(max_iter):
                labels = np.argmin(((X[:, None] - C[None]) ** 2).sum(axis=2), axis=1)
                new = np.array([X[labels == j].mean(axis=0) if np.any(labels == j) else C[j]
                                for j in range(len(C))])
                if np.array_equal(new, C):
                    break
                C = new
            return C, labels
     """,
        "In output 1: Wrong value",
    ),
    (
        "drill.kmeans",
        "ignores max_iter",
        """
        def kmeans(X, init_centroids, max_iter=100):
            C = np.array(init_centroids, dtype=float)
            while True:
                labels = np.argmin(((X[:, None] - C[None]) ** 2).sum(axis=2), axis=1)
                new = np.array([X[labels == j].mean(axis=0) if np.any(labels == j) else C[j]
                                for j in range(len(C))])
                if np.array_equal(new, C):
                    return C, labels
                C = new
     """,
        "max_iter = 1",
    ),
    (
        "drill.inertia",
        "not squared",
        """
        def inertia(X, C, labels):
            return float(np.sum(np.linalg.norm(X - C[labels], axis=1)))
     """,
        "SQUARED distances",
    ),
    (
        "drill.inertia",
        "mean",
        """
        def inertia(X, C, labels):
            return float(np.mean(np.sum((X - C[labels]) ** 2, axis=1)))
     """,
        "averaged over the points",
    ),
    (
        "drill.inertia",
        "nearest centroid instead of the labels",
        """
        def inertia(X, C, labels):
            return float(np.sum(np.min(((X[:, None] - C[None]) ** 2).sum(axis=2), axis=1)))
     """,
        "expected 32.0, got 0.0",
    ),
    (
        "drill.kpp_probabilities",
        "D instead of D²",
        """
        def kpp_probabilities(X, C):
            d = np.sqrt(np.min(((X[:, None] - C[None]) ** 2).sum(axis=2), axis=1))
            return d / d.sum()
     """,
        "proportional to D(x)",
    ),
    (
        "drill.kpp_probabilities",
        "not normalized",
        """
        def kpp_probabilities(X, C):
            return np.min(((X[:, None] - C[None]) ** 2).sum(axis=2), axis=1)
     """,
        "10 × the expected",
    ),
    (
        "drill.covariance",
        "divides by n",
        """
        def covariance(X):
            Xc = X - X.mean(axis=0)
            return Xc.T @ Xc / len(X)
     """,
        "divided by n",
    ),
    (
        "drill.covariance",
        "not centered",
        """
        def covariance(X):
            return X.T @ X / (len(X) - 1)
     """,
        "did not subtract the feature means",
    ),
    (
        "drill.covariance",
        "np.cov for one feature",
        """
        def covariance(X):
            return np.cov(X, rowvar=False)
     """,
        "Expected shape (1, 1), got shape ()",
    ),
    (
        "drill.pca",
        "not centered",
        """
        def pca(X, n_components):
            w, v = np.linalg.eigh(X.T @ X / (len(X) - 1))
            order = np.argsort(w)[::-1]
            return v[:, order].T[:n_components], (w[order] / w.sum())[:n_components]
     """,
        "In output 0: Wrong value",
    ),
    (
        "drill.pca",
        "eigh order kept",
        """
        def pca(X, n_components):
            Xc = X - X.mean(axis=0)
            w, v = np.linalg.eigh(Xc.T @ Xc / (len(X) - 1))
            return v.T[:n_components], (w / w.sum())[:n_components]
     """,
        "Wrong value",
    ),
    (
        "drill.pca",
        "ratio over the kept variance",
        """
        def pca(X, n_components):
            Xc = X - X.mean(axis=0)
            _, s, vt = np.linalg.svd(Xc, full_matrices=False)
            var = s[:n_components] ** 2
            return vt[:n_components], var / var.sum()
     """,
        "In output 1",
    ),
    (
        "drill.pca_project",
        "not centered",
        """
        def project(X, direction):
            return X @ (direction / np.linalg.norm(direction))
     """,
        "without centering",
    ),
    (
        "drill.pca_project",
        "direction not normalized",
        """
        def project(X, direction):
            return (X - X.mean(axis=0)) @ direction
     """,
        "1.41421 × the expected",
    ),
    (
        "drill.pca_reconstruction_error",
        "mean over all elements",
        """
        def reconstruction_error(X, n_components):
            mean = X.mean(axis=0)
            _, _, vt = np.linalg.svd(X - mean, full_matrices=False)
            W = vt[:n_components]
            return float(np.mean((X - ((X - mean) @ W.T @ W + mean)) ** 2))
     """,
        "0.5 × the expected",
    ),
    (
        "drill.pca_reconstruction_error",
        "mean not added back",
        """
        def reconstruction_error(X, n_components):
            Xc = X - X.mean(axis=0)
            _, _, vt = np.linalg.svd(Xc, full_matrices=False)
            W = vt[:n_components]
            return float(np.mean(np.sum((X - Xc @ W.T @ W) ** 2, axis=1)))
     """,
        "Wrong value",
    ),
]


def test_every_drill_has_at_least_two_wrong_submissions_in_the_table() -> None:
    counts = Counter(card_id for card_id, *_ in WRONG)
    assert {cid for cid in builtin_drills() if counts[cid] < 2} == set()


@pytest.mark.parametrize(
    ("card_id", "what", "code", "fragment"), WRONG, ids=[f"{w[0]}-{w[1]}" for w in WRONG]
)
def test_a_plausible_wrong_submission_fails_with_a_pointed_message(
    card_id: str, what: str, code: str, fragment: str
) -> None:
    result, text = graded(card_id, _src(code), 7)
    assert result.status == "failed", text
    assert fragment in text, text


# Correct solutions written differently from the reference must pass as well.
ALTERNATIVES: list[tuple[str, str]] = [
    (
        "drill.kmeans_assign",
        """
        def assign(X, C):
            d2 = (X**2).sum(1)[:, None] - 2 * X @ C.T + (C**2).sum(1)[None, :]
            return d2.argmin(axis=1)
     """,
    ),
    (
        "drill.pca",
        """
        def pca(X, n_components):
            Xc = X - X.mean(axis=0)
            _, s, vt = np.linalg.svd(Xc, full_matrices=False)
            return vt[:n_components], (s**2 / (s**2).sum())[:n_components]
     """,
    ),
    (
        "drill.clip_by_global_norm",
        """
        def clip_by_global_norm(grads, max_norm):
            total = np.sqrt(sum(float((g**2).sum()) for g in grads))
            return [g * max_norm / max(total, max_norm) for g in grads]
     """,
    ),
    (
        "drill.covariance",
        """
        def covariance(X):
            return np.atleast_2d(np.cov(X, rowvar=False))
     """,
    ),
]


@pytest.mark.parametrize(("card_id", "code"), ALTERNATIVES, ids=[a[0] for a in ALTERNATIVES])
def test_an_equivalent_correct_solution_passes(card_id: str, code: str) -> None:
    result, text = graded(card_id, _src(code), 99)
    assert result.passed, text
