"""Worked solutions: the intermediate numbers behind a solver's answer, in English and Chinese.

``explain.<solver>`` in the registry is the function here named after the solver (dots as
underscores). It takes **the same arguments as the solver** and returns a list of steps, each a
pair ``(english, chinese)`` of one line. A numeric card whose answer solver has an explainer gets
these steps in its worked solution automatically (see docs/bank-format.md). Inputs are shown
exactly (:func:`solvers.fmt.exact`), computed values to 4 significant digits.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from solvers import fmt, gradients, kmeans, losses, pca

Steps = list[tuple[str, str]]

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _n(x: float) -> str:
    """A computed number, 4 significant digits, a negative one with the minus sign: ``−1.5``."""
    return fmt.typeset(fmt.approx(x))


def _p(x: float) -> str:
    """A computed number as an operand: in parentheses when negative (``(−1.5)²``,
    ``2·(−1)``, ``1 − (−8)``)."""
    t = _n(x)
    return f"({t})" if t.startswith(fmt.MINUS) else t


def _plus(x: float) -> str:
    """The next term of a sum: `` + 1.5`` or `` − 1.5`` (never `` + −1.5``)."""
    t = _n(x)
    return f" − {t[1:]}" if t.startswith(fmt.MINUS) else f" + {t}"


def _v(x: ArrayLike) -> str:
    """A computed number, vector, matrix or list of tensors (ragged allowed), 4 digits, with
    the minus sign."""
    return fmt.typeset(fmt.value(x, fmt.approx))


def _x(x: ArrayLike) -> str:
    """An input exactly as used (:func:`solvers.fmt.exact`), with the minus sign."""
    return fmt.typeset(fmt.value(x))


def _i(i: int) -> str:
    """1-based subscript: 0 → ₁."""
    return str(i + 1).translate(_SUB)


def _same(text: str) -> tuple[str, str]:
    return (text, text)


def _mean_line(terms: ArrayLike, result: float) -> tuple[str, str]:
    t = np.asarray(terms, dtype=float).ravel()
    expr = f"({' + '.join(_n(v) for v in t)}) / {t.size} = {_n(result)}"
    return (f"Mean over the {t.size} elements: {expr}", f"对 {t.size} 个元素取平均：{expr}")


def _residual_lines(y_true: ArrayLike, y_pred: ArrayLike) -> tuple[np.ndarray, Steps]:
    r = losses.residuals(y_true, y_pred)
    return r, [(f"Residuals r = ŷ − y = {_v(r)}", f"残差 r = ŷ − y = {_v(r)}")]


# --- losses ---------------------------------------------------------------------------------


def losses_huber(y_true: ArrayLike, y_pred: ArrayLike, delta: float = 1.0) -> Steps:
    """Huber: residuals, the branch each one takes, the mean."""
    r, steps = _residual_lines(y_true, y_pred)
    terms = losses.huber_terms(y_true, y_pred, delta)
    d = _n(delta)
    for i, (ri, ti) in enumerate(zip(r, terms, strict=True)):
        a = _n(abs(ri))
        if abs(ri) <= delta:
            steps.append(
                (
                    f"r{_i(i)} = {_n(ri)}: |r| ≤ δ = {d}, quadratic branch ½·{a}² = {_n(ti)}",
                    f"r{_i(i)} = {_n(ri)}：|r| ≤ δ = {d}，走二次分支 ½·{a}² = {_n(ti)}",
                )
            )
        else:
            steps.append(
                (
                    f"r{_i(i)} = {_n(ri)}: |r| > δ = {d}, linear branch "
                    f"{d}·({a} − ½·{d}) = {_n(ti)}",
                    f"r{_i(i)} = {_n(ri)}：|r| > δ = {d}，走线性分支 {d}·({a} − ½·{d}) = {_n(ti)}",
                )
            )
    steps.append(_mean_line(terms, losses.huber(y_true, y_pred, delta)))
    return steps


def losses_smooth_l1(y_true: ArrayLike, y_pred: ArrayLike, beta: float = 1.0) -> Steps:
    """Smooth L1: residuals, the branch each one takes, the mean."""
    r, steps = _residual_lines(y_true, y_pred)
    b = _n(beta)
    terms = []
    for i, ri in enumerate(r):
        a = abs(float(ri))
        if a < beta:
            t = 0.5 * a * a / beta
            steps.append(
                (
                    f"r{_i(i)} = {_n(ri)}: |r| < β = {b}, ½·{_n(a)}²/{b} = {_n(t)}",
                    f"r{_i(i)} = {_n(ri)}：|r| < β = {b}，½·{_n(a)}²/{b} = {_n(t)}",
                )
            )
        else:
            t = a - 0.5 * beta
            steps.append(
                (
                    f"r{_i(i)} = {_n(ri)}: |r| ≥ β = {b}, {_n(a)} − ½·{b} = {_n(t)}",
                    f"r{_i(i)} = {_n(ri)}：|r| ≥ β = {b}，{_n(a)} − ½·{b} = {_n(t)}",
                )
            )
        terms.append(t)
    steps.append(_mean_line(terms, losses.smooth_l1(y_true, y_pred, beta)))
    steps.append(
        (
            f"(Huber with δ = β would give {b} times this: "
            f"{_n(losses.huber(y_true, y_pred, beta))}.)",
            f"（δ = β 的 Huber 损失是它的 {b} 倍：{_n(losses.huber(y_true, y_pred, beta))}。）",
        )
    )
    return steps


def losses_huber_grad(y_true: ArrayLike, y_pred: ArrayLike, delta: float = 1.0) -> Steps:
    """Huber gradient: residuals, clipped to ±δ, divided by n."""
    r, steps = _residual_lines(y_true, y_pred)
    c = np.clip(r, -delta, delta)
    steps.append(
        (
            f"Clip each residual to [−δ, δ] = [−{_n(delta)}, {_n(delta)}]: {_v(c)}",
            f"把每个残差裁剪到 [−δ, δ] = [−{_n(delta)}, {_n(delta)}]：{_v(c)}",
        )
    )
    steps.append(
        (
            f"Divide by n = {r.size} (the mean): {_v(c / r.size)}",
            f"除以 n = {r.size}（取平均带来的系数）：{_v(c / r.size)}",
        )
    )
    return steps


def losses_mse_grad(y_true: ArrayLike, y_pred: ArrayLike) -> Steps:
    """MSE gradient: residuals, times 2/n."""
    r, steps = _residual_lines(y_true, y_pred)
    g = losses.mse_grad(y_true, y_pred)
    steps.append(
        (
            f"∂MSE/∂ŷ = 2·r/n with n = {r.size}: {_v(g)}",
            f"∂MSE/∂ŷ = 2·r/n，其中 n = {r.size}：{_v(g)}",
        )
    )
    return steps


def losses_binary_cross_entropy(y_true: ArrayLike, p: ArrayLike) -> Steps:
    """BCE: the term each example contributes, the mean."""
    y = np.asarray(y_true, dtype=float)
    q = np.asarray(p, dtype=float)
    steps: Steps = []
    terms = []
    for i, (yi, qi) in enumerate(zip(y, q, strict=True)):
        t = -(yi * np.log(qi) + (1 - yi) * np.log1p(-qi)) if 0 < qi < 1 else float("nan")
        if yi == 1:
            steps.append(
                (
                    f"y{_i(i)} = 1: −ln({_x(float(qi))}) = {_n(t)}",
                    f"y{_i(i)} = 1：−ln({_x(float(qi))}) = {_n(t)}",
                )
            )
        elif yi == 0:
            steps.append(
                (
                    f"y{_i(i)} = 0: −ln(1 − {_x(float(qi))}) = {_n(t)}",
                    f"y{_i(i)} = 0：−ln(1 − {_x(float(qi))}) = {_n(t)}",
                )
            )
        else:
            steps.append(_same(f"y{_i(i)} = {_x(float(yi))}: −[y·ln p + (1−y)·ln(1−p)] = {_n(t)}"))
        terms.append(t)
    steps.append(_mean_line(terms, losses.binary_cross_entropy(y_true, p)))
    return steps


def losses_softmax_cross_entropy(labels: ArrayLike, logits: ArrayLike) -> Steps:
    """Softmax CE: per example logsumexp, the loss, then the batch mean."""
    z = np.atleast_2d(np.asarray(logits, dtype=float))
    y = np.atleast_1d(np.asarray(labels)).astype(int)
    steps: Steps = []
    terms = []
    for i, (zi, yi) in enumerate(zip(z, y, strict=True)):
        lse = float(np.max(zi) + np.log(np.sum(np.exp(zi - np.max(zi)))))
        t = lse - zi[yi]
        prob = float(np.exp(-t))
        steps.append(
            (
                f"Example {i + 1}: logsumexp({_x(zi.tolist())}) = {_n(lse)}; "
                f"loss = {_n(lse)} − z[{yi}] ({_x(float(zi[yi]))}) = {_n(t)} "
                f"(p of the true class = {_n(prob)})",
                f"第 {i + 1} 个样本：logsumexp({_x(zi.tolist())}) = {_n(lse)}；"
                f"损失 = {_n(lse)} − z[{yi}]（{_x(float(zi[yi]))}）= {_n(t)}"
                f"（真实类别的概率 = {_n(prob)}）",
            )
        )
        terms.append(t)
    if len(terms) > 1:
        result = losses.softmax_cross_entropy(labels, logits)
        expr = f"({' + '.join(_n(t) for t in terms)}) / {len(terms)} = {_n(result)}"
        steps.append((f"Mean over the batch: {expr}", f"对 batch 取平均：{expr}"))
    return steps


def losses_softmax_cross_entropy_grad(labels: ArrayLike, logits: ArrayLike) -> Steps:
    """CE gradient w.r.t. logits: softmax, one-hot, difference (over batch size)."""
    z = np.atleast_2d(np.asarray(logits, dtype=float))
    y = np.atleast_1d(np.asarray(labels)).astype(int)
    p = losses.softmax(z)
    onehot = np.zeros_like(p)
    onehot[np.arange(len(y)), y] = 1.0
    steps: Steps = [
        (f"softmax(z) = {_v(p.squeeze())}", f"softmax(z) = {_v(p.squeeze())}"),
        (
            f"one-hot of the label = {_v(onehot.squeeze())}",
            f"标签的 one-hot 向量 = {_v(onehot.squeeze())}",
        ),
        (
            f"∂L/∂z = softmax(z) − one-hot = {_v((p - onehot).squeeze())}",
            f"∂L/∂z = softmax(z) − one-hot = {_v((p - onehot).squeeze())}",
        ),
    ]
    if len(y) > 1:
        g = (p - onehot) / len(y)
        steps.append(
            (f"Divide by the batch size {len(y)}: {_v(g)}", f"再除以 batch 大小 {len(y)}：{_v(g)}")
        )
    return steps


# --- gradients ------------------------------------------------------------------------------


def gradients_sigmoid_grad(z: ArrayLike) -> Steps:
    """σ(z) first, then σ(z)(1 − σ(z))."""
    s = np.asarray(gradients.sigmoid(z), dtype=float)
    g = s * (1 - s)
    return [
        (f"σ(z) = 1 / (1 + e^(−z)) = {_v(s)}", f"σ(z) = 1 / (1 + e^(−z)) = {_v(s)}"),
        (
            f"σ'(z) = σ(z)·(1 − σ(z)) = {_v(s)}·{_v(1 - s)} = {_v(g)}",
            f"σ'(z) = σ(z)·(1 − σ(z)) = {_v(s)}·{_v(1 - s)} = {_v(g)}",
        ),
    ]


def gradients_chain_grad(
    z: ArrayLike, w: ArrayLike | None = None, activation: str = "sigmoid"
) -> Steps:
    """Each layer's local derivative w·f'(z), then their product."""
    zz = np.atleast_1d(np.asarray(z, dtype=float))
    ww = np.ones_like(zz) if w is None else np.atleast_1d(np.asarray(w, dtype=float))
    local = gradients.local_grads(zz, ww, activation)
    steps: Steps = []
    for i, (zi, wi, li) in enumerate(zip(zz, ww, local, strict=True)):
        d = li / wi if wi else 0.0
        steps.append(
            (
                f"Layer {i + 1}: {activation}'({_x(float(zi))}) = {_n(d)}, "
                f"times w{_i(i)} = {_x(float(wi))} → {_n(li)}",
                f"第 {i + 1} 层：{activation}'({_x(float(zi))}) = {_n(d)}，"
                f"乘以 w{_i(i)} = {_x(float(wi))} → {_n(li)}",
            )
        )
    prod = gradients.chain_grad(z, w, activation)
    expr = " × ".join(_n(v) for v in local)
    steps.append((f"Chain rule: {expr} = {_n(prod)}", f"链式法则连乘：{expr} = {_n(prod)}"))
    return steps


def _norm_lines(grads: gradients.Grads) -> tuple[float, Steps]:
    tensors = gradients.as_tensors(grads)[0]
    steps: Steps = []
    squares = []
    for i, g in enumerate(tensors):
        sq = float(np.sum(g**2))
        squares.append(sq)
        steps.append(
            (
                f"‖g{_i(i)}‖² = sum of squares of {_x(g.tolist())} = {_n(sq)}",
                f"‖g{_i(i)}‖² = {_x(g.tolist())} 各元素平方和 = {_n(sq)}",
            )
        )
    total = gradients.global_norm(grads)
    expr = f"sqrt({' + '.join(_n(s) for s in squares)}) = {_n(total)}"
    steps.append((f"Global norm = {expr}", f"全局范数 = {expr}"))
    return total, steps


def gradients_global_norm(grads: gradients.Grads) -> Steps:
    """Squared norm of each tensor, then the square root of their sum."""
    return _norm_lines(grads)[1]


def _coef_lines(grads: gradients.Grads, max_norm: float) -> tuple[float, Steps]:
    total, steps = _norm_lines(grads)
    raw = max_norm / (total + gradients.TORCH_CLIP_EPS)
    c = min(1.0, raw)
    steps.append(
        (
            f"clip_coef = max_norm / (norm + 1e-6) = {_n(max_norm)} / {_n(total)} = {_n(raw)}",
            f"clip_coef = max_norm / (范数 + 1e-6) = {_n(max_norm)} / {_n(total)} = {_n(raw)}",
        )
    )
    if raw >= 1:
        steps.append(
            (
                "It is ≥ 1, so it is clamped to 1: the norm is within the threshold and "
                "the gradients are left alone.",
                "它 ≥ 1，被截断为 1：范数没有超过阈值，梯度保持不变。",
            )
        )
    else:
        steps.append(
            (
                f"It is < 1, so every gradient is multiplied by {_n(c)}.",
                f"它 < 1，所以每个梯度都乘以 {_n(c)}。",
            )
        )
    return c, steps


def gradients_clip_coef(grads: gradients.Grads, max_norm: float) -> Steps:
    """Global norm, then the clamped coefficient."""
    return _coef_lines(grads, max_norm)[1]


def gradients_clip_by_global_norm(grads: gradients.Grads, max_norm: float) -> Steps:
    """Global norm, the coefficient, each tensor scaled, the norm after."""
    _, steps = _coef_lines(grads, max_norm)
    clipped = gradients.as_tensors(gradients.clip_by_global_norm(grads, max_norm))[0]
    for i, g in enumerate(clipped):
        steps.append(_same(f"g{_i(i)} → {_v(g)}"))
    after = gradients.global_norm(clipped)
    steps.append(
        (
            f"Global norm after clipping: {_n(after)} (direction unchanged)",
            f"裁剪后的全局范数：{_n(after)}（方向不变）",
        )
    )
    return steps


def gradients_clip_by_value(grads: gradients.Grads, clip_value: float) -> Steps:
    """Which elements exceed ±c, the result, and the norm before/after."""
    tensors, single = gradients.as_tensors(grads)
    c = _x(clip_value)
    steps: Steps = []
    for g in tensors:
        over = [
            f"{_x(float(v))} → {_x(float(np.clip(v, -clip_value, clip_value)))}"
            for v in g.ravel()
            if abs(v) > clip_value
        ]
        changed = ", ".join(over) if over else None
        steps.append(
            (
                f"Elements outside [−{c}, {c}]: {changed or 'none'}",
                f"超出 [−{c}, {c}] 的元素：{changed or '无'}",
            )
        )
    out = gradients.as_tensors(gradients.clip_by_value(grads, clip_value))[0]
    steps.append(_same(f"→ {_v(out[0] if single else out)}"))
    before, after = gradients.global_norm(tensors), gradients.global_norm(out)
    steps.append(
        (
            f"Norm before {_n(before)}, after {_n(after)}: value clipping can change the "
            "direction of the gradient.",
            f"裁剪前范数 {_n(before)}，裁剪后 {_n(after)}：按值裁剪可能改变梯度方向。",
        )
    )
    return steps


def gradients_batch_norm(
    x: ArrayLike,
    gamma: ArrayLike = 1.0,
    beta: ArrayLike = 0.0,
    eps: float = gradients.BATCH_NORM_EPS,
) -> Steps:
    """Batch mean, biased variance, normalized values, scale and shift."""
    a = np.asarray(x, dtype=float)
    mu, var = a.mean(axis=0), a.var(axis=0)
    xhat = (a - mu) / np.sqrt(var + eps)
    y = gradients.batch_norm(x, gamma, beta, eps)
    return [
        (f"Batch mean μ = {_v(mu)}", f"batch 均值 μ = {_v(mu)}"),
        (f"Variance (biased, ÷n) σ² = {_v(var)}", f"方差（有偏，除以 n）σ² = {_v(var)}"),
        (
            f"x̂ = (x − μ) / sqrt(σ² + {eps:g}) = {_v(xhat)}",
            f"x̂ = (x − μ) / sqrt(σ² + {eps:g}) = {_v(xhat)}",
        ),
        _same(
            f"y = γ·x̂ + β = {_x(gamma)}·x̂{_plus(float(np.mean(np.asarray(beta))))} = {_v(y)}"
            if np.ndim(beta) == 0
            else f"y = γ·x̂ + β = {_v(y)}"
        ),
    ]


# --- k-means --------------------------------------------------------------------------------

_METRIC_NAMES = {
    "euclidean": ("Euclidean distance", "欧氏距离"),
    "sqeuclidean": ("squared Euclidean distance", "欧氏距离平方"),
    "manhattan": ("Manhattan distance", "曼哈顿距离"),
    "cosine": ("cosine distance", "余弦距离"),
    "mahalanobis": ("Mahalanobis distance", "马氏距离"),
}


def _distance_expr(x: np.ndarray, c: np.ndarray, metric: str, vi: np.ndarray | None) -> str:
    d = x - c
    if metric in ("euclidean", "sqeuclidean"):
        inner = " + ".join(f"{_p(v)}²" for v in d)
        return f"sqrt({inner})" if metric == "euclidean" else inner
    if metric == "manhattan":
        return " + ".join(f"|{_n(v)}|" for v in d)
    if metric == "cosine":
        return (
            f"1 − {_p(float(x @ c))} / ({_n(float(np.linalg.norm(x)))}·"
            f"{_n(float(np.linalg.norm(c)))})"
        )
    if vi is not None and np.allclose(vi, np.diag(np.diag(vi))):
        return (
            "sqrt("
            + " + ".join(f"{_p(v)}²·{_n(s)}" for v, s in zip(d, np.diag(vi), strict=True))
            + ")"
        )
    return f"sqrt(dᵀ·Σ⁻¹·d), d = {_v(d)}"


def kmeans_pairwise_distances(
    X: ArrayLike, C: ArrayLike, metric: str = "euclidean", VI: ArrayLike | None = None
) -> Steps:
    """Each distance written out, and the nearest centroid for each point."""
    A = np.atleast_2d(np.asarray(X, dtype=float))
    B = np.atleast_2d(np.asarray(C, dtype=float))
    D = kmeans.pairwise_distances(A, B, metric, VI)
    vi = None
    steps: Steps = []
    if metric == "mahalanobis":
        vi = (
            np.linalg.inv(np.cov(np.vstack([A, B]), rowvar=False)).T
            if VI is None
            else np.asarray(VI, dtype=float)
        )
        steps.append(_same(f"Σ⁻¹ = {_v(vi)}"))
    en_m, zh_m = _METRIC_NAMES.get(metric, (metric, metric))
    for i, x in enumerate(A):
        for j, c in enumerate(B):
            who = f"x{_i(i)}" if len(A) > 1 else "x"
            expr = _distance_expr(x, c, metric, vi)
            steps.append(_same(f"d({who}, c{_i(j)}) = {expr} = {_n(D[i, j])}"))
        if len(B) > 1:
            j = int(np.argmin(D[i]))
            steps.append(
                (f"Nearest centroid by {en_m}: c{_i(j)}", f"按{zh_m}，最近的质心是 c{_i(j)}")
            )
    return steps


def _assignment_lines(A: np.ndarray, B: np.ndarray) -> tuple[np.ndarray, Steps]:
    D = kmeans.pairwise_distances(A, B, "sqeuclidean")
    labels = kmeans.assign(A, B)
    steps: Steps = []
    for i, x in enumerate(A):
        ds = ", ".join(_n(v) for v in D[i])
        steps.append(
            (
                f"x{_i(i)} = {_x(x.tolist())}: squared distances [{ds}] → cluster {labels[i] + 1}",
                f"x{_i(i)} = {_x(x.tolist())}：距离平方 [{ds}] → 第 {labels[i] + 1} 簇",
            )
        )
    return labels, steps


def kmeans_lloyd_step(X: ArrayLike, C: ArrayLike) -> Steps:
    """Assignment of every point (with its squared distances), then each cluster's mean."""
    A = np.atleast_2d(np.asarray(X, dtype=float))
    B = np.atleast_2d(np.asarray(C, dtype=float))
    labels, steps = _assignment_lines(A, B)
    new = kmeans.update(A, labels, B)
    for j in range(B.shape[0]):
        members = np.flatnonzero(labels == j)
        if members.size == 0:
            steps.append(
                (
                    f"Cluster {j + 1} is empty: its centroid stays at {_v(B[j])}",
                    f"第 {j + 1} 簇是空簇：质心保持在 {_v(B[j])} 不动",
                )
            )
        else:
            who = ", ".join(f"x{_i(int(m))}" for m in members)
            steps.append(
                (
                    f"Cluster {j + 1} = {{{who}}}: mean → {_v(new[j])}",
                    f"第 {j + 1} 簇 = {{{who}}}：取均值 → {_v(new[j])}",
                )
            )
    return steps


