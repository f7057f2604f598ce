"""More ways to describe a photo than the core's histogram (notebooks 07, 12 and 14).

* :mod:`imgsim_helpers.describing.gray` -- luminance, cumulative histograms, equalisation;
* :mod:`imgsim_helpers.describing.descriptors` -- more ways to describe a photo, and the ``DESCRIPTORS`` registry;
* :mod:`imgsim_helpers.describing.shape` -- shape rather than colour: edge directions and strength, gray thumbnails.
"""
