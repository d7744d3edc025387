"""The drill grader: cases, comparison in the parent, the kinds of failure and their messages in
both languages, verdicts on CPU time (a busy machine gives no verdict, never a wrong one), speed."""

from __future__ import annotations

import json
import re
import statistics
import time

from quizapp.grading import drill, sandbox
from tests.drills.helpers import card, grade_text
from tests.drills.test_sandbox import saturated_cpu

MSE_OK = """
import numpy as np

def mse(y_true, y_pred):
    return float(np.mean((y_pred - y_true) ** 2))
"""


def test_the_same_seed_gives_the_same_cases_and_fixed_cases_come_first() -> None:
    c = card("drill.huber")
    a, b = drill.build_cases(c, 41), drill.build_cases(c, 41)
    assert [x.kind for x in a[:3]] == ["fixed"] * 3 and a[3].seed == 41
    assert all(str(x.args) == str(y.args) for x, y in zip(a, b, strict=True))
    assert str(drill.build_cases(c, 42)[3].args) != str(a[3].args)


def test_parameters_are_passed_positionally_and_a_missing_default_is_left_out() -> None:
    c = card("drill.huber")
    assert drill.call_args(c, {"y_true": 1, "y_pred": 2}) == ([1, 2], {})
    assert drill.call_args(c, {"y_true": 1, "y_pred": 2, "delta": 3}) == ([1, 2, 3], {})
    assert drill.call_args(c, {"y_true": 1, "delta": 3}) == ([1], {"delta": 3})


def test_list_parameters_become_lists_of_arrays() -> None:
    import numpy as np

    case = drill.build_cases(card("drill.clip_by_value"), 3)[-1]
    grads = case.args["grads"]
    assert isinstance(grads, list) and len(grads) == 2
    assert all(isinstance(g, np.ndarray) for g in grads) and grads[0].ndim == 2


def test_a_syntax_error_is_reported_with_its_line_before_any_case_runs() -> None:
    result, text = grade_text("drill.mse", "import numpy as np\n\ndef mse(a, b)\n    return 0\n")
    assert result.status == "syntax_error" and result.line == 3
    assert result.cases == ()
    assert "line 3" in text and "^" in text


def test_a_missing_function_and_a_failing_import_are_reported() -> None:
    result, _ = grade_text("drill.mse", "def mean_squared_error(a, b):\n    return 0.0\n")
    assert result.status == "missing_function"
    assert "mse" in (result.message.en or "")
    result, text = grade_text("drill.mse", "import torch\n")
    assert result.status == "load_error"
    assert "ModuleNotFoundError" in text


def test_an_exception_shows_the_users_own_traceback_lines_only() -> None:
    source = "import numpy as np\n\ndef mse(y_true, y_pred):\n    return y_true[5] ** 2\n"
    result, text = grade_text("drill.mse", source)
    first = result.failures[0]
    assert first.status == "raised"
    assert 'File "mse.py", line 4, in mse' in first.traceback
    assert "IndexError" in text and "sandbox" not in first.traceback


def test_wrong_type_and_shape_are_their_own_status() -> None:
    result, text = grade_text("drill.mse", "def mse(y_true, y_pred):\n    return [0.0]\n")
    assert result.failures[0].status == "bad_return"
    assert "Expected a single number, got list" in text
    source = "import numpy as np\n\ndef sigmoid_grad(z):\n    return np.zeros((1,) + z.shape)\n"
    result, text = grade_text("drill.sigmoid_grad", source)
    assert result.failures[0].status == "bad_return" and "Expected shape (1,)" in text


def test_printing_and_warnings_are_shown_on_the_case() -> None:
    source = """
import numpy as np

def softmax_cross_entropy(labels, logits):
    print("shape", logits.shape)
    e = np.exp(logits)
    p = e / e.sum(axis=1, keepdims=True)
    return float(-np.mean(np.log(p[np.arange(len(labels)), labels])))
"""
    result, text = grade_text("drill.softmax_ce", source)
    first = result.failures[0]
    assert "shape (1, 3)" in first.stdout
    assert any("overflow" in w and w.startswith("line 6") for w in first.warnings)
    assert "warning: line 6: RuntimeWarning" in text


def test_patching_numpy_in_the_submission_cannot_make_a_wrong_answer_pass() -> None:
    source = """
import builtins
import math
import numpy as np

np.allclose = lambda *a, **k: True
np.isclose = lambda a, b, *r, **k: np.ones(np.shape(a), dtype=bool)
np.array_equal = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
math.isclose = lambda *a, **k: True
builtins.abs = lambda x: 0.0

class Liar(float):
    def __eq__(self, other):
        return True

def mse(y_true, y_pred):
    return Liar(12345.0)
"""
    result, text = grade_text("drill.mse", source)
    assert result.status == "failed"
    assert {c.status for c in result.cases} == {"bad_return"}
    source = source.replace("return Liar(12345.0)", "return 12345.0")
    result, text = grade_text("drill.mse", source)
    assert result.status == "failed" and result.counts[0] == 0, text


