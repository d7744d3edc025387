"""quizapp: ML interview preparation in the terminal — bilingual cards, FSRS, graded drills."""

__version__ = "0.1.0"
