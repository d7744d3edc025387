"""The Textual study app; see :mod:`quizapp.tui.app`."""
