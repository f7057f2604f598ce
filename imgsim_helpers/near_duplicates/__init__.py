"""Find the near-duplicates in a folder of photos (notebooks 17 and 18).

* :mod:`imgsim_helpers.near_duplicates.command` -- ``python -m imgsim_helpers duplicates FOLDER``;
* :mod:`imgsim_helpers.near_duplicates.copies` -- edited copies of photos, with ground truth, for measuring;
* :mod:`imgsim_helpers.near_duplicates.duplicates` -- find the near-duplicates in a folder (never deletes);
* :mod:`imgsim_helpers.near_duplicates.explorer` -- the widget: groups of copies side by side, a threshold slider;
* :mod:`imgsim_helpers.near_duplicates.folder_hashes` -- step 1: read every photo of a folder and keep its hash;
* :mod:`imgsim_helpers.near_duplicates.grouping` -- steps 2-4: compare the hashes, confirm by colour, group, choose what to keep;
* :mod:`imgsim_helpers.near_duplicates.hamming` -- Hamming distances: two hashes, or every close pair of many;
* :mod:`imgsim_helpers.near_duplicates.hashing` -- perceptual hashes: average, difference and DCT;
* :mod:`imgsim_helpers.near_duplicates.report` -- what the finder reports: groups, their photos, their text.
"""
