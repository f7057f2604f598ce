"""The figures of the later notebooks, and what makes every figure readable without sight.

* :mod:`imgsim_helpers.figures.figure_text` -- every figure's text alternative (``describe_figure``);
* :mod:`imgsim_helpers.figures.hash_plots` -- the figures of notebooks 17 and 18 (DCT patterns, the threshold);
* :mod:`imgsim_helpers.figures.plot_descriptions` -- the sentences that describe each helper's figure;
* :mod:`imgsim_helpers.figures.plot_marks` -- names written on the lines, so colour is never the only difference;
* :mod:`imgsim_helpers.figures.result_plots` -- results as figures: tables of numbers, accuracies with intervals (10, 15, 17);
* :mod:`imgsim_helpers.figures.style` -- the one style of every figure: palette, reference grey, dashes, markers, finishing;
* :mod:`imgsim_helpers.figures.toolbox_plots` -- the figures of notebooks 12-14 (the toolbox).
"""
