"""Tools for running a class: hand the course out, grade the submissions, report.

These are the instructor's tools; the student bundle leaves them out. One line
per module, roughly from handing out to reporting:

* :mod:`.release` -- student copies of the notebooks: solutions replaced by stubs;
* :mod:`.bundle` -- the student bundle (a zip with no answers in it);
* :mod:`.hub` -- the same files as a git repository a JupyterHub pulls, and the link that pulls it;
* :mod:`.practice` -- a made-up class's submissions, to try the grader;
* :mod:`.assignments` -- named sets of notebooks and exercises, graded one at a time;
* :mod:`.collect` -- find the students' notebooks in a folder of submissions or in their home folders;
* :mod:`.grade` -- grade a class: the hidden tests, every submission run and judged, one result per student;
* :mod:`.run` -- run one notebook in a fresh kernel, in a throwaway copy of the course;
* :mod:`.kernel` -- start that kernel, in the sandbox or as a plain process, and the client that drives it;
* :mod:`.sandbox` -- the bubblewrap sandbox that kernel runs in;
* :mod:`.launch` -- the first code that runs in the sandbox: limits, audit hook, then the kernel;
* :mod:`.answers` -- hand the hidden inputs to that kernel and read back its answers and audit lines;
* :mod:`.harvest` -- collect the answers inside that kernel, after the notebook ran;
* :mod:`.codec` -- values between the grader and the kernel, without pickle;
* :mod:`.judge` -- judge one exercise's answers with hidden tests, in the grader's own process;
* :mod:`.expected` -- the expected results of every exercise, computed (the instructor's half of the checks);
* :mod:`.flags` -- what a submission tried, and helper answers, read from its code;
* :mod:`.similarity` -- pair flags: the same code or written answer from two students;
* :mod:`.scrub` -- the grader's temporary folders taken out of error messages;
* :mod:`.gradebook` -- ``gradebook.csv``: the points, merged with what the instructor typed;
* :mod:`.report` -- feedback pages, class report, written answers side by side.

Start from the command line: ``python -m imgsim_helpers.exercises grade SUBMISSIONS --out GRADES``.
"""
