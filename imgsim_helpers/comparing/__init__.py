"""More ways to compare than the core's Euclidean distance (notebooks 08, 13 and 16).

* :mod:`imgsim_helpers.comparing.kernels` -- one query against many stored histograms, per metric;
* :mod:`imgsim_helpers.comparing.metrics` -- the seven metrics beyond Euclidean, from Manhattan to EMD and correlation;
* :mod:`imgsim_helpers.comparing.pixels` -- pixel-by-pixel comparisons: MSE and SSIM.
"""
