"""Index a folder of photos and search it (notebook 16).

* :mod:`imgsim_helpers.search.command` -- ``python -m imgsim_helpers search QUERY FOLDER``;
* :mod:`imgsim_helpers.search.explorer` -- the search widget of notebook 16 (``search_explorer``);
* :mod:`imgsim_helpers.search.folders` -- find and read the image files of a folder, fast;
* :mod:`imgsim_helpers.search.index` -- index a folder of photos and search it: ``build_index``, and every name a search needs;
* :mod:`imgsim_helpers.search.index_class` -- the ``Index``: one feature vector per photo, searched, saved, loaded, updated;
* :mod:`imgsim_helpers.search.index_file` -- save a search index to one ``.npz`` file and read it back;
* :mod:`imgsim_helpers.search.nearest` -- the k nearest rows of a feature matrix, in bounded memory;
* :mod:`imgsim_helpers.search.updating` -- bring an index's rows up to date with its folder, reading only what changed.
"""
