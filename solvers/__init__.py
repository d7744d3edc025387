"""NumPy reference implementations: the ground truth for every number quizapp shows and checks.

Each public function states in its docstring the convention it follows (reduction, ddof, eps,
tie-breaking) and the library it matches. Banks refer to solvers by their registry name only
(``losses.huber``); see :mod:`solvers.registry`. Importing this package does not import NumPy.
"""