def kmeans_inertia(X: ArrayLike, C: ArrayLike, labels: ArrayLike | None = None) -> Steps:
    """Nearest centroid and squared distance of each point, then the sum."""
    A = np.atleast_2d(np.asarray(X, dtype=float))
    B = np.atleast_2d(np.asarray(C, dtype=float))
    if labels is None:
        lab, steps = _assignment_lines(A, B)
    else:
        lab, steps = np.asarray(labels, dtype=int), []
    d2 = np.sum((A - B[lab]) ** 2, axis=1)
    expr = " + ".join(_n(v) for v in d2)
    total = kmeans.inertia(A, B, lab)
    steps.append(
        (
            f"Inertia = sum of the squared distances to the own centroid = {expr} = {_n(total)}",
            f"惯性（簇内平方和）= 各点到所属质心的距离平方之和 = {expr} = {_n(total)}",
        )
    )
    return steps


def kmeans_kpp_probabilities(X: ArrayLike, C: ArrayLike) -> Steps:
    """D(x)² for every point, their sum, and the ratios."""
    A = np.atleast_2d(np.asarray(X, dtype=float))
    d2 = np.min(kmeans.pairwise_distances(A, C, "sqeuclidean"), axis=1)
    p = kmeans.kpp_probabilities(A, C)
    return [
        (
            f"D(x)² to the nearest chosen centroid: {_v(d2)}",
            f"各点到最近已选质心的距离平方 D(x)²：{_v(d2)}",
        ),
        (f"Σ D² = {_n(float(d2.sum()))}", f"Σ D² = {_n(float(d2.sum()))}"),
        (f"P(x) = D(x)² / Σ D² = {_v(p)}", f"P(x) = D(x)² / Σ D² = {_v(p)}"),
    ]


