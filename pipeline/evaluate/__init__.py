"""Evaluation against gold annotations: loading and checking gold, scoring, reports, a naive baseline."""
