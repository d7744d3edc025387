"""Interview plans: a date, the decks to know by then and the minutes a day to get there.

:mod:`~quizapp.plan.model` is the plan as stored, :mod:`~quizapp.plan.days` the study days up to
the date, :mod:`~quizapp.plan.pacing` what the plan asks of the study engine (today's new cards,
the cap on intervals) and :mod:`~quizapp.plan.forecast` the simulation that says whether the plan
fits and what recall to expect on the day. Nothing here prints: front-ends render the reports.
"""