def kmeans_hartigan_delta(X: ArrayLike, labels: ArrayLike, index: int, target: int) -> Steps:
    """Both cluster means, the two weighted squared distances and their difference."""
    A = np.atleast_2d(np.asarray(X, dtype=float))
    lab = np.asarray(labels, dtype=int)
    i, b = int(index), int(target)
    a = int(lab[i])
    n_a, n_b = int(np.sum(lab == a)), int(np.sum(lab == b))
    mu_a, mu_b = A[lab == a].mean(axis=0), A[lab == b].mean(axis=0)
    da, db = float(np.sum((A[i] - mu_a) ** 2)), float(np.sum((A[i] - mu_b) ** 2))
    delta = kmeans.hartigan_delta(A, lab, i, b)
    return [
        _same(f"μ_A = {_v(mu_a)} (|A| = {n_a}), μ_B = {_v(mu_b)} (|B| = {n_b})"),
        _same(f"‖x − μ_A‖² = {_n(da)}, ‖x − μ_B‖² = {_n(db)}"),
        (
            f"Δ = {n_b}/{n_b + 1}·{_n(db)} − {n_a}/{n_a - 1}·{_n(da)} = {_n(delta)}",
            f"Δ = {n_b}/{n_b + 1}·{_n(db)} − {n_a}/{n_a - 1}·{_n(da)} = {_n(delta)}",
        ),
    ]


