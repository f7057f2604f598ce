"""How good and how fast a method is, measured (notebooks 10, 11 and 15).

* :mod:`imgsim_helpers.measuring.evaluation` -- accuracy on labelled photos, with confidence intervals;
* :mod:`imgsim_helpers.measuring.leaderboard` -- every descriptor x metric x method on the same photos;
* :mod:`imgsim_helpers.measuring.timing` -- time code fairly (best of a few runs, processor time).
"""
