"""Checking answers, one module per card kind; the study engine dispatches to them."""