def kmeans_macqueen(X: ArrayLike, k: int) -> Steps:
    """Each point in order: its nearest current centroid, the new count and the running mean."""
    A = np.atleast_2d(np.asarray(X, dtype=float))
    k = int(k)
    C = A[:k].copy()
    counts = np.ones(k)
    steps: Steps = [
        (
            f"Seeds: the first {k} points, each with count 1: {_v(C)}",
            f"种子：前 {k} 个点，计数各为 1：{_v(C)}",
        )
    ]
    for t, x in enumerate(A[k:], start=k):
        j = int(kmeans.assign(x, C)[0])
        counts[j] += 1
        C[j] += (x - C[j]) / counts[j]
        n = int(counts[j])
        steps.append(
            (
                f"x{_i(t)} → c{_i(j)} (count {n}): c{_i(j)} += (x − c)/{n} → {_v(C[j])}",
                f"x{_i(t)} → c{_i(j)}（计数 {n}）：c{_i(j)} += (x − c)/{n} → {_v(C[j])}",
            )
        )
    return steps


def kmeans_minibatch_update(X: ArrayLike, C: ArrayLike, counts: ArrayLike) -> Steps:
    """The batch assignment, then each centroid's weighted running mean."""
    A = np.atleast_2d(np.asarray(X, dtype=float))
    B = np.atleast_2d(np.asarray(C, dtype=float))
    n = np.asarray(counts, dtype=float)
    labels, steps = _assignment_lines(A, B)
    new = kmeans.minibatch_update(A, B, n)
    for j in range(B.shape[0]):
        m = int(np.sum(labels == j))
        if m == 0:
            steps.append(
                (f"c{_i(j)} gets no batch point: unchanged", f"c{_i(j)} 没有分到批内样本：不变")
            )
            continue
        total = A[labels == j].sum(axis=0)
        expr = f"({_n(n[j])}·{_v(B[j])} + {_v(total)}) / ({_n(n[j])} + {m}) = {_v(new[j])}"
        steps.append(_same(f"c{_i(j)} = {expr}"))
    return steps


def kmeans_fuzzy_memberships(X: ArrayLike, C: ArrayLike, m: float = 2.0) -> Steps:
    """The distances, the exponent 2/(m − 1) and each normalised membership."""
    D = kmeans.pairwise_distances(X, C)
    U = kmeans.fuzzy_memberships(X, C, m)
    p = 2.0 / (m - 1.0)
    steps: Steps = []
    for i in range(D.shape[0]):
        steps.append(_same(f"d = {_v(D[i])}; 2/(m − 1) = {_n(p)}"))
        w = D[i] ** (-p)
        steps.append(
            (
                f"weights d^(−{_n(p)}) = {_v(w)}, sum {_n(float(w.sum()))}",
                f"权重 d^(−{_n(p)}) = {_v(w)}，和为 {_n(float(w.sum()))}",
            )
        )
        steps.append(_same(f"u = weights / sum = {_v(U[i])}"))
    return steps


def kmeans_responsibilities(X: ArrayLike, means: ArrayLike, variance: float) -> Steps:
    """Squared distances, the exponents −d²/(2σ²) and the softmax."""
    D2 = kmeans.pairwise_distances(X, means, "sqeuclidean")
    R = kmeans.responsibilities(X, means, variance)
    steps: Steps = []
    for i in range(D2.shape[0]):
        z = -D2[i] / (2.0 * variance)
        steps.append(_same(f"d² = {_v(D2[i])}; −d²/(2σ²) = {_v(z)}"))
        steps.append((f"softmax of the exponents: {_v(R[i])}", f"对指数做 softmax：{_v(R[i])}"))
    return steps


def kmeans_kernel_distance(K: ArrayLike, index: int, members: ArrayLike) -> Steps:
    """The three kernel terms and their combination."""
    Km = np.asarray(K, dtype=float)
    idx = np.asarray(members, dtype=int)
    i, c = int(index), idx.size
    kii, cross, block = Km[i, i], float(Km[i, idx].sum()), float(Km[np.ix_(idx, idx)].sum())
    d = kmeans.kernel_distance(Km, i, idx)
    return [
        _same(f"K_ii = {_n(kii)}, Σ_j K_ij = {_n(cross)}, Σ_jl K_jl = {_n(block)}, |C| = {c}"),
        _same(f"{_n(kii)} − 2·{_n(cross)}/{c} + {_n(block)}/{c * c} = {_n(d)}"),
    ]


def kmeans_between_sum_of_squares(X: ArrayLike, labels: ArrayLike) -> Steps:
    """Grand mean, each cluster's size and mean, and the weighted sum."""
    A = np.atleast_2d(np.asarray(X, dtype=float))
    lab = np.asarray(labels, dtype=int)
    grand = A.mean(axis=0)
    steps: Steps = [(f"Grand mean x̄ = {_v(grand)}", f"总均值 x̄ = {_v(grand)}")]
    terms = []
    for j in sorted(set(lab.tolist())):
        nj = int(np.sum(lab == j))
        mu = A[lab == j].mean(axis=0)
        t = nj * float(np.sum((mu - grand) ** 2))
        terms.append(t)
        steps.append(
            (
                f"Cluster {j}: n = {nj}, μ = {_v(mu)}, n·‖μ − x̄‖² = {_n(t)}",
                f"第 {j} 簇：n = {nj}，μ = {_v(mu)}，n·‖μ − x̄‖² = {_n(t)}",
            )
        )
    total = kmeans.between_sum_of_squares(A, lab)
    steps.append(_same(f"BCSS = {' + '.join(_n(t) for t in terms)} = {_n(total)}"))
    return steps


def kmeans_ch_from_sums(tss: float, wcss: float, n: int, k: int) -> Steps:
    """BCSS by subtraction, then the ratio of the two mean squares."""
    bcss = tss - wcss
    ch = kmeans.ch_from_sums(tss, wcss, n, k)
    return [
        _same(f"BCSS = TSS − WCSS = {_x(tss)} − {_x(wcss)} = {_n(bcss)}"),
        _same(
            f"CH = [{_n(bcss)}/({k} − 1)] / [{_x(wcss)}/({n} − {k})] = "
            f"{_n(bcss / (k - 1))} / {_n(wcss / (n - k))} = {_n(ch)}"
        ),
    ]


def _silhouette_lines(A: np.ndarray, lab: np.ndarray, i: int) -> tuple[float, Steps]:
    D = kmeans.pairwise_distances(A[i], A)[0]
    own = lab == lab[i]
    if own.sum() == 1:
        return 0.0, [
            (
                f"x{_i(i)} is alone in its cluster: s = 0 (scikit-learn's convention)",
                f"x{_i(i)} 单独成簇：s = 0（scikit-learn 的约定）",
            )
        ]
    a = float(D[own].sum() / (own.sum() - 1))
    means = {j: float(D[lab == j].mean()) for j in sorted(set(lab.tolist())) if j != lab[i]}
    nearest = min(means, key=lambda j: means[j])
    b = means[nearest]
    s = (b - a) / max(a, b)
    listed = ", ".join(f"{j}: {_n(v)}" for j, v in means.items())
    return s, [
        (
            f"x{_i(i)}: a = {_n(a)} (mean over the other {int(own.sum()) - 1} of its cluster); "
            f"mean distances to other clusters {{{listed}}} → b = {_n(b)}; "
            f"s = ({_n(b)} − {_n(a)}) / {_n(max(a, b))} = {_n(s)}",
            f"x{_i(i)}：a = {_n(a)}（对本簇其余 {int(own.sum()) - 1} 个点取平均）；"
            f"到其他各簇的平均距离 {{{listed}}} → b = {_n(b)}；"
            f"s = ({_n(b)} − {_n(a)}) / {_n(max(a, b))} = {_n(s)}",
        )
    ]


def kmeans_silhouette_point(X: ArrayLike, labels: ArrayLike, index: int) -> Steps:
    """a, the mean distance to every other cluster, b and s for one point."""
    A = np.atleast_2d(np.asarray(X, dtype=float))
    return _silhouette_lines(A, np.asarray(labels, dtype=int), int(index))[1]


def kmeans_silhouette_score(X: ArrayLike, labels: ArrayLike) -> Steps:
    """Every point's silhouette, then the mean."""
    A = np.atleast_2d(np.asarray(X, dtype=float))
    lab = np.asarray(labels, dtype=int)
    steps: Steps = []
    values = []
    for i in range(A.shape[0]):
        s, lines = _silhouette_lines(A, lab, i)
        values.append(s)
        steps += lines
    steps.append(_mean_line(values, kmeans.silhouette_score(A, lab)))
    return steps


