"""What several modules of the helpers need, and no lesson opens: the private shared layer.

* :mod:`imgsim_helpers._shared.arrays` -- the checks on image arrays that every helper shares;
* :mod:`imgsim_helpers._shared.progress` -- a progress bar for notebooks and terminals;
* :mod:`imgsim_helpers._shared.status` -- how an exercise went, in the same words everywhere;
* :mod:`imgsim_helpers._shared.workers` -- how many threads read and compare photos at once.
"""
