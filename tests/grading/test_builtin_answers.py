"""Every built-in cloze blank, numeric answer, choice and order card, checked through
``Study.check`` as a session would: right spellings accepted, sign-flipped, ×10 and ×0.1
answers (and the other near misses of :mod:`tests.grading.variants`) rejected, in both
languages. The variants are derived from each card's own answer, so new cards are covered."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.bank import cloze
from quizapp.bank.loader import load_library
from quizapp.bank.model import Cloze, Numeric
from quizapp.grading.verdict import AnswerError
from quizapp.store import Store
from quizapp.study import Study
from tests.grading.variants import SUPERSCRIPT, Trial, is_number, trials

LIBRARY = load_library(include_user=False)
CHECKED = [
    c.id for c in LIBRARY.cards.values() if c.kind in ("cloze", "numeric", "choice", "order")
]


@pytest.fixture(scope="module")
def study() -> Iterator[Study]:
    store = Store.open("sqlite://")
    yield Study(store, LIBRARY)
    store.close()


def accepted(study: Study, trial: Trial) -> bool:
    card = LIBRARY.cards[trial.card_id]
    try:
        return bool(study.check(study.present(card, seed=trial.seed), trial.answer).correct)
    except AnswerError:
        return False


@pytest.mark.parametrize("card_id", CHECKED)
def test_right_spellings_pass_and_near_misses_fail(study: Study, card_id: str) -> None:
    card = LIBRARY.cards[card_id]
    tried = list(trials(study, card))
    assert any(t.right for t in tried) and any(not t.right for t in tried)
    wrongly = [
        f"{'rejected' if t.right else 'ACCEPTED'} [{t.lang}] {t.what}: {t.answer!r}"
        for t in tried
        if accepted(study, t) != t.right
    ]
    assert not wrongly, "\n".join(wrongly)


# --- generated spellings ----------------------------------------------------------------------

NUMBER_BLANKS = [
    (c.id, n, d.answer)
    for c in LIBRARY.cards.values()
    if isinstance(c, Cloze)
    for n, d in {d.number: d for d in cloze.deletions(c.text.get("en"))}.items()
    if is_number(d.answer)
]
MINUS = st.sampled_from(["-", "−", "–", "‐", "－"])
FULL = str.maketrans("0123456789.", "０１２３４５６７８９．")


def spell(value: Decimal, exponent: int, zeros: int, times: str, minus: str, wide: bool) -> str:
    """``value`` written as mantissa × 10^exponent with ``zeros`` extra trailing zeros."""
    mantissa = value.scaleb(-exponent)
    body = format(abs(mantissa), "f")
    if zeros:
        body += ("" if "." in body else ".") + "0" * zeros
    if exponent:
        exp = str(exponent).replace("-", minus)
        body += {
            "e": f"e{exp}",
            "^": f"×10^{exp}",
            "sup": f"×10{str(exponent).translate(SUPERSCRIPT)}",
            "x": f" x 10^{exp}",
        }[times]
    if wide:
        body = body.translate(FULL)
    return (minus if mantissa < 0 else "") + body


def answer_for(card: Cloze, number: int, part: str) -> str:
    blanks = {d.number: d.answer for d in cloze.deletions(card.text.get("en"))}
    return "; ".join(part if n == number else blanks[n] for n in sorted(blanks))


@pytest.mark.skipif(not NUMBER_BLANKS, reason="no numeric cloze blank in the banks")
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    blank=st.sampled_from(NUMBER_BLANKS or [("", 0, "0")]),
    exponent=st.integers(-4, 4),
    zeros=st.integers(0, 3),
    times=st.sampled_from(["e", "^", "sup", "x"]),
    minus=MINUS,
    wide=st.booleans(),
    power=st.integers(-6, 6).filter(bool),
)
def test_a_cloze_number_is_a_number(
    study: Study,
    blank: tuple[str, int, str],
    exponent: int,
    zeros: int,
    times: str,
    minus: str,
    wide: bool,
    power: int,
) -> None:
    card_id, number, shown = blank
    card = LIBRARY.cards[card_id]
    assert isinstance(card, Cloze)
    value = Decimal(shown.replace("−", "-"))
    presented = study.present(card)

    def check(part: str) -> bool:
        return bool(study.check(presented, answer_for(card, number, part)).correct)

    assert check(spell(value, exponent, zeros, times, minus, wide))
    if value != 0:
        assert not check(spell(-value, exponent, zeros, times, minus, wide)), "sign flipped"
        assert not check(spell(value.scaleb(power), exponent, zeros, times, minus, wide))


NUMERIC = [c.id for c in LIBRARY.cards.values() if isinstance(c, Numeric)]


@pytest.mark.skipif(not NUMERIC, reason="no numeric card in the banks")
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    card_id=st.sampled_from(NUMERIC or [""]),
    seed=st.integers(0, 10_000),
    minus=MINUS,
    power=st.integers(-6, 6).filter(bool),
    wide=st.booleans(),
    times=st.sampled_from(["e", "×10^", "x10^", "sup"]),
)
def test_a_numeric_answer_in_any_spelling(
    study: Study, card_id: str, seed: int, minus: str, power: int, wide: bool, times: str
) -> None:
    card = LIBRARY.cards[card_id]
    presented = study.present(card, seed=seed)
    answer = study.instance(presented).answer
    values = answer if isinstance(answer, list) else [answer]

    def one(x: float) -> str:
        mantissa, exponent = f"{x:.12e}".split("e")
        if times == "sup":
            return mantissa.replace("-", minus) + "×10" + str(int(exponent)).translate(SUPERSCRIPT)
        return (mantissa + times + exponent).replace("-", minus)

    def typed(xs: list[float]) -> str:
        text = ", ".join(one(x) for x in xs)
        return text.translate(FULL) if wide else text

    def check(xs: list[float]) -> bool:
        try:
            return bool(study.check(presented, typed(xs)).correct)
        except AnswerError:
            return False

    assert check(values)
    if any(abs(v) > 1e-3 for v in values):
        assert not check([-v for v in values]), "sign flipped"
        assert not check([v * 10.0**power for v in values]), f"×10^{power}"