def kmeans_matched_accuracy(labels_true: ArrayLike, labels_pred: ArrayLike) -> Steps:
    """The contingency table and the best one-to-one matching."""
    M = kmeans.contingency(labels_true, labels_pred)
    acc = kmeans.matched_accuracy(labels_true, labels_pred)
    n = int(M.sum())
    return [
        (
            f"Contingency table (rows: classes, columns: clusters): {_x(M.tolist())}",
            f"列联表（行为类别，列为簇）：{_x(M.tolist())}",
        ),
        (
            f"Best one-to-one matching keeps {_n(acc * n)} of {n} points: {_n(acc)}",
            f"最优一对一匹配覆盖 {n} 个点中的 {_n(acc * n)} 个：{_n(acc)}",
        ),
    ]


def kmeans_adjusted_rand_index(labels_true: ArrayLike, labels_pred: ArrayLike) -> Steps:
    """Pair counts from the contingency table, the expected index and the adjustment."""
    M = kmeans.contingency(labels_true, labels_pred)
    n = float(M.sum())

    def pairs(a: np.ndarray) -> float:
        return float(np.sum(a * (a - 1) / 2))

    index, rows, cols = pairs(M), pairs(M.sum(axis=1)), pairs(M.sum(axis=0))
    expected = rows * cols / (n * (n - 1) / 2)
    ari = kmeans.adjusted_rand_index(labels_true, labels_pred)
    return [
        (f"Contingency table: {_x(M.tolist())}", f"列联表：{_x(M.tolist())}"),
        _same(f"Σ C(n_rc, 2) = {_n(index)}, Σ C(a_r, 2) = {_n(rows)}, Σ C(b_c, 2) = {_n(cols)}"),
        _same(f"E = {_n(rows)}·{_n(cols)} / C({int(n)}, 2) = {_n(expected)}"),
        _same(
            f"ARI = ({_n(index)} − {_n(expected)}) / "
            f"(½·({_n(rows)} + {_n(cols)}) − {_n(expected)}) = {_n(ari)}"
        ),
    ]


# --- PCA ------------------------------------------------------------------------------------


def pca_covariance(X: ArrayLike) -> Steps:
    """Column means, centered data, then each entry Σ/(n − 1)."""
    a = np.asarray(X, dtype=float)
    xc = pca.center(a)
    cov = pca.covariance(a)
    n = a.shape[0]
    steps: Steps = [
        (f"Column means: {_v(a.mean(axis=0))}", f"各列均值：{_v(a.mean(axis=0))}"),
        (f"Centered data: {_v(xc)}", f"中心化后的数据：{_v(xc)}"),
    ]
    d = a.shape[1]
    for j in range(d):
        for k in range(j, d):
            prods = _signed_sum(xc[:, j] * xc[:, k])
            steps.append(_same(f"C[{j + 1},{k + 1}] = ({prods}) / {n - 1} = {_n(cov[j, k])}"))
    steps.append(
        (
            f"Covariance matrix (÷ n − 1 = {n - 1}): {_v(cov)}",
            f"协方差矩阵（除以 n − 1 = {n - 1}）：{_v(cov)}",
        )
    )
    return steps


def pca_eigenvalues(C: ArrayLike) -> Steps:
    """For 2×2: trace, determinant and the quadratic formula; otherwise the values."""
    m = np.asarray(C, dtype=float)
    w = pca.eigenvalues(m)
    if m.shape != (2, 2):
        return [(f"Eigenvalues (decreasing): {_v(w)}", f"特征值（从大到小）：{_v(w)}")]
    tr, det = float(np.trace(m)), float(np.linalg.det(m))
    disc = tr * tr / 4 - det
    return [
        (f"trace = {_n(tr)}, det = {_n(det)}", f"迹 = {_n(tr)}，行列式 = {_n(det)}"),
        (
            f"λ = trace/2 ± sqrt(trace²/4 − det) = {_n(tr / 2)} ± sqrt({_n(disc)})",
            f"λ = 迹/2 ± sqrt(迹²/4 − 行列式) = {_n(tr / 2)} ± sqrt({_n(disc)})",
        ),
        (
            f"Eigenvalues (decreasing): {_v(w)}; they sum to the trace, the total variance",
            f"特征值（从大到小）：{_v(w)}；它们的和等于迹，即总方差",
        ),
    ]


def pca_explained_variance_ratio(eigenvalues: ArrayLike, k: int) -> Steps:
    """Sort decreasing, sum the top k, divide by the total."""
    v = np.sort(np.asarray(eigenvalues, dtype=float))[::-1]
    top, total = float(v[: int(k)].sum()), float(v.sum())
    return [
        (f"Sorted decreasing: {_v(v)}", f"从大到小排序：{_v(v)}"),
        (
            f"Top {k}: {' + '.join(_n(x) for x in v[: int(k)])} = {_n(top)}; total = {_n(total)}",
            f"前 {k} 个之和：{' + '.join(_n(x) for x in v[: int(k)])} = {_n(top)}；"
            f"总和 = {_n(total)}",
        ),
        (
            f"Ratio = {_n(top)} / {_n(total)} = {_n(top / total)}",
            f"解释方差比 = {_n(top)} / {_n(total)} = {_n(top / total)}",
        ),
    ]


def pca_discarded_variance(eigenvalues: ArrayLike, k: int) -> Steps:
    """Sort decreasing, sum the eigenvalues after the top k."""
    v = np.sort(np.asarray(eigenvalues, dtype=float))[::-1]
    rest = v[int(k) :]
    expr = " + ".join(_n(x) for x in rest) if rest.size else "0"
    total = float(rest.sum())
    return [
        (
            f"Kept: {_v(v[: int(k)])}; discarded: {_v(rest)}",
            f"保留：{_v(v[: int(k)])}；丢弃：{_v(rest)}",
        ),
        (
            f"Reconstruction error = sum of the discarded eigenvalues = {expr} = {_n(total)}",
            f"重构误差 = 被丢弃的特征值之和 = {expr} = {_n(total)}",
        ),
    ]


def pca_project(X: ArrayLike, direction: ArrayLike) -> Steps:
    """Mean, centered rows, dot product with v."""
    a = np.asarray(X, dtype=float)
    v = np.asarray(direction, dtype=float)
    xc = pca.center(a)
    steps: Steps = [(f"Mean: {_v(a.mean(axis=0))}", f"均值：{_v(a.mean(axis=0))}")]
    for i, row in enumerate(xc):
        terms = " + ".join(f"{_p(r)}·{_p(float(c))}" for r, c in zip(row, v, strict=True))
        steps.append(_same(f"(x{_i(i)} − μ)·v = {terms} = {_n(float(row @ v))}"))
    return steps


def pca_inverse_transform(Z: ArrayLike, components: ArrayLike, mean: ArrayLike) -> Steps:
    """x̂ = μ + z·W written out."""
    comp = np.atleast_2d(np.asarray(components, dtype=float))
    z = np.asarray(Z, dtype=float).ravel()
    part = z @ comp if z.size == comp.shape[0] else np.zeros(comp.shape[1])
    out = pca.inverse_transform(Z, components, mean)
    return [
        (f"z·W = {_v(part)}", f"z·W = {_v(part)}"),
        (
            f"x̂ = μ + z·W = {_x(mean)} + {_v(part)} = {_v(out.squeeze())}",
            f"x̂ = μ + z·W = {_x(mean)} + {_v(part)} = {_v(out.squeeze())}",
        ),
    ]


def pca_evr_from_singular_values(singular_values: ArrayLike, k: int) -> Steps:
    """Square the singular values, then the ratio of the top k."""
    s = np.sort(np.asarray(singular_values, dtype=float))[::-1]
    sq = s**2
    top, total = float(sq[: int(k)].sum()), float(sq.sum())
    return [
        (
            f"Explained variance ∝ S²: {_v(sq)} (S²/(n − 1); the n − 1 cancels in the ratio)",
            f"解释方差 ∝ S²：{_v(sq)}（即 S²/(n − 1)，比值中 n − 1 约掉）",
        ),
        (
            f"Ratio = {_n(top)} / {_n(total)} = {_n(top / total)}",
            f"解释方差比 = {_n(top)} / {_n(total)} = {_n(top / total)}",
        ),
    ]


def _signed_sum(terms: ArrayLike) -> str:
    """``a + b − c`` from computed terms: each sign printed once, never ``+ -``."""
    t = [float(x) for x in np.asarray(terms, dtype=float).ravel()]
    return _n(t[0]) + "".join(_plus(x) for x in t[1:]) if t else "0"


