"""The solver registry: dotted names (``losses.huber``) → functions, imported on first use.

Banks name solvers only through this table, so a bank can never reach arbitrary code. Importing
this module does not import NumPy; :func:`exists` and :func:`names` never import a solver.

Name families:
``losses.*``, ``gradients.*``, ``kmeans.*``, ``pca.*`` — the reference solvers;
``mistakes.*`` — values of common wrong computations (for mistake-aware feedback);
``helpers.*`` — derived-input helpers for card generators;
``explain.<solver>`` — the worked-solution steps for ``<solver>`` (see solvers/explain.py).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

_MODULES: dict[str, tuple[str, ...]] = {
    "losses": (
        "mse",
        "mae",
        "huber",
        "smooth_l1",
        "log_cosh",
        "binary_cross_entropy",
        "categorical_cross_entropy",
        "softmax",
        "log_softmax",
        "softmax_cross_entropy",
        "softmax_cross_entropy_grad",
        "mse_grad",
        "mae_grad",
        "huber_grad",
        "residuals",
        "huber_terms",
        "focal_loss",
        "label_smoothing_cross_entropy",
        "kl_divergence",
        "entropy",
        "cross_entropy_dist",
        "triplet_margin_loss",
        "info_nce",
        "dice_loss",
        "iou",
        "perplexity",
        "brier_score",
        "expected_calibration_error",
        "poisson_deviance",
        "poisson_nll",
        "tweedie_deviance",
        "epsilon_insensitive",
        "info_nce_anchor",
        "rounded_distribution",
        "calibration_probabilities",
        "mask_probabilities",
        "boost_true_logit",
    ),
    "gradients": (
        "sigmoid",
        "sigmoid_grad",
        "tanh_grad",
        "relu_grad",
        "local_grads",
        "chain_grad",
        "global_norm",
        "clip_by_value",
        "clip_by_norm",
        "clip_coef",
        "clip_by_global_norm",
        "batch_norm",
        "away_from_zero",
        "clip_coefs",
        "bn_running_stats",
        "layer_norm",
        "rms_norm",
        "gelu",
        "gelu_tanh",
        "silu",
        "silu_grad",
        "conv_fans",
        "conv_init_stds",
        "warmup_cosine_lr",
        "schedule_step",
    ),
    "kmeans": (
        "pairwise_distances",
        "assign",
        "update",
        "lloyd_step",
        "lloyd",
        "inertia",
        "tolerance",
        "kpp_probabilities",
        "kmeans_plus_plus",
        "hartigan_delta",
        "macqueen",
        "minibatch_update",
        "fuzzy_memberships",
        "responsibilities",
        "kernel_distance",
        "total_sum_of_squares",
        "between_sum_of_squares",
        "calinski_harabasz",
        "ch_from_sums",
        "silhouette_samples",
        "silhouette_point",
        "silhouette_score",
        "contingency",
        "matched_accuracy",
        "rand_index",
        "adjusted_rand_index",
        "untie_centroids",
        "permuted_labels",
        "polynomial_kernel",
        "lerp",
    ),
    "pca": (
        "center",
        "covariance",
        "eigenvalues",
        "flip_signs",
        "fit",
        "transform",
        "inverse_transform",
        "project",
        "reconstruction_error",
        "explained_variance_ratio",
        "discarded_variance",
        "evr_from_singular_values",
        "top_eigenvector",
        "power_iteration",
        "whiten",
        "linear_kernel",
        "center_kernel",
        "kaiser_count",
        "correlation_spectrum",
        "well_posed_2d",
        "ppca_noise_variance",
    ),
    "mistakes": (
        "huber_no_half",
        "huber_no_offset",
        "mse_sum",
        "mse_grad_no_two",
        "mse_grad_sign",
        "mse_grad_no_mean",
        "huber_grad_unclipped",
        "huber_grad_no_mean",
        "bce_log10",
        "bce_sum",
        "bce_positive_only",
        "ce_sum",
        "ce_logits_as_logprobs",
        "ce_grad_no_onehot",
        "ce_grad_sign",
        "smooth_l1_as_huber",
        "focal_no_alpha",
        "focal_alpha_for_all",
        "focal_modulate_with_p",
        "label_smoothing_over_others",
        "label_smoothing_true_one_minus_eps",
        "kl_bits",
        "triplet_squared",
        "triplet_no_margin",
        "info_nce_no_positive_in_denominator",
        "info_nce_times_temperature",
        "dice_coefficient",
        "dice_as_iou",
        "dice_no_two",
        "perplexity_of_sum",
        "perplexity_arithmetic",
        "perplexity_base2",
        "brier_two_classes",
        "brier_root",
        "brier_absolute",
        "ece_unweighted",
        "ece_one_bin",
        "poisson_deviance_half",
        "eps_insensitive_no_clamp",
        "eps_insensitive_squared",
        "sigmoid_grad_of_z",
        "chain_no_weights",
        "chain_activations",
        "global_norm_sum_of_norms",
        "global_norm_squared",
        "clip_coef_inverse",
        "clip_coef_squared_norm",
        "clip_value_by_norm",
        "clip_per_tensor",
        "bn_unbiased_var",
        "bn_no_affine",
        "clip_coefs_unclamped",
        "clip_coefs_inverse",
        "clip_coefs_squared_norm",
        "bn_running_keras_momentum",
        "bn_running_biased_var",
        "ln_unbiased_var",
        "ln_as_rms_norm",
        "ln_no_affine",
        "rms_as_layer_norm",
        "rms_l2_normalize",
        "gelu_as_silu",
        "gelu_erf_no_sqrt2",
        "silu_grad_sigmoid_only",
        "silu_grad_as_sigmoid_grad",
        "init_stds_no_receptive_field",
        "init_stds_variance",
        "warmup_cosine_whole_run",
        "warmup_cosine_no_warmup",
        "distances_squared",
        "distances_manhattan",
        "distances_euclidean",
        "cosine_similarity",
        "update_empty_to_origin",
        "inertia_not_squared",
        "inertia_mean",
        "kpp_linear_weights",
        "update_with_old_centroid",
        "silhouette_a_with_self",
        "silhouette_b_all_others",
        "silhouette_score_a_with_self",
        "silhouette_score_singleton_one",
        "bcss_unweighted",
        "bcss_gave_wcss",
        "ch_swapped_dof",
        "ch_no_dof",
        "minibatch_batch_mean",
        "macqueen_count_from_zero",
        "fcm_half_exponent",
        "fcm_double_exponent",
        "matched_accuracy_identity",
        "hartigan_naive",
        "hartigan_no_source_factor",
        "responsibilities_no_half",
        "responsibilities_unsquared",
        "kernel_distance_no_cluster_term",
        "kernel_distance_no_two",
        "cov_population",
        "cov_uncentered",
        "eig_diagonal",
        "evr_eigh_order",
        "pca_kept_variance",
        "pca_discarded_ratio",
        "pca_uncentered",
        "pca_inverse_no_mean",
        "evr_from_s_not_squared",
        "power_iteration_unnormalized",
        "power_iteration_one_step_short",
        "eigvec_smallest",
        "eigvec_unnormalized",
        "eigvec_negated",
        "first_component_uncentered",
        "whiten_by_variance",
        "kernel_no_grand_mean",
        "kernel_columns_only",
        "kaiser_dropped",
        "recon_error_sum",
        "recon_error_per_element",
        "recon_error_n_minus_1",
        "ppca_noise_sum",
        "ppca_noise_all_mean",
    ),
    "helpers": (
        "add",
        "mixed_residuals",
        "sort_ascending",
        "sort_descending",
        "blobs",
        "vector",
        "columns",
        "row",
        "append_row",
        "diag",
        "inverse",
        "symmetric2",
        "unit",
    ),
}

#: Worked-solution explainers, keyed by the solver they explain: ``explain.<solver>`` is
#: ``solvers.explain:<solver with dots as underscores>``.
_EXPLAINED: tuple[str, ...] = (
    "losses.huber",
    "losses.smooth_l1",
    "losses.huber_grad",
    "losses.mse_grad",
    "losses.binary_cross_entropy",
    "losses.softmax_cross_entropy",
    "losses.softmax_cross_entropy_grad",
    "losses.focal_loss",
    "losses.label_smoothing_cross_entropy",
    "losses.kl_divergence",
    "losses.triplet_margin_loss",
    "losses.info_nce_anchor",
    "losses.dice_loss",
    "losses.perplexity",
    "losses.brier_score",
    "losses.expected_calibration_error",
    "losses.poisson_deviance",
    "losses.epsilon_insensitive",
    "gradients.sigmoid_grad",
    "gradients.chain_grad",
    "gradients.global_norm",
    "gradients.clip_coef",
    "gradients.clip_by_value",
    "gradients.clip_by_global_norm",
    "gradients.batch_norm",
    "gradients.clip_coefs",
    "gradients.bn_running_stats",
    "gradients.layer_norm",
    "gradients.rms_norm",
    "gradients.gelu",
    "gradients.silu_grad",
    "gradients.conv_init_stds",
    "gradients.warmup_cosine_lr",
    "kmeans.pairwise_distances",
    "kmeans.lloyd_step",
    "kmeans.inertia",
    "kmeans.kpp_probabilities",
    "kmeans.hartigan_delta",
    "kmeans.macqueen",
    "kmeans.minibatch_update",
    "kmeans.fuzzy_memberships",
    "kmeans.responsibilities",
    "kmeans.kernel_distance",
    "kmeans.between_sum_of_squares",
    "kmeans.ch_from_sums",
    "kmeans.silhouette_point",
    "kmeans.silhouette_score",
    "kmeans.matched_accuracy",
    "kmeans.adjusted_rand_index",
    "pca.covariance",
    "pca.eigenvalues",
    "pca.explained_variance_ratio",
    "pca.discarded_variance",
    "pca.project",
    "pca.inverse_transform",
    "pca.evr_from_singular_values",
    "pca.top_eigenvector",
    "pca.power_iteration",
    "pca.whiten",
    "pca.center_kernel",
    "pca.kaiser_count",
    "pca.reconstruction_error",
    "pca.ppca_noise_variance",
)

EXPLAIN_PREFIX = "explain."


def _table() -> dict[str, str]:
    table = {f"{mod}.{fn}": f"solvers.{mod}:{fn}" for mod, fns in _MODULES.items() for fn in fns}
    for name in _EXPLAINED:
        table[EXPLAIN_PREFIX + name] = "solvers.explain:" + name.replace(".", "_")
    return table


_TABLE: dict[str, str] = _table()


def names() -> list[str]:
    """Every registered name, sorted."""
    return sorted(_TABLE)


def exists(name: str) -> bool:
    """Whether ``name`` is registered (imports nothing)."""
    return name in _TABLE


def target(name: str) -> str:
    """The ``module:function`` a name points to; KeyError if unknown."""
    return _TABLE[name]


def get(name: str) -> Callable[..., Any]:
    """The function registered as ``name``, importing its module on first use; KeyError (naming
    the solver) if the name is not registered."""
    if name not in _TABLE:
        raise KeyError(f"unknown solver {name!r}")
    module, _, attr = _TABLE[name].partition(":")
    return getattr(importlib.import_module(module), attr)


def explainer(solver: str) -> str | None:
    """The registry name of the worked-solution explainer for ``solver``, or None."""
    name = EXPLAIN_PREFIX + solver
    return name if name in _TABLE else None


def summary(name: str) -> str:
    """The first line of the registered function's docstring (imports the function)."""
    doc = get(name).__doc__ or ""
    return doc.strip().splitlines()[0].strip() if doc.strip() else ""
