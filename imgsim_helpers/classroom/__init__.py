"""Tools for running a class: hand the course out, grade the submissions, report.

These are the instructor's tools; the student bundle leaves them out.

* :mod:`.collect` -- find the students' notebooks in a folder of submissions;
* :mod:`.run` -- run one notebook in a fresh kernel, in a throwaway copy of the course;
* :mod:`.sandbox` and :mod:`.launch` -- the bubblewrap sandbox that kernel runs in, and its start;
* :mod:`.flags` -- what a submission tried, and helper answers, read from its code;
* :mod:`.harvest` and :mod:`.codec` -- collect the answers inside that kernel, without pickle;
* :mod:`.grade` -- judge the answers with hidden tests, in the grader's own process;
* :mod:`.assignments` -- named sets of notebooks and exercises, graded one at a time;
* :mod:`.similarity` -- pair flags: the same code or written answer from two students;
* :mod:`.scrub` -- the grader's temporary folders taken out of error messages;
* :mod:`.report` -- gradebook, feedback pages, class report, written answers;
* :mod:`.bundle` -- the student bundle (a zip with no answers in it);
* :mod:`.hub` -- the same files as a git repository a JupyterHub pulls, and the link that pulls it.

Start from the command line: ``python -m imgsim_helpers.exercises grade SUBMISSIONS --out GRADES``.
"""