def pca_top_eigenvector(C: ArrayLike) -> Steps:
    """The largest eigenvalue, a null vector of C − λ₁I, its normalization and the sign rule."""
    m = np.asarray(C, dtype=float)
    lam = pca.eigenvalues(m)
    v = pca.top_eigenvector(m)
    steps: Steps = [(f"Eigenvalues (decreasing): {_v(lam)}", f"特征值（从大到小）：{_v(lam)}")]
    if m.shape == (2, 2) and m[0, 1] != 0:
        raw = np.array([m[0, 1], lam[0] - m[0, 0]])
        steps += [
            (
                f"(C − λ₁I)v = 0 is solved by v ∝ (b, λ₁ − a) = ({_n(raw[0])}, {_n(raw[1])})",
                f"(C − λ₁I)v = 0 的解为 v ∝ (b, λ₁ − a) = ({_n(raw[0])}, {_n(raw[1])})",
            ),
            (
                f"Divide by its norm {_n(float(np.linalg.norm(raw)))}",
                f"除以它的范数 {_n(float(np.linalg.norm(raw)))}",
            ),
        ]
    steps.append(
        (
            f"Sign: the largest-magnitude entry positive → v = {_v(v)}",
            f"定符号：绝对值最大的元素取正 → v = {_v(v)}",
        )
    )
    return steps


def pca_power_iteration(A: ArrayLike, b0: ArrayLike, steps: int) -> Steps:
    """Every iteration: the product A·b, its norm and the normalized vector."""
    a = np.asarray(A, dtype=float)
    b = np.asarray(b0, dtype=float)
    out: Steps = [_same(f"b₀ = {_x(b0)}")]
    for t in range(int(steps)):
        ab = a @ b
        norm = float(np.linalg.norm(ab))
        b = ab / norm
        out.append(
            (
                f"Step {t + 1}: A·b = {_v(ab)}, ‖A·b‖ = {_n(norm)}, b{_i(t)} = {_v(b)}",
                f"第 {t + 1} 步：A·b = {_v(ab)}，‖A·b‖ = {_n(norm)}，b{_i(t)} = {_v(b)}",
            )
        )
    rq = float(b @ a @ b)
    out.append(
        (
            f"(The Rayleigh quotient bᵀAb = {_n(rq)} estimates the largest eigenvalue.)",
            f"（瑞利商 bᵀAb = {_n(rq)} 是最大特征值的估计。）",
        )
    )
    return out


def pca_whiten(scores: ArrayLike, explained_variance: ArrayLike) -> Steps:
    """Each score divided by the square root of its component's variance."""
    z = np.asarray(scores, dtype=float).ravel()
    lam = np.asarray(explained_variance, dtype=float).ravel()
    out: Steps = []
    for j, (zj, lj) in enumerate(zip(z, lam, strict=True)):
        root = float(np.sqrt(lj))
        out.append(_same(f"z{_i(j)} / √λ{_i(j)} = {_n(zj)} / {_n(root)} = {_n(zj / root)}"))
    return out


def pca_center_kernel(K: ArrayLike) -> Steps:
    """Row means, column means, grand mean, then K̃ᵢⱼ = Kᵢⱼ − rowᵢ − colⱼ + grand."""
    k = np.asarray(K, dtype=float)
    rows, cols, grand = k.mean(axis=1), k.mean(axis=0), float(k.mean())
    kc = pca.center_kernel(k)
    return [
        (f"Row means: {_v(rows)}", f"各行均值：{_v(rows)}"),
        (f"Column means: {_v(cols)}", f"各列均值：{_v(cols)}"),
        (f"Grand mean: {_n(grand)}", f"全体均值：{_n(grand)}"),
        _same(f"K̃₁₁ = {_signed_sum([k[0, 0], -rows[0], -cols[0], grand])} = {_n(float(kc[0, 0]))}"),
        (
            f"K̃ = K − row mean − column mean + grand mean: {_v(kc)}",
            f"K̃ = K − 行均值 − 列均值 + 全体均值：{_v(kc)}",
        ),
    ]


def pca_kaiser_count(eigenvalues: ArrayLike, threshold: float = 1.0) -> Steps:
    """Which eigenvalues exceed 1."""
    v = np.asarray(eigenvalues, dtype=float)
    kept = v[v > threshold]
    return [
        (
            f"Eigenvalues above {_n(threshold)}: {_v(kept)} → keep {kept.size}",
            f"大于 {_n(threshold)} 的特征值：{_v(kept)} → 保留 {kept.size} 个",
        ),
        (
            f"They explain {_n(float(kept.sum() / v.sum()))} of the total variance {_n(v.sum())}",
            f"它们解释了总方差 {_n(v.sum())} 中 {_n(float(kept.sum() / v.sum()))} 的比例",
        ),
    ]


def pca_reconstruction_error(X: ArrayLike, n_components: int) -> Steps:
    """Covariance, eigenvalues, the discarded ones summed, times (n − 1)/n."""
    a = np.asarray(X, dtype=float)
    n = a.shape[0]
    lam = pca.eigenvalues(pca.covariance(a))
    k = int(n_components)
    lost = float(lam[k:].sum())
    err = pca.reconstruction_error(a, k)
    return [
        (
            f"Covariance (÷ n − 1): {_v(pca.covariance(a))}",
            f"协方差矩阵（除以 n − 1）：{_v(pca.covariance(a))}",
        ),
        (f"Eigenvalues (decreasing): {_v(lam)}", f"特征值（从大到小）：{_v(lam)}"),
        (
            f"Discarded eigenvalues sum to {_n(lost)} = Σᵢ‖xᵢ − x̂ᵢ‖² / (n − 1)",
            f"被丢弃的特征值之和为 {_n(lost)} = Σᵢ‖xᵢ − x̂ᵢ‖² / (n − 1)",
        ),
        (
            f"Mean over the n = {n} samples: {_n(lost)} · {n - 1}/{n} = {_n(err)}",
            f"对 n = {n} 个样本取平均：{_n(lost)} · {n - 1}/{n} = {_n(err)}",
        ),
    ]


# --- gradients: clipping over steps, normalization layers, activations, init, schedules -----


def gradients_clip_coefs(first: gradients.Grads, second: gradients.Grads, max_norm: float) -> Steps:
    """The global norm and clamped coefficient of each of the two steps."""
    steps: Steps = []
    for i, grads in enumerate((first, second)):
        steps.append((f"Step {i + 1}:", f"第 {i + 1} 步："))
        steps.extend(_coef_lines(grads, max_norm)[1])
    return steps


def gradients_bn_running_stats(
    running_mean: float,
    running_var: float,
    x: ArrayLike,
    momentum: float = gradients.BATCH_NORM_MOMENTUM,
) -> Steps:
    """Batch mean, unbiased batch variance, then the two exponential moving averages."""
    a = np.asarray(x, dtype=float).ravel()
    mu, var = float(a.mean()), float(a.var(ddof=1))
    new_mean, new_var = gradients.bn_running_stats(running_mean, running_var, a, momentum)
    keep, m = _n(1.0 - momentum), _x(momentum)
    return [
        (f"Batch mean = {_n(mu)}", f"batch 均值 = {_n(mu)}"),
        (
            f"Batch variance, unbiased (÷ n − 1 = {a.size - 1}) = {_n(var)}",
            f"batch 方差，无偏（除以 n − 1 = {a.size - 1}）= {_n(var)}",
        ),
        _same(f"running_mean = {keep}·{_p(running_mean)} + {m}·{_p(mu)} = {_n(new_mean)}"),
        _same(f"running_var = {keep}·{_p(running_var)} + {m}·{_p(var)} = {_n(new_var)}"),
    ]


def gradients_layer_norm(
    x: ArrayLike,
    weight: ArrayLike = 1.0,
    bias: ArrayLike = 0.0,
    eps: float = gradients.BATCH_NORM_EPS,
) -> Steps:
    """Mean and biased variance over the features, normalized values, then weight and bias."""
    a = np.asarray(x, dtype=float)
    mu, var = a.mean(axis=-1), a.var(axis=-1)
    xhat = gradients.layer_norm(a, 1.0, 0.0, eps)
    y = gradients.layer_norm(a, weight, bias, eps)
    return [
        (f"Mean over the features μ = {_v(mu)}", f"对特征求均值 μ = {_v(mu)}"),
        (f"Variance (biased, ÷D) σ² = {_v(var)}", f"方差（有偏，除以 D）σ² = {_v(var)}"),
        _same(f"x̂ = (x − μ) / sqrt(σ² + {eps:g}) = {_v(xhat)}"),
        _same(f"y = weight ⊙ x̂ + bias = {_v(y)}"),
    ]


def gradients_rms_norm(
    x: ArrayLike, weight: ArrayLike = 1.0, eps: float = gradients.RMS_NORM_EPS
) -> Steps:
    """Mean of squares, the RMS, then x / RMS times the weight."""
    a = np.asarray(x, dtype=float)
    ms = float(np.mean(a**2))
    rms = float(np.sqrt(ms + eps))
    return [
        (
            f"Mean of the squares = {_n(ms)} (no mean is subtracted)",
            f"各元素平方的均值 = {_n(ms)}（不减均值）",
        ),
        _same(f"RMS = sqrt({_n(ms)} + {eps:g}) = {_n(rms)}"),
        _same(f"x / RMS = {_v(a / rms)}"),
        _same(f"y = weight ⊙ x / RMS = {_v(gradients.rms_norm(a, weight, eps))}"),
    ]