def test_the_result_serializes_to_json() -> None:
    result, _ = grade_text(
        "drill.kmeans",
        "def kmeans(X, init_centroids, max_iter=100):\n"
        "    return init_centroids, X[:, 0].astype(int)\n",
    )
    data = json.loads(json.dumps(result.to_dict()))
    assert data["status"] == "failed" and data["total"] == len(data["cases"])
    assert {"input", "expected", "got", "message", "status"} <= set(data["cases"][0])


def test_a_correct_submission_is_graded_well_under_a_second() -> None:
    c = card("drill.mse")
    drill.grade(c, MSE_OK, seed=1)  # warm up imports
    times = []
    for seed in range(3):
        started = time.perf_counter()
        assert drill.grade(c, MSE_OK, seed=seed).passed
        times.append(time.perf_counter() - started)
    assert statistics.median(times) < 1.0, times


def _english_words(text: str) -> set[str]:
    """ASCII words of a Chinese message other than code names and units a Chinese text keeps."""
    return set(re.findall(r"[A-Za-z]{2,}", text)) - {"CPU", "MiB", "SIGKILL", "sleep", "mse"}


def test_a_top_level_endless_loop_is_reported_in_either_language() -> None:
    source = "while True:\n    pass\n\ndef mse(y_true, y_pred):\n    return 0.0\n"
    result = drill.grade(card("drill.mse"), source, seed=1, limits=sandbox.Limits(0.5))
    assert result.status == "load_error" and result.message is not None
    assert "top-level code used more than 0.5 s of CPU time" in result.message.en
    assert result.message.zh == "模块加载失败：顶层代码的 CPU 时间超过了 0.5 秒的限制（死循环？）"
    assert not _english_words(result.message.zh)


def test_other_failures_to_load_and_crashes_are_chinese_in_chinese() -> None:
    c, limits = card("drill.mse"), sandbox.Limits(0.5)
    raised = drill.grade(c, "1 / 0\n", seed=1, limits=limits)
    assert raised.message is not None and raised.status == "load_error"
    assert (
        raised.message.zh == "模块加载失败：顶层代码抛出了异常 ZeroDivisionError: division by zero"
    )
    missing = drill.grade(c, "x = 1\n", seed=1, limits=limits)
    assert missing.message is not None and missing.message.zh == "无法评测：没有名为 'mse' 的函数。"
    crash = drill.grade(c, "import os\n\ndef mse(a, b):\n    os._exit(7)\n", seed=1, limits=limits)
    message = crash.failures[0].message
    assert crash.status == "failed" and message is not None
    assert "退出码 7" in message.zh and not _english_words(message.zh), message.zh


def test_only_the_wall_clock_running_out_gives_no_verdict() -> None:
    c = card("drill.mse")
    limits = sandbox.Limits(time_per_case=0.5, wall_per_case=1.0)
    sleeper = "import time\n\ndef mse(y_true, y_pred):\n    time.sleep(30)\n"
    result = drill.grade(c, sleeper, seed=1, limits=limits)
    assert result.status == "error" and not result.passed  # neither a pass nor a failure
    assert result.message is not None
    assert result.message.en.startswith("Timed out (machine busy?)")
    assert result.message.zh.startswith("超时（机器太忙？）")
    first = result.failures[0]
    assert first.status == "timeout" and first.message is not None
    assert "machine busy?" in first.message.en and "机器太忙" in first.message.zh
    top_level = drill.grade(c, "import time\ntime.sleep(30)\n", seed=1, limits=limits)
    assert top_level.status == "error" and top_level.message == result.message
    # A definite failure stays a failure even when a later case hit the backstop.
    wrong_then_sleep = sleeper.replace(
        "    time.sleep(30)", "    if len(y_true) > 1:\n        time.sleep(30)\n    return 99.0"
    )
    result = drill.grade(c, wrong_then_sleep, seed=1, limits=limits)
    assert result.status == "failed" and result.failures[0].status == "wrong"


def test_a_cpu_time_out_is_a_verdict() -> None:
    source = "def mse(y_true, y_pred):\n    while True:\n        pass\n"
    result = drill.grade(card("drill.mse"), source, seed=1, limits=sandbox.Limits(0.5))
    assert result.status == "failed" and result.failures[0].status == "timeout"
    message = result.failures[0].message
    assert message is not None and "Used more than 0.5 s of CPU time" in message.en
    assert message.zh == "CPU 时间超过了 0.5 秒的限制（死循环？）。"


def test_verdicts_hold_with_every_core_saturated() -> None:
    c = card("drill.mse")
    wrong = MSE_OK.replace("** 2", "** 3")
    with saturated_cpu():
        assert drill.grade(c, MSE_OK, seed=3).status == "passed"
        result = drill.grade(c, wrong, seed=3)
        assert result.status == "failed" and {f.status for f in result.failures} == {"wrong"}
