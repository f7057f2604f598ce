"""A practice class: generated submissions, to try the grader before a real class hands in.

``python -m imgsim_helpers.exercises practice-class FOLDER --students 40`` writes one
subfolder per made-up student, holding their copies of the exercise notebooks: each answer
is the solution, a typical mistake (the kind the targeted hints name), or left undone,
drawn at random with a fixed seed. Grade the folder to see every report the grader writes.
The benchmark ``benchmarks/bench_grading.py`` and the grader's tests build on it.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import nbformat

from .release import ROOT, BEGIN, END, HEADING, student_notebook


#: Typical wrong answers, by exercise: code that replaces the stub.
MISTAKES = {
    "1.1": ["n_pixels = img.size"],
    "1.2": ["centre = img[img.shape[1] // 2, img.shape[0] // 2]"],
    "1.3": ["def channel_means(image):\n    return image.mean(axis=0)"],
    "2.1": ["phone_length = 1080 * 1920"],
    "2.2": ["def green_values(image):\n    return image[:, 1].ravel()"],
    "2.3": ["def pixel_at(flat, width, row, col):\n    start = row * width + col\n    return flat[start:start + 3]",
            "def pixel_at(flat, width, row, col):\n    start = (row * width + col) * 3\n    values = []\n"
            "    for i in range(3):\n        values.append(flat[start + i])\n        return values"],
    "3.1": ["def red_histogram(image):\n    return np.bincount(image[:, :, 0].ravel())",
            "def red_histogram(image):\n    return np.histogram(image[:, :, 0], bins=256)[0]",
            "def red_histogram(image):\n    return np.histogram(image[:, :, 0], bins=255, range=(0, 255))[0]",
            "def red_histogram(image):\n    counts = np.zeros(256, dtype=int)\n"
            "    for value in image[:, :, 0].ravel():\n        counts[value] += 1\n    return counts"],
    "3.2": ["bin_of_100 = 100 / 16", "bin_of_100 = 7"],
    "3.3": ["def fold(hist256, bins):\n    return hist256.reshape(-1, bins).sum(axis=1)",
            "def fold(hist256, bins):\n    width = 256 // bins\n    counts = np.zeros(bins, dtype=int)\n"
            "    for i in range(bins):\n        counts[i] = hist256[i * width:(i + 1) * width].sum()\n"
            "        return counts"],
    "4.1": ["d_example = 169", "d_example = 5.0"],
    "4.2": ["def brighten(image, amount):\n    return image + amount",
            "def brighten(image, amount):\n    return np.clip(image.astype(int) + amount, 0, 255)"],
    "4.3": ["def pixel_distance(image1, image2):\n    return np.sqrt(np.sum((image1 - image2) ** 2))",
            "def pixel_distance(image1, image2):\n"
            "    return np.sqrt(np.sum((image1.astype(np.int16) - image2.astype(np.int16)) ** 2))"],
    "5.1": ["def normalise(hist):\n    return hist / hist.max()"],
    "5.2": ["def nearest(query, references):\n"
            "    return max(references, key=lambda name: euclidean(query, references[name]))"],
    "5.3": ["growth = 2"],
    "8.1": ["def my_manhattan(p, q):\n    return np.sum(p - q)"],
    "8.2": ["def my_intersection(p, q):\n    return np.sum(np.minimum(p, q))"],
    "8.3": ["def my_bhattacharyya(p, q):\n    return np.sqrt(1 - np.sum(np.sqrt(p * q)))"],
}
WRITTEN_ANSWERS = [
    "The big swans photo has 9 times the counts in every bin, so it is far from the duck; normalising "
    "divides by the total, so only the shares of each value are compared.",
    "Raw counts grow with the size of the photo. Normalised histograms add up to 1 whatever the size.",
    "The macaw won because it is red.",
]


def solutions(source: Path = ROOT / "notebooks") -> dict[str, str]:
    """Each exercise's solution code, from the source notebooks."""
    found, number = {}, None
    for path in sorted(source.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown" and HEADING.search(cell.source):
                number = HEADING.findall(cell.source)[-1]
            elif cell.cell_type == "code" and BEGIN in cell.source:
                found[number] = cell.source.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n")
    return found


def fill(notebook: nbformat.NotebookNode, answers: dict[str, str], before: dict[str, str] | None = None,
         written: str | None = None) -> nbformat.NotebookNode:
    """A copy of a student notebook with the stub cells of ``answers`` replaced by that code.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        A student copy (as ``release`` writes it); not changed.
    answers : dict of str to str
        ``{exercise: code}`` for the cells to fill in.
    before : dict of str to str, optional
        ``{exercise: code}``: a code cell added just before that exercise's answer cell.
    written : str, optional
        Text typed into the written answer's cell.
    """
    copy = nbformat.from_dict(json.loads(json.dumps(notebook)))
    cells = []
    for cell in copy.cells:
        if cell.cell_type == "markdown" and cell.metadata.get("exercise") and written is not None:
            cell.source = written
        for number, code in answers.items():
            if cell.cell_type == "code" and f"Exercise {number}:" in cell.source:
                if before and number in before:
                    cells.append(nbformat.v4.new_code_cell(before[number]))
                cell.source = code
        cells.append(cell)
    copy.cells = cells
    return copy


def student_copies(source: Path = ROOT / "notebooks") -> dict[str, nbformat.NotebookNode]:
    """The student copies of the notebooks that have exercises, by file name."""
    copies = {path.name: student_notebook(nbformat.read(path, as_version=4)) for path in sorted(source.glob("*.ipynb"))}
    return {name: nb for name, nb in copies.items()
            if any(c.cell_type == "markdown" and HEADING.search(c.source) for c in nb.cells)}


def practice_class(folder: Path, students: int = 40, seed: int = 0, right: float = 0.6,
                   mistaken: float = 0.25) -> list[Path]:
    """Write a made-up class's submissions into ``folder`` (one subfolder per student).

    Parameters
    ----------
    folder : pathlib.Path
        Where to write; created if missing.
    students : int, optional
        How many students (default 40).
    seed : int, optional
        The random seed: the same seed gives the same class.
    right, mistaken : float, optional
        The share of answers that are right, and that are a typical mistake; the rest
        are left undone.

    Returns
    -------
    list of pathlib.Path
        The notebooks written.
    """
    rng = random.Random(seed)
    answers_of = solutions()
    copies = student_copies()
    written = []
    for k in range(1, students + 1):
        student = folder / f"student{k:02d}"
        for name, copy in copies.items():
            chosen = {}
            for number in sorted({n for c in copy.cells for n in HEADING.findall(c.source)}):
                draw = rng.random()
                if number not in answers_of:          # a written exercise
                    continue
                if draw < right:
                    chosen[number] = answers_of[number]
                elif draw < right + mistaken:
                    chosen[number] = rng.choice(MISTAKES[number])
            path = student / name
            path.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(fill(copy, chosen, written=rng.choice(WRITTEN_ANSWERS)), path)
            written.append(path)
    return written
