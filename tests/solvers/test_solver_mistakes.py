"""Hand-computed values of every ``mistakes.*`` and ``helpers.*`` solver (the table must cover
the whole registry family), and the worked-solution explainers."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from solvers import registry
from solvers.fmt import approx, typeset

LN3 = math.log(3)
# r = ŷ − y = [0.5, 2.5, −0.5, −4]
Y = {"y_true": [1.0, -2.0, 0.5, 3.0], "y_pred": [1.5, 0.5, 0.0, -1.0]}
GRADS = [[3.0, 4.0], [12.0]]  # norms 5 and 12, global norm 13
X4 = [[0.0, 0.0], [0.0, 2.0], [4.0, 0.0], [4.0, 2.0]]
C2 = [[0.0, 1.0], [5.0, 1.0]]
LINE = [[0.0, 0.0], [2.0, 0.0], [10.0, 0.0], [13.0, 0.0]]  # k-means silhouette/BCSS examples
KERNEL = [[4.0, 1.0, 0.0], [1.0, 2.0, 1.0], [0.0, 1.0, 3.0]]
W = [0.5, 4.0, 1.0, 2.5]  # eigenvalues, total 8

MISTAKES: dict[str, tuple[dict[str, Any], Any]] = {
    # quadratic r² instead of ½r²: 0.25 + 2 + 0.25 + 3.5 = 6, / 4
    "mistakes.huber_no_half": ({**Y, "delta": 1.0}, 1.5),
    # linear δ|r| instead of δ(|r| − ½δ): 0.125 + 2.5 + 0.125 + 4 = 6.75, / 4
    "mistakes.huber_no_offset": ({**Y, "delta": 1.0}, 1.6875),
    "mistakes.mse_sum": (Y, 22.75),  # 0.25 + 6.25 + 0.25 + 16
    "mistakes.mse_grad_no_two": (Y, [0.125, 0.625, -0.125, -1.0]),  # r/4
    "mistakes.mse_grad_sign": (Y, [-0.25, -1.25, 0.25, 2.0]),  # −2r/4
    "mistakes.mse_grad_no_mean": (Y, [1.0, 5.0, -1.0, -8.0]),  # 2r
    "mistakes.huber_grad_unclipped": ({**Y, "delta": 1.0}, [0.125, 0.625, -0.125, -1.0]),
    "mistakes.huber_grad_no_mean": ({**Y, "delta": 1.0}, [0.5, 1.0, -0.5, -1.0]),
    # BCE([1, 0], [½, ½]) = ln 2
    "mistakes.bce_log10": ({"y_true": [1, 0], "p": [0.5, 0.5]}, math.log10(2)),
    "mistakes.bce_sum": ({"y_true": [1, 0], "p": [0.5, 0.5]}, 2 * math.log(2)),
    "mistakes.bce_positive_only": ({"y_true": [1, 0], "p": [0.5, 0.5]}, math.log(2) / 2),
    # softmax([0, ln 3]) = [¼, ¾]; labels 0 and 1 → −ln ¼ − ln ¾ summed
    "mistakes.ce_sum": (
        {"labels": [0, 1], "logits": [[0.0, LN3], [0.0, LN3]]},
        math.log(4) - math.log(0.75),
    ),
    "mistakes.ce_logits_as_logprobs": ({"labels": [1], "logits": [[0.0, LN3]]}, -LN3),
    "mistakes.ce_grad_no_onehot": ({"labels": 1, "logits": [0.0, LN3]}, [0.25, 0.75]),
    "mistakes.ce_grad_sign": ({"labels": 1, "logits": [0.0, LN3]}, [-0.25, 0.25]),
    # Huber(δ = 2) = 9.25 / 4
    "mistakes.smooth_l1_as_huber": ({**Y, "beta": 2.0}, 2.3125),
    # --- losses, deeper subjects ---
    # y = [1, 0], p = ½: each term (½)²·ln 2
    "mistakes.focal_no_alpha": (
        {"y_true": [1, 0], "p": [0.5, 0.5], "gamma": 2.0},
        0.25 * math.log(2),
    ),
    "mistakes.focal_alpha_for_all": (
        {"y_true": [1, 0], "p": [0.5, 0.5], "gamma": 2.0, "alpha": 0.25},
        0.0625 * math.log(2),
    ),
    # a negative at p = 0.8 modulated by (1 − 0.8)² instead of 0.8²: 0.04·0.75·ln 5
    "mistakes.focal_modulate_with_p": (
        {"y_true": [0], "p": [0.8], "gamma": 2.0},
        0.03 * math.log(5),
    ),
    # softmax([0, ln 3]) = [¼, ¾], label 1, ε = 0.2, K = 2
    "mistakes.label_smoothing_over_others": (
        {"labels": [1], "logits": [[0.0, LN3]], "epsilon": 0.2},
        -(0.8 * math.log(0.75) + 0.2 * math.log(0.25)),
    ),
    "mistakes.label_smoothing_true_one_minus_eps": (
        {"labels": [1], "logits": [[0.0, LN3]], "epsilon": 0.2},
        -(0.8 * math.log(0.75) + 0.1 * math.log(0.25)),
    ),
    "mistakes.kl_bits": ({"p": [1.0, 0.0], "q": [0.5, 0.5]}, 1.0),  # ln 2 nats = 1 bit
    # 1² − 1.2² + 1
    "mistakes.triplet_squared": (
        {"anchor": [0.0, 0.0], "positive": [1.0, 0.0], "negative": [0.0, 1.2], "margin": 1.0},
        0.56,
    ),
    # PyTorch's distance ‖x − y + 1e-6‖: 3 − 1 without the margin
    "mistakes.triplet_no_margin": (
        {"anchor": [0.0, 0.0], "positive": [3.0, 0.0], "negative": [0.0, 1.0], "margin": 1.0},
        math.hypot(-3 + 1e-6, 1e-6) - math.hypot(1e-6, -1 + 1e-6),
    ),
    "mistakes.info_nce_no_positive_in_denominator": (
        {"positive": 0.0, "negatives": [0.0, 0.0], "temperature": 1.0},
        math.log(2),
    ),
    # logits [1·0.5, 0] → −log σ(0.5)
    "mistakes.info_nce_times_temperature": (
        {"positive": 1.0, "negatives": [0.0], "temperature": 0.5},
        math.log(1 + math.exp(-0.5)),
    ),
    # Σpy = 1.5, Σp = 2, Σy = 2
    "mistakes.dice_coefficient": ({"y_true": [1, 1, 0, 0], "p": [0.9, 0.6, 0.3, 0.2]}, 0.75),
    "mistakes.dice_as_iou": ({"y_true": [1, 1, 0, 0], "p": [0.9, 0.6, 0.3, 0.2]}, 0.4),
    "mistakes.dice_no_two": ({"y_true": [1, 1, 0, 0], "p": [0.9, 0.6, 0.3, 0.2]}, 0.625),
    "mistakes.perplexity_of_sum": ({"p_true": [0.5, 0.25]}, 8.0),
    "mistakes.perplexity_arithmetic": ({"p_true": [0.5, 0.25]}, 3.0),
    "mistakes.perplexity_base2": ({"p_true": [0.5, 0.25]}, 2 ** (1.5 * math.log(2))),
    # (0.8 − 1)² = 0.04, 0.4² = 0.16
    "mistakes.brier_two_classes": ({"y_true": [1, 0], "p": [0.8, 0.4]}, 0.2),
    "mistakes.brier_root": ({"y_true": [1, 0], "p": [0.8, 0.4]}, math.sqrt(0.1)),
    "mistakes.brier_absolute": ({"y_true": [1, 0], "p": [0.8, 0.4]}, 0.3),
    # bins [0, .25]: y ½ vs p .15; (.75, 1]: y 0 vs p .9
    "mistakes.ece_unweighted": ({"y_true": [1, 0, 0], "p": [0.1, 0.2, 0.9]}, 0.625),
    "mistakes.ece_one_bin": ({"y_true": [1, 0, 0], "p": [0.1, 0.2, 0.9]}, 1 / 15),
    # y = 1, μ = e: y·ln(y/μ) − y + μ = −1 − 1 + e
    "mistakes.poisson_deviance_half": ({"y_true": [1.0], "y_pred": [math.e]}, math.e - 2),
    # |r| = [0.5, 2.5, 0.5, 4], ε = 0.5
    "mistakes.eps_insensitive_no_clamp": ({**Y, "epsilon": 0.5}, 1.375),
    "mistakes.eps_insensitive_squared": ({**Y, "epsilon": 0.5}, 4.0625),
    "mistakes.sigmoid_grad_of_z": ({"z": 2.0}, -2.0),  # 2·(1 − 2)
    "mistakes.chain_no_weights": ({"z": [0.0, 0.0], "w": [2.0, 2.0]}, 1 / 16),  # ¼·¼
    "mistakes.chain_activations": ({"z": [0.0, 0.0], "w": [2.0, 2.0]}, 1.0),  # (2·½)²
    "mistakes.global_norm_sum_of_norms": ({"grads": GRADS}, 17.0),  # 5 + 12
    "mistakes.global_norm_squared": ({"grads": GRADS}, 169.0),
    "mistakes.clip_coef_inverse": ({"grads": GRADS, "max_norm": 1.0}, 13.0),
    # 1 / (169 + 1e-6), the eps as in torch's coefficient
    "mistakes.clip_coef_squared_norm": ({"grads": GRADS, "max_norm": 1.0}, 1 / (169 + 1e-6)),
    "mistakes.clip_value_by_norm": ({"grads": [3.0, 4.0], "clip_value": 1.0}, [0.6, 0.8]),
    "mistakes.clip_per_tensor": ({"grads": GRADS, "max_norm": 1.0}, [0.6, 0.8, 1.0]),
    # x = [1, 2, 4, 7]: μ = 3.5, Σ(x − μ)² = 21 → unbiased variance 7 (biased 5.25)
    "mistakes.bn_unbiased_var": (
        {"x": [1.0, 2.0, 4.0, 7.0]},
        [(v - 3.5) / math.sqrt(7 + 1e-5) for v in (1, 2, 4, 7)],
    ),
    "mistakes.bn_no_affine": (
        {"x": [1.0, 2.0, 4.0, 7.0], "gamma": 2.0, "beta": 1.0},
        [(v - 3.5) / math.sqrt(5.25 + 1e-5) for v in (1, 2, 4, 7)],
    ),
    # gradients, deeper bank. Two clipping steps: norms 13 and 0.5, max_norm 1
    "mistakes.clip_coefs_unclamped": (
        {"first": GRADS, "second": [[0.3, 0.4]], "max_norm": 1.0},
        [1 / (13 + 1e-6), 1 / (0.5 + 1e-6)],
    ),
    "mistakes.clip_coefs_inverse": (
        {"first": GRADS, "second": [[0.3, 0.4]], "max_norm": 1.0},
        [13.0, 0.5],
    ),
    "mistakes.clip_coefs_squared_norm": (
        {"first": GRADS, "second": [[0.3, 0.4]], "max_norm": 1.0},
        [1 / (169 + 1e-6), 1.0],
    ),
    # x = [2.5, 3.1, 4.8, 5.6]: mean 4, Σ(x − μ)² = 6.26; running 0.3 / 1.2, momentum 0.1
    "mistakes.bn_running_keras_momentum": (
        {"running_mean": 0.3, "running_var": 1.2, "x": [2.5, 3.1, 4.8, 5.6], "momentum": 0.1},
        [0.1 * 0.3 + 0.9 * 4.0, 0.1 * 1.2 + 0.9 * 6.26 / 3],
    ),
    "mistakes.bn_running_biased_var": (
        {"running_mean": 0.3, "running_var": 1.2, "x": [2.5, 3.1, 4.8, 5.6], "momentum": 0.1},
        [0.9 * 0.3 + 0.1 * 4.0, 0.9 * 1.2 + 0.1 * 6.26 / 4],
    ),
    "mistakes.ln_unbiased_var": (
        {"x": [1.0, 2.0, 4.0, 7.0]},
        [(v - 3.5) / math.sqrt(7 + 1e-5) for v in (1, 2, 4, 7)],
    ),
    "mistakes.ln_as_rms_norm": (
        {"x": [3.0, 4.0]},
        [3 / math.sqrt(12.5 + 1e-5), 4 / math.sqrt(12.5 + 1e-5)],
    ),
    "mistakes.ln_no_affine": (
        {"x": [1.0, 2.0, 4.0, 7.0], "weight": 2.0, "bias": 1.0},
        [(v - 3.5) / math.sqrt(5.25 + 1e-5) for v in (1, 2, 4, 7)],
    ),
    "mistakes.rms_as_layer_norm": (
        {"x": [1.0, 2.0, 4.0, 7.0]},
        [(v - 3.5) / math.sqrt(5.25 + 1e-6) for v in (1, 2, 4, 7)],
    ),
    "mistakes.rms_l2_normalize": ({"x": [3.0, 4.0]}, [0.6, 0.8]),
    # σ(ln 3) = 3/4
    "mistakes.gelu_as_silu": ({"x": math.log(3)}, 0.75 * math.log(3)),
    "mistakes.gelu_erf_no_sqrt2": ({"x": 1.0}, 0.5 * (1 + math.erf(1.0))),
    "mistakes.silu_grad_sigmoid_only": ({"x": math.log(3)}, 0.75),
    "mistakes.silu_grad_as_sigmoid_grad": ({"x": math.log(3)}, 3 / 16),
    # Conv2d(32 → 64, 3×3): fans 288 / 576 with the receptive field, 32 / 64 without
    "mistakes.init_stds_no_receptive_field": (
        {"in_channels": 32, "out_channels": 64, "kernel_size": 3},
        [math.sqrt(2 / 32), math.sqrt(2 / 96)],
    ),
    "mistakes.init_stds_variance": (
        {"in_channels": 32, "out_channels": 64, "kernel_size": 3},
        [2 / 288, 2 / 864],
    ),
    # W = 1000, T = 20000, peak 1: step 10000 is half-way through the run
    "mistakes.warmup_cosine_whole_run": (
        {"step": [250, 10000], "peak_lr": 1.0, "warmup_steps": 1000, "total_steps": 20000},
        [0.25, 0.5],
    ),
    "mistakes.warmup_cosine_no_warmup": (
        {"step": [0, 10000], "peak_lr": 1.0, "warmup_steps": 1000, "total_steps": 20000},
        [1.0, 0.5],
    ),
    # x − c = (3, 4)
    "mistakes.distances_squared": ({"X": [1.0, 2.0], "C": [[4.0, 6.0]]}, 25.0),
    "mistakes.distances_manhattan": ({"X": [1.0, 2.0], "C": [[4.0, 6.0]]}, 7.0),
    "mistakes.distances_euclidean": ({"X": [1.0, 2.0], "C": [[4.0, 6.0]]}, 5.0),
    "mistakes.cosine_similarity": ({"X": [1.0, 2.0], "C": [[1.0, 0.0]]}, 1 / math.sqrt(5)),
    # clusters {(0,0),(0,2)} → (0,1), {(4,0),(4,2)} → (4,1); the third is empty → origin
    "mistakes.update_empty_to_origin": (
        {"X": X4, "C": [*C2, [50.0, 50.0]]},
        [0.0, 1.0, 4.0, 1.0, 0.0, 0.0],
    ),
    # the old centroid joins each mean: ((0,0)+(0,2)+(0,1))/3, ((4,0)+(4,2)+(5,1))/3
    "mistakes.update_with_old_centroid": ({"X": X4, "C": C2}, [0.0, 1.0, 13 / 3, 1.0]),
    # points 0, 2 | 10, 13 on a line: a of x₁ with itself = 2/2, b = (10 + 13)/2
    "mistakes.silhouette_a_with_self": (
        {"X": LINE, "labels": [0, 0, 1, 1], "index": 0},
        (11.5 - 1) / 11.5,
    ),
    # points 0, 2 | 10 | 20: a = 2, b over every other point = (10 + 20)/2
    "mistakes.silhouette_b_all_others": (
        {
            "X": [[0.0, 0.0], [2.0, 0.0], [10.0, 0.0], [20.0, 0.0]],
            "labels": [0, 0, 1, 2],
            "index": 0,
        },
        13 / 15,
    ),
    # each a halved by the extra 0: (a, b) = (1, 11.5), (1, 9.5), (1.5, 9), (1.5, 12)
    "mistakes.silhouette_score_a_with_self": (
        {"X": LINE, "labels": [0, 0, 1, 1]},
        (10.5 / 11.5 + 8.5 / 9.5 + 7.5 / 9 + 10.5 / 12) / 4,
    ),
    # 0, 2 | 10: s = 0.8, 0.75 and 1 for the lone point instead of 0
    "mistakes.silhouette_score_singleton_one": (
        {"X": LINE[:3], "labels": [0, 0, 1]},
        (0.8 + 0.75 + 1.0) / 3,
    ),
    # grand mean 4; cluster means 1 and 10: 9 + 36 (weighted: 2·9 + 36)
    "mistakes.bcss_unweighted": ({"X": LINE[:3], "labels": [0, 0, 1]}, 45.0),
    "mistakes.bcss_gave_wcss": ({"X": LINE[:3], "labels": [0, 0, 1]}, 2.0),  # 1 + 1 + 0
    # BCSS 20: (20/9)/(10/2) instead of (20/2)/(10/9)
    "mistakes.ch_swapped_dof": ({"tss": 30.0, "wcss": 10.0, "n": 12, "k": 3}, 4 / 9),
    "mistakes.ch_no_dof": ({"tss": 30.0, "wcss": 10.0, "n": 12, "k": 3}, 2.0),
    # both batch points go to (1, 1), which jumps to their mean (1, 0)
    "mistakes.minibatch_batch_mean": (
        {"X": [[0.0, 0.0], [2.0, 0.0]], "C": [[1.0, 1.0], [9.0, 9.0]], "counts": [5, 5]},
        [1.0, 0.0, 9.0, 9.0],
    ),
    # seeds 0 and 10 with count 0: 2 replaces the seed 0, then 4 → (2 + 4)/2
    "mistakes.macqueen_count_from_zero": (
        {"X": [[0.0, 0.0], [10.0, 0.0], [2.0, 0.0], [4.0, 0.0]], "k": 2},
        [3.0, 0.0, 10.0, 0.0],
    ),
    # distances 1 and 2, m = 2: weights d^-1 (1, ½) and d^-4 (1, 1/16) instead of d^-2
    "mistakes.fcm_half_exponent": (
        {"X": [0.0, 0.0], "C": [[1.0, 0.0], [2.0, 0.0]], "m": 2.0},
        [2 / 3, 1 / 3],
    ),
    "mistakes.fcm_double_exponent": (
        {"X": [0.0, 0.0], "C": [[1.0, 0.0], [2.0, 0.0]], "m": 2.0},
        [16 / 17, 1 / 17],
    ),
    "mistakes.matched_accuracy_identity": (
        {"labels_true": [0, 0, 1, 1], "labels_pred": [1, 1, 0, 1]},
        0.25,
    ),
    # x = 2 moves from {0, 2} (mean 1) to {10, 12} (mean 11): 81 − 1; with ⅔ on the target
    "mistakes.hartigan_naive": (
        {
            "X": [[0.0, 0.0], [2.0, 0.0], [10.0, 0.0], [12.0, 0.0]],
            "labels": [0, 0, 1, 1],
            "index": 1,
            "target": 1,
        },
        80.0,
    ),
    "mistakes.hartigan_no_source_factor": (
        {
            "X": [[0.0, 0.0], [2.0, 0.0], [10.0, 0.0], [12.0, 0.0]],
            "labels": [0, 0, 1, 1],
            "index": 1,
            "target": 1,
        },
        2 / 3 * 81 - 1,
    ),
    # exponents 0 and −1 in both cases: d² = 1 over σ² = 1, and d = 2 over 2σ² = 2
    "mistakes.responsibilities_no_half": (
        {"X": [0.0, 0.0], "means": [[0.0, 0.0], [1.0, 0.0]], "variance": 1.0},
        [1 / (1 + math.exp(-1)), math.exp(-1) / (1 + math.exp(-1))],
    ),
    "mistakes.responsibilities_unsquared": (
        {"X": [0.0, 0.0], "means": [[0.0, 0.0], [2.0, 0.0]], "variance": 1.0},
        [1 / (1 + math.exp(-1)), math.exp(-1) / (1 + math.exp(-1))],
    ),
    # K₁₁ = 4, K₁₂ + K₁₃ = 1, Σ over {2, 3} = 7: 4 − 2·1/2 (+ 7/4 forgotten); 4 − 1/2 + 7/4
    "mistakes.kernel_distance_no_cluster_term": (
        {"K": KERNEL, "index": 0, "members": [1, 2]},
        3.0,
    ),
    "mistakes.kernel_distance_no_two": ({"K": KERNEL, "index": 0, "members": [1, 2]}, 5.25),
    # distances to the nearest of C2: 1, 1, √2, √2
    "mistakes.inertia_not_squared": ({"X": X4, "C": C2}, 2 + 2 * math.sqrt(2)),
    "mistakes.inertia_mean": ({"X": X4, "C": C2}, 6 / 4),  # squared: 1 + 1 + 2 + 2
    # D from (0,0): 0, 2, 4, √20
    "mistakes.kpp_linear_weights": (
        {"X": X4, "C": [0.0, 0.0]},
        [d / (6 + math.sqrt(20)) for d in (0, 2, 4, math.sqrt(20))],
    ),
    # X = [[0, 0], [2, 2]]: centered ±1 → sample cov all 2, population all 1
    "mistakes.cov_population": ({"X": [[0.0, 0.0], [2.0, 2.0]]}, [1.0, 1.0, 1.0, 1.0]),
    # XᵀX/(n − 1) with X = [[1, 2], [3, 4]]: [[10, 14], [14, 20]]
    "mistakes.cov_uncentered": ({"X": [[1.0, 2.0], [3.0, 4.0]]}, [10.0, 14.0, 14.0, 20.0]),
    "mistakes.eig_diagonal": ({"C": [[2.0, 1.0], [1.0, 3.0]]}, [3.0, 2.0]),
    "mistakes.evr_eigh_order": ({"eigenvalues": W, "k": 2}, 4.5 / 8),  # 0.5 + 4 as listed
    "mistakes.pca_kept_variance": ({"eigenvalues": W, "k": 2}, 6.5),  # 4 + 2.5
    "mistakes.pca_discarded_ratio": ({"eigenvalues": W, "k": 2}, 1.5 / 8),  # (1 + 0.5)/8
    "mistakes.pca_uncentered": (
        {"X": [[1.0, 1.0], [3.0, 3.0]], "direction": [1.0, 0.0]},
        [1.0, 3.0],
    ),
    "mistakes.pca_inverse_no_mean": (
        {"Z": 1.0, "components": [0.8, 0.6], "mean": [2.0, 1.0]},
        [0.8, 0.6],
    ),
    "mistakes.evr_from_s_not_squared": ({"singular_values": [3.0, 2.0, 1.0], "k": 1}, 0.5),
    # PCA deeper cards: A = [[2, 1], [1, 2]]: A·(1, 0) = (2, 1), A·(2, 1) = (5, 4)
    "mistakes.power_iteration_unnormalized": (
        {"A": [[2.0, 1.0], [1.0, 2.0]], "b0": [1, 0], "steps": 2},
        [5.0, 4.0],
    ),
    "mistakes.power_iteration_one_step_short": (
        {"A": [[2.0, 1.0], [1.0, 2.0]], "b0": [1, 0], "steps": 2},
        [2 / math.sqrt(5), 1 / math.sqrt(5)],
    ),
    # [[5, 2], [2, 2]]: λ = 6 along (2, 1)/√5, 1 along (1, −2)/√5 → signed (−1, 2)/√5
    "mistakes.eigvec_smallest": (
        {"C": [[5.0, 2.0], [2.0, 2.0]]},
        [-1 / math.sqrt(5), 2 / math.sqrt(5)],
    ),
    "mistakes.eigvec_unnormalized": ({"C": [[5.0, 2.0], [2.0, 2.0]]}, [2.0, 1.0]),
    "mistakes.eigvec_negated": (
        {"C": [[5.0, 2.0], [2.0, 2.0]]},
        [-2 / math.sqrt(5), -1 / math.sqrt(5)],
    ),
    "mistakes.first_component_uncentered": ({"X": [[2.0, 0.0], [0.0, 1.0]]}, [1.0, 0.0]),
    "mistakes.whiten_by_variance": (
        {"scores": [3.0, 0.4], "explained_variance": [9.0, 0.25]},
        [1 / 3, 1.6],
    ),
    # K = [[2, 0], [0, 0]]: row and column means (1, 0), grand mean 0.5
    "mistakes.kernel_no_grand_mean": ({"K": [[2.0, 0.0], [0.0, 0.0]]}, [0.0, -1.0, -1.0, 0.0]),
    "mistakes.kernel_columns_only": ({"K": [[2.0, 0.0], [0.0, 0.0]]}, [1.0, 0.0, -1.0, 0.0]),
    "mistakes.kaiser_dropped": ({"eigenvalues": [2.1, 1.3, 0.9, 0.5, 0.2]}, 3),
    # X4: mean (2, 1); one component keeps the x-axis spread, loses the y one: mean error 1
    "mistakes.recon_error_sum": ({"X": X4, "n_components": 1}, 4.0),
    "mistakes.recon_error_per_element": ({"X": X4, "n_components": 1}, 0.5),
    "mistakes.recon_error_n_minus_1": ({"X": X4, "n_components": 1}, 4 / 3),
    "mistakes.ppca_noise_sum": ({"eigenvalues": W, "k": 1}, 4.0),  # 2.5 + 1 + 0.5
    "mistakes.ppca_noise_all_mean": ({"eigenvalues": W, "k": 1}, 2.0),  # 8 / 4
}

HELPERS: dict[str, tuple[dict[str, Any], Any]] = {
    "helpers.add": ({"a": [1.0, 2.0], "b": [3.0, 4.0]}, [4.0, 6.0]),
    # inside: 0.1 → clipped up to 0.4·δ = 0.8, −0.5 → −1.0; outside: (1.25 + |u|)·δ with sign
    "helpers.mixed_residuals": (
        {"inside": [0.1, -0.5], "outside": [0.3, -1.0], "delta": 2.0},
        [0.8, 3.1, -1.0, -4.5],
    ),
    "helpers.sort_ascending": ({"values": [3.0, 1.0, 2.0]}, [1.0, 2.0, 3.0]),
    "helpers.sort_descending": ({"values": [3.0, 1.0, 2.0]}, [3.0, 2.0, 1.0]),
    "helpers.blobs": (
        {"centers": [[0, 0], [10, 10]], "noise": [[1, 0], [0, 1], [-1, 0]]},
        [1.0, 0.0, 10.0, 11.0, -1.0, 0.0],
    ),
    "helpers.vector": ({"values": [1, 2]}, [1.0, 2.0]),
    "helpers.columns": ({"a": [1, 2], "b": [3, 4]}, [1.0, 3.0, 2.0, 4.0]),
    "helpers.row": ({"M": [[1, 2], [3, 4]], "index": 1}, [3.0, 4.0]),
    "helpers.append_row": ({"M": [[1, 2]], "row": [3, 4]}, [1.0, 2.0, 3.0, 4.0]),
    "helpers.diag": ({"values": [4, 1]}, [4.0, 0.0, 0.0, 1.0]),
    "helpers.inverse": ({"M": [[4, 0], [0, 1]]}, [0.25, 0.0, 0.0, 1.0]),
    "helpers.symmetric2": ({"a": 1, "b": 2, "c": 3}, [1.0, 2.0, 2.0, 3.0]),
    "helpers.unit": ({"v": [3, 4]}, [0.6, 0.8]),
}


def _flat(value: Any) -> np.ndarray:
    if isinstance(value, list) and value and isinstance(value[0], np.ndarray):
        return np.concatenate([np.ravel(v) for v in value])
    return np.ravel(np.asarray(value, dtype=float))


def test_tables_cover_every_mistake_and_helper() -> None:
    assert set(MISTAKES) == {n for n in registry.names() if n.startswith("mistakes.")}
    assert set(HELPERS) == {n for n in registry.names() if n.startswith("helpers.")}


@pytest.mark.parametrize("name", sorted({**MISTAKES, **HELPERS}))
def test_hand_computed_value(name: str) -> None:
    kwargs, expected = {**MISTAKES, **HELPERS}[name]
    got = _flat(registry.get(name)(**kwargs))
    np.testing.assert_allclose(
        got, np.ravel(np.asarray(expected, dtype=float)), rtol=1e-9, atol=1e-12
    )


def test_mistakes_differ_from_the_solver_they_corrupt() -> None:
    assert registry.get("losses.huber")(**Y, delta=1.0) != MISTAKES["mistakes.huber_no_half"][1]
    assert registry.get("gradients.global_norm")(GRADS) == 13.0


def _steps(name: str, **kwargs: Any) -> tuple[str, str]:
    steps = registry.get(name)(**kwargs)
    assert steps and all(
        isinstance(en, str) and isinstance(zh, str) and en and zh for en, zh in steps
    )
    return "\n".join(en for en, _ in steps), "\n".join(zh for _, zh in steps)


def test_huber_explanation_names_each_branch() -> None:
    en, zh = _steps("explain.losses.huber", **Y, delta=1.0)
    assert "Residuals r = ŷ − y = [0.5, 2.5, −0.5, −4]" in en
    assert en.count("quadratic branch") == 2 and en.count("linear branch") == 2
    assert "1·(4 − ½·1) = 3.5" in en
    assert "(0.125 + 2 + 0.125 + 3.5) / 4 = 1.438" in en
    assert zh.count("二次分支") == 2 and zh.count("线性分支") == 2


def test_clip_explanation_shows_norm_before_and_after() -> None:
    en, zh = _steps("explain.gradients.clip_by_global_norm", grads=GRADS, max_norm=1.0)
    assert "Global norm = sqrt(25 + 144) = 13" in en
    assert "1 / 13 = 0.07692" in en
    assert "Global norm after clipping: 1" in en
    assert "全局范数" in zh
    en, zh = _steps("explain.gradients.clip_coef", grads=GRADS, max_norm=20.0)
    assert "clamped to 1" in en and "截断为 1" in zh


def test_kmeans_explanations_show_distances_and_assignment() -> None:
    en, _ = _steps("explain.kmeans.pairwise_distances", X=[1.0, 2.0], C=[[4.0, 6.0], [1.0, 0.0]])
    assert "d(x, c₁) = sqrt((−3)² + (−4)²) = 5" in en
    assert "d(x, c₂) = sqrt(0² + 2²) = 2" in en
    assert "Nearest centroid by Euclidean distance: c₂" in en
    en, zh = _steps("explain.kmeans.lloyd_step", X=X4, C=[*C2, [50.0, 50.0]])
    assert "Cluster 3 is empty" in en and "空簇" in zh
    assert "Cluster 2 = {x₃, x₄}: mean → [4, 1]" in en


def test_pca_explanations_show_covariance_and_eigenvalues() -> None:
    en, zh = _steps("explain.pca.covariance", X=[[0.0, 0.0], [2.0, 2.0]])
    # centered rows (−1, −1), (1, 1): products 1 and 1, over n − 1 = 1
    assert "Centered data: [[−1, −1], [1, 1]]" in en
    assert "C[1,2] = (1 + 1) / 1 = 2" in en
    assert "协方差矩阵" in zh
    en, _ = _steps("explain.pca.eigenvalues", C=[[2.0, 1.0], [1.0, 2.0]])
    assert "trace = 4, det = 3" in en and "[3, 1]" in en


def test_approx_formatting() -> None:
    assert approx(0.743125) == "0.7431"
    assert approx(12345.678) == "12346"
    assert approx(-0.000012345) == "-1.234e-5"  # parses back with parse_answer
    assert approx(2.0) == "2"
    assert approx(-1e-20 * 0) == "0"


EXPLAIN_ARGS: dict[str, dict[str, Any]] = {
    "losses.huber": {**Y, "delta": 1.0},
    "losses.smooth_l1": {**Y, "beta": 2.0},
    "losses.huber_grad": {**Y, "delta": 1.0},
    "losses.mse_grad": Y,
    "losses.binary_cross_entropy": {"y_true": [1, 0, 0.5], "p": [0.9, 0.2, 0.5]},
    "losses.softmax_cross_entropy": {"labels": [0, 1], "logits": [[0.0, LN3], [0.0, LN3]]},
    "losses.softmax_cross_entropy_grad": {"labels": [0, 1], "logits": [[1.0, 2.0], [0.0, 0.0]]},
    "losses.focal_loss": {"y_true": [1, 0], "p": [0.9, 0.3], "gamma": 2.0, "alpha": 0.25},
    "losses.label_smoothing_cross_entropy": {
        "labels": [0, 2],
        "logits": [[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]],
        "epsilon": 0.1,
    },
    "losses.kl_divergence": {"p": [0.5, 0.3, 0.2], "q": [0.2, 0.5, 0.3]},
    "losses.triplet_margin_loss": {
        "anchor": [0.0, 1.0],
        "positive": [0.5, 1.0],
        "negative": [1.0, 0.5],
        "margin": 1.0,
    },
    "losses.info_nce_anchor": {"positive": 0.8, "negatives": [0.1, -0.3], "temperature": 0.5},
    "losses.dice_loss": {"y_true": [1, 1, 0, 0], "p": [0.9, 0.6, 0.3, 0.2]},
    "losses.perplexity": {"p_true": [0.5, 0.25, 0.8]},
    "losses.brier_score": {"y_true": [1, 0, 1], "p": [0.8, 0.4, 0.3]},
    "losses.expected_calibration_error": {"y_true": [1, 0, 0, 1], "p": [0.1, 0.2, 0.9, 0.6]},
    "losses.poisson_deviance": {"y_true": [0.0, 2.0, 3.0], "y_pred": [0.5, 1.5, 3.5]},
    "losses.epsilon_insensitive": {**Y, "epsilon": 0.5},
    "gradients.sigmoid_grad": {"z": 0.5},
    "gradients.chain_grad": {"z": [0.0, 1.0, -1.0], "w": [2.0, 1.5, 3.0]},
    "gradients.global_norm": {"grads": GRADS},
    "gradients.clip_coef": {"grads": GRADS, "max_norm": 2.0},
    "gradients.clip_by_value": {"grads": [[3.0, -4.0], [12.0]], "clip_value": 3.5},
    "gradients.clip_by_global_norm": {"grads": GRADS, "max_norm": 1.0},
    "gradients.batch_norm": {"x": [1.0, 2.0, 4.0, 7.0], "gamma": 2.0, "beta": -0.5},
    "gradients.clip_coefs": {"first": GRADS, "second": [[0.3, 0.4]], "max_norm": 1.0},
    "gradients.bn_running_stats": {
        "running_mean": 0.3,
        "running_var": 1.2,
        "x": [2.5, 3.1, 4.8, 5.6],
        "momentum": 0.1,
    },
    "gradients.layer_norm": {"x": [1.0, 2.0, 4.0, 7.0], "weight": 2.0, "bias": -0.5},
    "gradients.rms_norm": {"x": [3.0, -4.0], "weight": [1.0, 2.0]},
    "gradients.gelu": {"x": -1.3},
    "gradients.silu_grad": {"x": -1.5},
    "gradients.conv_init_stds": {"in_channels": 32, "out_channels": 64, "kernel_size": 3},
    "gradients.warmup_cosine_lr": {
        "step": [250, 5750],
        "peak_lr": 0.001,
        "warmup_steps": 1000,
        "total_steps": 20000,
    },
    "kmeans.pairwise_distances": {"X": X4, "C": C2, "metric": "manhattan"},
    "kmeans.lloyd_step": {"X": X4, "C": C2},
    "kmeans.inertia": {"X": X4, "C": C2},
    "kmeans.kpp_probabilities": {"X": X4, "C": [[0.0, 0.0], [4.0, 2.0]]},
    "kmeans.hartigan_delta": {"X": LINE, "labels": [0, 0, 1, 1], "index": 1, "target": 1},
    "kmeans.macqueen": {"X": [[0.0, 0.0], [10.0, 0.0], [2.0, 0.0], [4.0, 0.0]], "k": 2},
    "kmeans.minibatch_update": {"X": X4, "C": C2, "counts": [2, 3]},
    "kmeans.fuzzy_memberships": {"X": [0.0, 0.0], "C": [[1.0, 0.0], [2.0, 0.0]], "m": 2.0},
    "kmeans.responsibilities": {
        "X": [0.0, 0.0],
        "means": [[0.0, 0.0], [1.0, 0.0]],
        "variance": 2.0,
    },
    "kmeans.kernel_distance": {"K": KERNEL, "index": 0, "members": [1, 2]},
    "kmeans.between_sum_of_squares": {"X": LINE, "labels": [0, 0, 1, 1]},
    "kmeans.ch_from_sums": {"tss": 30.0, "wcss": 10.0, "n": 12, "k": 3},
    "kmeans.silhouette_point": {"X": LINE, "labels": [0, 0, 1, 1], "index": 2},
    "kmeans.silhouette_score": {"X": LINE[:3], "labels": [0, 0, 1]},
    "kmeans.matched_accuracy": {"labels_true": [0, 0, 1, 1, 2], "labels_pred": [2, 2, 0, 1, 1]},
    "kmeans.adjusted_rand_index": {"labels_true": [0, 0, 1, 1], "labels_pred": [0, 0, 1, 2]},
    "pca.covariance": {"X": [[0.4, -0.2], [3.6, 2.2], [2.6, 0.2], [1.4, 1.8]]},
    "pca.eigenvalues": {"C": [[3.0, 1.0, 0.0], [1.0, 3.0, 0.0], [0.0, 0.0, 1.0]]},
    "pca.explained_variance_ratio": {"eigenvalues": W, "k": 2},
    "pca.discarded_variance": {"eigenvalues": W, "k": 2},
    "pca.project": {"X": [[1.0, 1.0], [3.0, 3.0], [2.0, 5.0]], "direction": [0.6, 0.8]},
    "pca.inverse_transform": {
        "Z": [1.0, -2.0],
        "components": [[0.6, 0.8], [-0.8, 0.6]],
        "mean": [1.0, 1.0],
    },
    "pca.evr_from_singular_values": {"singular_values": [3.0, 2.0, 1.0], "k": 2},
    "pca.top_eigenvector": {"C": [[5.0, 2.0], [2.0, 2.0]]},
    "pca.power_iteration": {"A": [[2.0, 1.0], [1.0, 2.0]], "b0": [1, 0], "steps": 2},
    "pca.whiten": {"scores": [3.0, 0.4], "explained_variance": [9.0, 0.25]},
    "pca.center_kernel": {"K": [[2.0, 0.0], [0.0, 0.0]]},
    "pca.kaiser_count": {"eigenvalues": [2.1, 1.3, 0.9, 0.5, 0.2]},
    "pca.reconstruction_error": {"X": X4, "n_components": 1},
    "pca.ppca_noise_variance": {"eigenvalues": W, "k": 1},
}


def test_every_explainer_has_sample_arguments() -> None:
    assert {registry.explainer(n) for n in EXPLAIN_ARGS} == {
        n for n in registry.names() if n.startswith("explain.")
    }


@pytest.mark.parametrize("solver", sorted(EXPLAIN_ARGS))
def test_explainer_steps_end_with_the_solvers_numbers(solver: str) -> None:
    kwargs = EXPLAIN_ARGS[solver]
    en, zh = _steps(f"explain.{solver}", **kwargs)
    assert len(en.splitlines()) == len(zh.splitlines())
    result = registry.get(solver)(**kwargs)
    parts = result if isinstance(result, list) else [result]
    flat = np.concatenate([np.ravel(p) for p in parts])
    # the last computed number appears in the explanation, in the same 4-digit form
    assert typeset(approx(float(flat[-1]))) in en, (solver, en)
    assert typeset(approx(float(flat[-1]))) in zh, (solver, zh)
