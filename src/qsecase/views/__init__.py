"""Views layer: matplotlib drawings of the methods' models (fishbone, Pareto) and their rendering.

Every drawing function draws onto an Axes it is given and never calls ``plt.show`` or
``plt.figure``; the ``*_figure`` helpers build a standalone :class:`matplotlib.figure.Figure`
(no pyplot state, so they work headless and do not leak). Colours come from the colour-blind-safe
Okabe–Ito palette and no information is carried by colour alone (symbols, hatches, labels), as
required by WCAG 2.2 §1.4.1 and RGAA 4.1 criterion 3.1. Nothing in :mod:`qsecase.methods` imports
this package.
"""
