"""Index a folder of photos and search it (notebook 16).

* :mod:`imgsim_helpers.search.command` -- ``python -m imgsim_helpers search QUERY FOLDER``;
* :mod:`imgsim_helpers.search.folders` -- find and read the image files of a folder, fast;
* :mod:`imgsim_helpers.search.index` -- index a folder of photos and search it;
* :mod:`imgsim_helpers.search.index_file` -- save a search index to one ``.npz`` file and read it back;
* :mod:`imgsim_helpers.search.nearest` -- the k nearest rows of a feature matrix, in bounded memory.
"""
