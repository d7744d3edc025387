"""Audit of answer checking on the built-in banks (run by hand, not by pytest):

    .venv/bin/python -m tests.grading.audit [--failures] [--kind K]

Every trial of :mod:`tests.grading.variants` goes through ``Study.check`` exactly as a study
session sends it. A right answer that is not accepted (judged wrong, or asked again) is a false
reject; a wrong answer judged right is a false accept. Prints one row per card kind and
language, then, with ``--failures``, every failing trial.
"""

from __future__ import annotations

import argparse
from collections import Counter

from quizapp.bank.loader import load_library
from quizapp.grading.verdict import AnswerError
from quizapp.store import Store
from quizapp.study import Study
from tests.grading.variants import Trial, trials


def outcome(study: Study, trial: Trial) -> str:
    """``accepted``, ``rejected`` or ``asked again`` (an AnswerError)."""
    card = study.library.cards[trial.card_id]
    try:
        verdict = study.check(study.present(card, seed=trial.seed), trial.answer)
    except AnswerError:
        return "asked again"
    return "accepted" if verdict.correct else "rejected"


def main(argv: list[str] | None = None) -> int:
    """Print the table (and the failures); exit 0."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--failures", action="store_true", help="list every failing trial")
    parser.add_argument("--kind", help="only this card kind")
    args = parser.parse_args(argv)
    library = load_library(include_user=False)
    study = Study(Store.open("sqlite://"), library)
    tried: Counter[tuple[str, str]] = Counter()
    wrong_tried: Counter[tuple[str, str]] = Counter()
    accepts: Counter[tuple[str, str]] = Counter()
    rejects: Counter[tuple[str, str]] = Counter()
    asked: Counter[tuple[str, str]] = Counter()
    failures: list[str] = []
    broken: list[str] = []
    for card in library.cards.values():
        if args.kind and card.kind != args.kind:
            continue
        try:
            card_trials = list(trials(study, card))
        except Exception as exc:  # a card being edited right now: name it, go on
            broken.append(f"{card.id}: {type(exc).__name__}: {exc}")
            continue
        for trial in card_trials:
            key = (trial.kind, trial.lang)
            tried[key] += 1
            result = outcome(study, trial)
            if not trial.right:
                wrong_tried[key] += 1
            if trial.right and result != "accepted":
                rejects[key] += 1
                asked[key] += result == "asked again"
                failures.append(
                    f"false reject ({result}) {trial.card_id} [{trial.lang}] "
                    f"{trial.what}  <{trial.answer}>"
                )
            elif not trial.right and result == "accepted":
                accepts[key] += 1
                failures.append(
                    f"false accept {trial.card_id} [{trial.lang}] {trial.what}  <{trial.answer}>"
                )
    print(
        f"{'kind':<8} {'lang':<4} {'tried':>6} {'wrong':>6} {'false acc':>9} "
        f"{'right':>6} {'false rej':>9} {'asked again':>11}"
    )
    for key in sorted(tried):
        right = tried[key] - wrong_tried[key]
        print(
            f"{key[0]:<8} {key[1]:<4} {tried[key]:>6} {wrong_tried[key]:>6} {accepts[key]:>9} "
            f"{right:>6} {rejects[key]:>9} {asked[key]:>11}"
        )
    total = sum(tried.values())
    print(
        f"{'all':<13} {total:>6} {sum(wrong_tried.values()):>6} {sum(accepts.values()):>9} "
        f"{total - sum(wrong_tried.values()):>6} {sum(rejects.values()):>9} "
        f"{sum(asked.values()):>11}"
    )
    if broken:
        print(f"\n{len(broken)} card(s) could not be instantiated:")
        print("\n".join(broken))
    if args.failures:
        print()
        print("\n".join(failures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
