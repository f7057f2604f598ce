"""Find the near-duplicates in a folder of photos (notebooks 17 and 18).

* :mod:`imgsim_helpers.near_duplicates.copies` -- edited copies of photos, with ground truth, for measuring;
* :mod:`imgsim_helpers.near_duplicates.duplicates` -- find the near-duplicates in a folder (never deletes);
* :mod:`imgsim_helpers.near_duplicates.hamming` -- Hamming distances: two hashes, or every close pair of many;
* :mod:`imgsim_helpers.near_duplicates.hashing` -- perceptual hashes: average, difference and DCT.
"""
