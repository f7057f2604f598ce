"""How an exercise went: one set of words for the self-check, the grader and its reports.

The grader writes a :class:`Status` for every exercise of every student, the
reports read it, and the self-check (``check("3.1")`` in a notebook) prints the
learner's side of three of them. Standard library only: the student bundle
carries this module with the self-check.
"""

from __future__ import annotations

from enum import Enum

__all__ = ["Status"]


class Status(str, Enum):
    """The status of one exercise, as the grader's reports have always written it.

    Each value is the exact text of the feedback pages and the class report
    ("passed", "not done", ...): a ``str`` subclass, so it compares equal to
    that text and prints as it (``str``, f-strings and ``html.escape`` give the
    value, never ``Status.PASSED``).

    Three of them are also what the self-check tells a learner, in the words
    learners have always seen (:attr:`learner`): the grader's "not done" is the
    self-check's "not done yet", and "wrong" is "try again"; "passed" is the
    same for both.

    Examples
    --------
    >>> Status.NOT_DONE == "not done", Status.NOT_DONE.learner
    (True, 'not done yet')
    >>> Status.from_learner("try again")
    <Status.WRONG: 'wrong'>
    """

    PASSED = "passed"
    PARTIAL = "partial"                          # some telling hidden cases passed
    WRONG = "wrong"
    NOT_DONE = "not done"                        # still the stub
    NOT_DEFINED = "not defined"                  # the function or value is missing
    NOT_IN_COPY = "not in your copy"             # an older copy, without this exercise
    HELPER_ANSWER = "helper answer"              # calls the course's helper: 0 points
    ERROR = "error"                              # the kernel stopped before the answer was collected
    TO_BE_MARKED = "to be marked"                # a written answer: the instructor's points
    NO_SUBMISSION = "no submission"
    NOT_IN_ASSIGNMENT = "not in this assignment"

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)

    @property
    def learner(self) -> str:
        """What the self-check prints for this status (the value itself where no other wording exists)."""
        return _LEARNER.get(self, self.value)

    @classmethod
    def from_learner(cls, outcome: str) -> Status:
        """The status of a self-check outcome ("passed", "not done yet" or "try again")."""
        for status, label in _LEARNER.items():
            if label == outcome:
                return status
        return cls(outcome)


#: The self-check's words where they differ from the grader's.
_LEARNER = {Status.PASSED: "passed", Status.NOT_DONE: "not done yet", Status.WRONG: "try again"}
