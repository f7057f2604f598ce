"""How many typical beginner mistakes do the exercise checks name?

Runs every entry of the catalogue ``tests/mistakes_catalogue.py`` (a beginner's answer
cell, run as the notebook runs it, then ``check``) and prints, per exercise, how many of
its mistakes get a hint that names them, and the overall share. The rule for "named" is
in the catalogue's docstring: "not yet" with a hint that is not a judge's last-resort
hint and that says one of the entry's words.

Goal (issue 16): at least 95% named.

    python benchmarks/bench_mistakes.py [--verbose] [--only 4.3]

``--verbose`` lists every mistake that is not named, with what the check said.

Measured on the catalogue (247 mistakes, 8 to 28 for each of the 18 checked exercises):

* before the hints were changed (commit 06c63db): 137 of 247 named (55.5%); of the first 244
  entries, written before any hint changed, 137 (56.1%); the 3 added later (a ``return``
  inside the loop in 5.1, 8.2 and 8.3) were not named either;
* after: 245 of 247 (99.2%). The two not named are 5.3's 9 and 3 (the notebook's 3 x 3
  example): the hint names the notebook's example, but keeps the tag "wrong factor", which
  ``tests/test_checks.py`` pins for 9 and which is also the judge's last-resort tag.

The catalogue and the hints were written by the same hands: 99% says that every mistake
written down here is named, not that 99% of the mistakes of a real class are. Add the
mistakes a class makes (the grader's class report lists its hints and tags) to the catalogue.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from mistakes_catalogue import CATALOGUE, measure, share, table  # noqa: E402

GOAL = 0.95


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list the mistakes that are not named")
    parser.add_argument("--only", help="one exercise, such as 4.3")
    args = parser.parse_args(argv)
    catalogue = [m for m in CATALOGUE if args.only in (None, m.number)]
    start = time.perf_counter()
    verdicts = measure(catalogue)
    seconds = time.perf_counter() - start
    print(f"{'exercise':9s} {'named':>5s} {'not named':>9s} {'total':>5s}")
    for number, (named, total) in table(verdicts).items():
        print(f"{number:9s} {named:5d} {total - named:9d} {total:5d}")
    named = sum(v.named for v in verdicts)
    print(f"{'all':9s} {named:5d} {len(verdicts) - named:9d} {len(verdicts):5d}")
    print(f"\n{named} of {len(verdicts)} typical mistakes named: {share(verdicts):.1%} (goal {GOAL:.0%}), "
          f"measured in {seconds:.1f} s")
    if args.verbose:
        for v in verdicts:
            if not v.named:
                said = v.hint or v.outcome
                print(f"\n{v.mistake.number} {v.mistake.why} [{v.outcome}, tag {v.tag!r}]\n"
                      f"    wants one of {v.mistake.words}\n    check said: {said}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