def gradients_gelu(x: ArrayLike) -> Steps:
    """Φ(x) through erf, then x·Φ(x); the tanh approximation for comparison."""
    a = float(np.asarray(x, dtype=float))
    phi = float(gradients._std_normal_cdf(np.asarray(a)))
    return [
        _same(f"Φ({_x(a)}) = ½(1 + erf({_x(a)}/√2)) = {_n(phi)}"),
        _same(f"GELU = x·Φ(x) = {_x(a)}·{_n(phi)} = {_n(a * phi)}"),
        (
            f"(The tanh approximation gives {_n(float(gradients.gelu_tanh(a)))}.)",
            f"（tanh 近似给出 {_n(float(gradients.gelu_tanh(a)))}。）",
        ),
    ]


def gradients_silu_grad(x: ArrayLike) -> Steps:
    """σ(x), then the product rule σ(x) + x·σ(x)(1 − σ(x))."""
    a = float(np.asarray(x, dtype=float))
    s = float(gradients.sigmoid(a))
    second = a * s * (1.0 - s)
    return [
        _same(f"σ({_x(a)}) = {_n(s)}"),
        (
            f"Product rule: σ(x) + x·σ(x)(1 − σ(x)) = {_n(s)}{_plus(second)} = {_n(s + second)}",
            f"乘积法则：σ(x) + x·σ(x)(1 − σ(x)) = {_n(s)}{_plus(second)} = {_n(s + second)}",
        ),
    ]


def gradients_conv_init_stds(in_channels: int, out_channels: int, kernel_size: int) -> Steps:
    """The fans with the receptive field, then both standard deviations."""
    k = int(kernel_size)
    fan_in, fan_out = gradients.conv_fans(in_channels, out_channels, k)
    he, xavier = gradients.conv_init_stds(in_channels, out_channels, k)
    return [
        (
            f"Receptive field k·k = {k * k}: fan_in = {in_channels}·{k * k} = {fan_in}, "
            f"fan_out = {out_channels}·{k * k} = {fan_out}",
            f"感受野 k·k = {k * k}：fan_in = {in_channels}·{k * k} = {fan_in}，"
            f"fan_out = {out_channels}·{k * k} = {fan_out}",
        ),
        _same(f"He: sqrt(2 / {fan_in}) = {_n(he)}"),
        _same(f"Xavier: sqrt(2 / ({fan_in} + {fan_out})) = {_n(xavier)}"),
    ]


def gradients_warmup_cosine_lr(
    step: ArrayLike, peak_lr: float, warmup_steps: int, total_steps: int
) -> Steps:
    """For each step: which phase it is in and the factor applied to the peak rate."""
    steps: Steps = []
    w, n = int(warmup_steps), int(total_steps)
    for t in np.atleast_1d(np.asarray(step, dtype=float)):
        lr = float(gradients.warmup_cosine_lr(t, peak_lr, w, n))
        ti = int(t)
        if ti < w:
            steps.append(
                (
                    f"t = {ti} < {w}, warm-up: {_x(peak_lr)}·{ti}/{w} = {_n(lr)}",
                    f"t = {ti} < {w}，处于预热阶段：{_x(peak_lr)}·{ti}/{w} = {_n(lr)}",
                )
            )
        else:
            p = (ti - w) / max(1, n - w)
            steps.append(
                (
                    f"t = {ti} ≥ {w}, decay: progress = ({ti} − {w})/({n} − {w}) = {_n(p)}, "
                    f"{_x(peak_lr)}·½(1 + cos(π·{_n(p)})) = {_n(lr)}",
                    f"t = {ti} ≥ {w}，处于衰减阶段：进度 = ({ti} − {w})/({n} − {w}) = {_n(p)}，"
                    f"{_x(peak_lr)}·½(1 + cos(π·{_n(p)})) = {_n(lr)}",
                )
            )
    return steps


# --- losses (deeper subjects) ---------------------------------------------------------------


def losses_focal_loss(
    y_true: ArrayLike, p: ArrayLike, gamma: float = 2.0, alpha: float = 0.25
) -> Steps:
    """Focal loss: p_t, α_t, the modulating factor and the term of each example, the mean."""
    y = np.asarray(y_true, dtype=float)
    q = np.asarray(p, dtype=float)
    steps: Steps = []
    terms = []
    g = _n(gamma)
    for i, (yi, qi) in enumerate(zip(y, q, strict=True)):
        pt = qi if yi == 1 else 1.0 - qi
        at = 1.0 if alpha < 0 else (alpha if yi == 1 else 1.0 - alpha)
        t = -at * (1.0 - pt) ** gamma * np.log(pt)
        terms.append(t)
        line = f"{_n(at)}·(1 − {_n(pt)})^{g}·(−ln {_n(pt)}) = {_n(t)}"
        steps.append(
            (
                f"y{_i(i)} = {int(yi)}: p_t = {_n(pt)}, α_t = {_n(at)}; {line}",
                f"y{_i(i)} = {int(yi)}：p_t = {_n(pt)}，α_t = {_n(at)}；{line}",
            )
        )
    steps.append(_mean_line(terms, losses.focal_loss(y_true, p, gamma, alpha)))
    return steps


def losses_label_smoothing_cross_entropy(
    labels: ArrayLike, logits: ArrayLike, epsilon: float = 0.1
) -> Steps:
    """Label-smoothed CE: the smoothed target, log-softmax of each row, its dot product, mean."""
    y = np.atleast_1d(np.asarray(labels)).astype(int)
    z = np.atleast_2d(np.asarray(logits, dtype=float))
    k = z.shape[1]
    on, off = 1.0 - epsilon + epsilon / k, epsilon / k
    steps: Steps = [
        (
            f"Target: true class 1 − ε + ε/K = {_n(on)}, every other class ε/K = {_n(off)}",
            f"目标分布：真实类别 1 − ε + ε/K = {_n(on)}，其余每类 ε/K = {_n(off)}",
        )
    ]
    terms = []
    for i, (zi, yi) in enumerate(zip(z, y, strict=True)):
        ls = losses.log_softmax(zi)
        t = -(on * ls[yi] + off * (ls.sum() - ls[yi]))
        terms.append(t)
        steps.append(
            (
                f"Example {i + 1}: log_softmax = {_v(ls)}; −Σ target·log_softmax = {_n(t)}",
                f"样本 {i + 1}：log_softmax = {_v(ls)}；−Σ 目标·log_softmax = {_n(t)}",
            )
        )
    result = losses.label_smoothing_cross_entropy(labels, logits, epsilon)
    expr = f"({' + '.join(_n(t) for t in terms)}) / {len(terms)} = {_n(result)}"
    steps.append((f"Mean over the batch: {expr}", f"对 batch 取平均：{expr}"))
    return steps


def losses_kl_divergence(p: ArrayLike, q: ArrayLike) -> Steps:
    """KL: each term p·ln(p/q), their sum; entropy and cross-entropy beside it."""
    a = np.asarray(p, dtype=float)
    b = np.asarray(q, dtype=float)
    terms = [float(x * np.log(x / y)) if x > 0 else 0.0 for x, y in zip(a, b, strict=True)]
    pairs = zip(a, b, strict=True)
    parts = " + ".join(f"{_x(float(x))}·ln({_x(float(x))}/{_x(float(y))})" for x, y in pairs)
    total = losses.kl_divergence(p, q)
    return [
        _same(f"KL = {parts}"),
        _same(f"   = {' + '.join(_p(t) for t in terms)} = {_n(total)}"),
        (
            f"Check: H(p, q) − H(p) = {_n(losses.cross_entropy_dist(p, q))} − "
            f"{_n(losses.entropy(p))} = {_n(total)} nats",
            f"验证：H(p, q) − H(p) = {_n(losses.cross_entropy_dist(p, q))} − "
            f"{_n(losses.entropy(p))} = {_n(total)} nat",
        ),
    ]


def losses_triplet_margin_loss(
    anchor: ArrayLike, positive: ArrayLike, negative: ArrayLike, margin: float = 1.0
) -> Steps:
    """Triplet: both Euclidean distances, then the hinge."""
    a = np.atleast_2d(np.asarray(anchor, dtype=float))
    pos = np.atleast_2d(np.asarray(positive, dtype=float))
    neg = np.atleast_2d(np.asarray(negative, dtype=float))
    steps: Steps = []
    for i in range(a.shape[0]):
        d_ap = float(np.linalg.norm(a[i] - pos[i]))
        d_an = float(np.linalg.norm(a[i] - neg[i]))
        inner = d_ap - d_an + margin
        steps.append(
            _same(
                f"d(a, p) = ‖{_x(a[i])} − {_x(pos[i])}‖ = {_n(d_ap)}; "
                f"d(a, n) = ‖{_x(a[i])} − {_x(neg[i])}‖ = {_n(d_an)}"
            )
        )
        steps.append(
            _same(
                f"max(0, {_n(d_ap)} − {_n(d_an)} + {_n(margin)}) = max(0, {_n(inner)}) = "
                f"{_n(max(0.0, inner))}"
            )
        )
    return steps


