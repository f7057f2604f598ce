"""Take the grader's own folders out of texts a student or instructor reads.

Each submission runs in a throwaway copy of the course: ``/course/`` in the
sandbox, or a folder such as ``/tmp/imgsim-grading-k2x9/run-3f1c0a9e2b7d/course/``
without it. An error message from the
student's code may carry that path (``No such file or directory:
'/tmp/imgsim-grading-k2x9/run-3f1c0a9e2b7d/data/opening/duck.jpg'``); the
reports show it as the course-relative path (``data/opening/duck.jpg``),
which is what the student's own copy of the course has.
"""

from __future__ import annotations

import os
import re

__all__ = ["scrub_paths"]

#: An absolute path up to and including the grader's folder (and the run's folder inside it).
_GRADER_FOLDER = re.compile(r"(?:[A-Za-z]:)?(?:[\\/][^\s'\"\\/]+)*?[\\/]imgsim-grading-[^\s'\"\\/]*"
                            r"(?:[\\/]run-[^\s'\"\\/]*)?(?:[\\/]|(?=[\s'\"]|$))")


#: The kernel's copy of the course: ``/course/`` in the sandbox, ``course/`` inside the run's
#: folder without it. Shown as the course-relative path, like the rest.
_KERNEL_COURSE = re.compile(r"(?<![\w./\\-])/?course/(?=(?:data|imgsim_helpers|notebooks|home|\.kernel)(?:[\\/]|\b))")


def scrub_paths(text: str, *folders: str | os.PathLike) -> str:
    """``text`` without the grader's temporary folders.

    Parameters
    ----------
    text : str
        An error message, hint or flag.
    *folders : str or path-like
        Further folders to remove (each also as its real path), such as the
        scratch folder of this grading run, with the ``run-...`` folder inside.

    Returns
    -------
    str
        The text with ``<folder>/`` removed, so ``<folder>/data/duck.jpg``
        reads ``data/duck.jpg``.

    Examples
    --------
    >>> scrub_paths("No such file: '/tmp/imgsim-grading-ab12/run-9f3e/data/duck.jpg'")
    "No such file: 'data/duck.jpg'"
    >>> scrub_paths("stuck in /course/notebooks")
    'stuck in notebooks'
    
    """
    for folder in folders:
        for form in {os.fspath(folder), os.path.realpath(folder)}:
            form = form.rstrip("/\\")
            if form:
                text = re.sub(re.escape(form) + r"(?:[\\/]run-[^\s'\"\\/]*)?[\\/]?", "", text)
    return _KERNEL_COURSE.sub("", _GRADER_FOLDER.sub("", text))
