"""Every descriptor x every metric x both methods, measured on the same labelled photos.

Each photo is described once per descriptor (the slow part: it reads every
pixel); the small matrix of feature vectors is then compared with every
metric, by nearest neighbour and by nearest centroid. Combinations that make no
sense (EMD on a descriptor that is not made of 1-D histograms) are left out.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..describing.descriptors import DESCRIPTORS, describe, descriptor_named
from ..distances import METRICS, metric_named
from .evaluation import METHODS, EvaluationReport, evaluate

__all__ = ["leaderboard"]


def leaderboard(photos: Sequence[np.ndarray], labels: Sequence[str], descriptors: Sequence[str] | None = None,
                metrics: Sequence[str] | None = None, methods: Sequence[str] = METHODS,
                features: dict[str, np.ndarray] | None = None) -> list[EvaluationReport]:
    """Evaluate every combination of descriptor, metric and method; best first.

    Parameters
    ----------
    photos : sequence of numpy.ndarray
        ``(H, W, 3)`` ``uint8`` photos.
    labels : sequence of str
        The class of each photo.
    descriptors, metrics : sequence of str, optional
        Names from :data:`DESCRIPTORS` and :data:`METRICS` (default: all).
    methods : sequence of str, optional
        From :data:`METHODS` (default both: "neighbour" and "centroid").
    features : dict of str to numpy.ndarray, optional
        Descriptions already computed (``describe(photos, name)``), by
        descriptor name; missing ones are computed, and added to this
        dictionary, so a second call describes nothing again.

    Returns
    -------
    list of EvaluationReport
        One report per combination (each with its accuracy, 95% interval and
        per-photo results), sorted by accuracy, best first; equal accuracies
        keep the order descriptor, metric, method of the registries.

    Raises
    ------
    ValueError
        For an unknown name, or photos and labels that cannot be evaluated.
    """
    descriptors = list(DESCRIPTORS) if descriptors is None else list(descriptors)
    metrics = [metric_named(name) for name in (METRICS if metrics is None else metrics)]
    features = {} if features is None else features
    reports = []
    for name in descriptors:
        entry = descriptor_named(name)
        if name not in features:
            features[name] = describe(photos, name)
        for metric in metrics:
            if not metric.applies_to(entry):
                continue
            for method in methods:
                reports.append(evaluate(features[name], labels, metric, descriptor=name, method=method))
    return sorted(reports, key=lambda report: -report.accuracy)