def losses_info_nce_anchor(
    positive: float, negatives: ArrayLike, temperature: float = 0.1
) -> Steps:
    """InfoNCE for one anchor: the scaled logits, their log-sum-exp, the loss."""
    s = np.concatenate([[float(positive)], np.atleast_1d(np.asarray(negatives, dtype=float))])
    z = s / temperature
    lse = float(np.max(z) + np.log(np.sum(np.exp(z - np.max(z)))))
    loss = losses.info_nce_anchor(positive, negatives, temperature)
    return [
        (
            f"Logits s/τ with τ = {_n(temperature)}: {_v(z)} (the positive first)",
            f"logit 为 s/τ，τ = {_n(temperature)}：{_v(z)}（第一个是正样本）",
        ),
        _same(f"logsumexp = {_n(lse)}"),
        (
            f"Loss = logsumexp − s⁺/τ = {_n(lse)} − {_p(z[0])} = {_n(loss)}",
            f"损失 = logsumexp − s⁺/τ = {_n(lse)} − {_p(z[0])} = {_n(loss)}",
        ),
    ]


def losses_dice_loss(y_true: ArrayLike, p: ArrayLike, smooth: float = 0.0) -> Steps:
    """Soft Dice: intersection, the two sums, the coefficient, 1 − it."""
    y = np.asarray(y_true, dtype=float)
    q = np.asarray(p, dtype=float)
    inter, sp, sy = float(np.sum(q * y)), float(q.sum()), float(y.sum())
    dice = 1.0 - losses.dice_loss(y_true, p, smooth)
    return [
        (
            f"Σ p·y = {_n(inter)} (the soft intersection); Σ p = {_n(sp)}; Σ y = {_n(sy)}",
            f"Σ p·y = {_n(inter)}（软交集）；Σ p = {_n(sp)}；Σ y = {_n(sy)}",
        ),
        (
            f"Dice = 2·{_n(inter)} / ({_n(sp)} + {_n(sy)}) = {_n(dice)}",
            f"Dice 系数 = 2·{_n(inter)} / ({_n(sp)} + {_n(sy)}) = {_n(dice)}",
        ),
        (f"Loss = 1 − Dice = {_n(1.0 - dice)}", f"损失 = 1 − Dice = {_n(1.0 - dice)}"),
    ]


def losses_perplexity(p_true: ArrayLike) -> Steps:
    """Perplexity: the per-token NLL, its mean, exp."""
    q = np.asarray(p_true, dtype=float)
    nll = -np.log(q)
    ce = float(nll.mean())
    return [
        (f"−ln p per token: {_v(nll)}", f"每个 token 的 −ln p：{_v(nll)}"),
        (
            f"Mean cross-entropy = {_n(ce)} nats per token",
            f"平均交叉熵 = 每个 token {_n(ce)} nat",
        ),
        _same(f"exp({_n(ce)}) = {_n(losses.perplexity(p_true))}"),
    ]


def losses_brier_score(y_true: ArrayLike, p: ArrayLike) -> Steps:
    """Brier: each squared difference, the mean."""
    y = np.asarray(y_true, dtype=float)
    q = np.asarray(p, dtype=float)
    terms = (q - y) ** 2
    steps: Steps = [
        _same(f"(p{_i(i)} − y{_i(i)})² = ({_x(float(qi))} − {int(yi)})² = {_n(t)}")
        for i, (qi, yi, t) in enumerate(zip(q, y, terms, strict=True))
    ]
    steps.append(_mean_line(terms, losses.brier_score(y_true, p)))
    return steps


def losses_expected_calibration_error(y_true: ArrayLike, p: ArrayLike, n_bins: int = 4) -> Steps:
    """ECE: per non-empty bin its count, accuracy, mean confidence and weighted gap; the sum."""
    y = np.asarray(y_true, dtype=float)
    q = np.asarray(p, dtype=float)
    nb = int(n_bins)
    edges = np.linspace(0.0, 1.0, nb + 1)
    ids = np.searchsorted(edges[1:-1], q)
    steps: Steps = []
    for b in np.unique(ids):
        m = ids == b
        acc, conf = float(y[m].mean()), float(q[m].mean())
        w = m.sum() / q.size
        lo, hi = _n(edges[b]), _n(edges[b + 1])
        opening = "[" if b == 0 else "("
        steps.append(
            (
                f"Bin {opening}{lo}, {hi}]: n = {m.sum()}, fraction of positives {_n(acc)}, mean p "
                f"{_n(conf)}, weighted gap {m.sum()}/{q.size}·|{_n(acc)} − {_n(conf)}| = "
                f"{_n(w * abs(acc - conf))}",
                f"区间 {opening}{lo}, {hi}]：n = {m.sum()}，正例比例 {_n(acc)}，平均 p {_n(conf)}，"
                f"加权差 {m.sum()}/{q.size}·|{_n(acc)} − {_n(conf)}| = {_n(w * abs(acc - conf))}",
            )
        )
    total = losses.expected_calibration_error(y_true, p, n_bins)
    steps.append(
        (f"ECE = sum of the weighted gaps = {_n(total)}", f"ECE = 各区间加权差之和 = {_n(total)}")
    )
    return steps


def losses_poisson_deviance(y_true: ArrayLike, y_pred: ArrayLike) -> Steps:
    """Poisson deviance: each unit deviance 2·(y·ln(y/μ) − y + μ), the mean."""
    y = np.asarray(y_true, dtype=float)
    mu = np.asarray(y_pred, dtype=float)
    steps: Steps = []
    terms = []
    for i, (yi, mi) in enumerate(zip(y, mu, strict=True)):
        ylog = yi * np.log(yi / mi) if yi > 0 else 0.0
        t = 2.0 * (ylog - yi + mi)
        terms.append(t)
        head = f"2·({_x(float(yi))}·ln({_x(float(yi))}/{_x(float(mi))})" if yi > 0 else "2·(0"
        steps.append(
            _same(
                f"y{_i(i)} = {_x(float(yi))}, μ{_i(i)} = {_x(float(mi))}: "
                f"{head} − {_x(float(yi))} + {_x(float(mi))}) = {_n(t)}"
            )
        )
    steps.append(_mean_line(terms, losses.poisson_deviance(y_true, y_pred)))
    return steps


def losses_epsilon_insensitive(y_true: ArrayLike, y_pred: ArrayLike, epsilon: float = 0.1) -> Steps:
    """ε-insensitive: residuals, max(0, |r| − ε) each, the mean."""
    r, steps = _residual_lines(y_true, y_pred)
    terms = np.maximum(0.0, np.abs(r) - epsilon)
    e = _n(epsilon)
    for i, (ri, t) in enumerate(zip(r, terms, strict=True)):
        where = ("inside the tube", "在管道内") if abs(ri) <= epsilon else ("outside", "在管道外")
        steps.append(
            (
                f"r{_i(i)} = {_n(ri)}: {where[0]}, max(0, {_n(abs(ri))} − {e}) = {_n(t)}",
                f"r{_i(i)} = {_n(ri)}：{where[1]}，max(0, {_n(abs(ri))} − {e}) = {_n(t)}",
            )
        )
    steps.append(_mean_line(terms, losses.epsilon_insensitive(y_true, y_pred, epsilon)))
    return steps


# --- PCA (deeper subjects) ------------------------------------------------------------------


def pca_ppca_noise_variance(eigenvalues: ArrayLike, k: int) -> Steps:
    """The discarded eigenvalues and their mean."""
    v = np.sort(np.asarray(eigenvalues, dtype=float))[::-1]
    rest = v[int(k) :]
    sigma2 = pca.ppca_noise_variance(v, k)
    return [
        (
            f"Kept: {_v(v[: int(k)])}; discarded: {_v(rest)}",
            f"保留：{_v(v[: int(k)])}；丢弃：{_v(rest)}",
        ),
        (
            f"σ² = mean of the {rest.size} discarded eigenvalues = "
            f"({_signed_sum(rest)}) / {rest.size} = {_n(sigma2)}",
            f"σ² = 被丢弃的 {rest.size} 个特征值的平均 = ({_signed_sum(rest)}) / {rest.size} = "
            f"{_n(sigma2)}",
        ),
    ]
