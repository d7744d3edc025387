"""Array-shape helpers shared by the solver modules (not solvers themselves)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def points(X: ArrayLike) -> np.ndarray:
    """X as a float (n, d) array of points; a 1-D X is one point (1, d)."""
    a = np.asarray(X, dtype=float)
    return a.reshape(1, -1) if a.ndim == 1 else a
