"""Mock interviews: a timed round of questions asked the way an interviewer asks them.

:mod:`~quizapp.mock.selection` picks a round's questions, :mod:`~quizapp.mock.session` runs it
(grading, recording each outcome as a review, resume and abandon), :mod:`~quizapp.mock.report`
sums it up and :mod:`~quizapp.mock.plain_round` is the line-mode front-end. Only the front-end
prints.
"""
