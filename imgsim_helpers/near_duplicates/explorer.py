"""The near-duplicates widget of notebook 18: groups of copies side by side, with a threshold slider.

:func:`duplicates_explorer` shows what
:func:`~imgsim_helpers.near_duplicates.duplicates.find_duplicates` found, a page
of groups at a time, the photo to keep first; moving the slider regroups the
photos already read (:func:`~imgsim_helpers.near_duplicates.grouping.group_duplicates`),
so nothing is read again but the thumbnails shown. Nothing is ever deleted.
"""

from __future__ import annotations

import ipywidgets as w
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..errors import ImageLoadError
from ..search.folders import load_image_fast
from ..widget_parts import display_thumbnail, publish_figure, short_name
from .folder_hashes import FolderHashes
from .grouping import DEFAULT_THRESHOLD, group_duplicates
from .report import DuplicateReport, GroupMember, bytes_text, distances_text

__all__ = ["DuplicatesExplorer", "duplicates_explorer"]


class DuplicatesExplorer(w.VBox):
    """Groups of copies side by side, with a threshold slider; see :func:`duplicates_explorer`."""

    def __init__(self, hashes: FolderHashes, threshold: int = DEFAULT_THRESHOLD, per_page: int = 4,
                 most: int = 6) -> None:
        if not isinstance(hashes, FolderHashes):
            raise TypeError(f"duplicates_explorer needs what find_duplicates or hash_folder returned, "
                            f"got {type(hashes).__name__}")
        self.hashes, self.per_page, self.most = hashes, int(per_page), int(most)
        self.threshold = w.IntSlider(value=threshold, min=0, max=32, description="threshold",
                                     continuous_update=False, style={"description_width": "70px"})
        self.page = w.Dropdown(options=["no groups"], description="show", layout=w.Layout(width="220px"))
        self.summary = w.HTML("")
        self.message = w.HTML("")
        self.output = w.Output()
        self.report: DuplicateReport | None = None
        self.thumbnails: dict[str, np.ndarray | None] = {}
        self.figure = Figure(figsize=(10, 3), dpi=80)
        FigureCanvasAgg(self.figure)
        self.png = b""
        self.text = w.HTML("")
        self.description = ""
        super().__init__([w.HBox([self.threshold, self.page]), self.summary, self.message, self.output, self.text])
        self.threshold.observe(self._on_threshold, names="value")
        self._regrouping = False
        self.page.observe(self._on_page, names="value")
        self._on_threshold(None)

    def _on_threshold(self, change: dict | None) -> None:
        """Regroup at the new threshold (no photo is read again), then show the first page."""
        self.report = group_duplicates(self.hashes, self.threshold.value)
        groups = len(self.report.groups)
        pages = [f"groups {start + 1}-{min(start + self.per_page, groups)}"
                 for start in range(0, groups, self.per_page)] or ["no groups"]
        self.summary.value = (f"<b>{groups:,}</b> groups \u00b7 {self.report.copy_count:,} copies \u00b7 "
                              f"{bytes_text(self.report.saving)} could be freed \u00b7 "
                              f"{len(self.report.rejected):,} pairs rejected by the colour check"
                              + _mixed_summary(len(self.report.mixed_groups)))
        self._regrouping = True  # changing the pages' options must not redraw the old groups
        try:
            self.page.options = pages
            self.page.value = pages[0]
        finally:
            self._regrouping = False
        self.redraw()

    def _on_page(self, change: dict) -> None:
        if not self._regrouping:
            self.redraw()

    def _thumbnail_of(self, path: str) -> np.ndarray | None:
        if path not in self.thumbnails:
            try:
                self.thumbnails[path] = display_thumbnail(load_image_fast(self.hashes.folder / path), 160)
            except ImageLoadError:
                self.thumbnails[path] = None  # deleted or changed since it was hashed
        return self.thumbnails[path]

    def redraw(self) -> None:
        """Draw the groups of the chosen page, one row each, the photo to keep first."""
        report = self.report
        start = self.page.options.index(self.page.value) * self.per_page if self.page.options else 0
        shown = report.groups[start:start + self.per_page]
        fig = self.figure
        fig.clear()
        title = (f"Copies at most {report.threshold} bits apart ({self.hashes.hash_name} hash), "
                 f"colours at most {report.check_threshold:g} levels apart")
        if not shown:
            fig.set_size_inches(8, 1.2)
            fig.text(0.5, 0.45, "No copies at this threshold.", ha="center", va="center", fontsize=11)
            fig.suptitle(title, fontsize=10)
        else:
            columns = min(self.most, max(len(g) for g in shown))
            # Sizes in inches: each row is a 1.5-inch photo under 0.5 inch of titles; margins for labels.
            width, height = 0.9 + 1.75 * columns + 0.5, 0.4 + 2.05 * len(shown)
            fig.set_size_inches(width, height)
            axes = fig.subplots(len(shown), columns, squeeze=False)
            fig.subplots_adjust(left=0.9 / width, right=1 - 0.5 / width, bottom=0.05 / height,
                                top=1 - 0.9 / height, wspace=0.1, hspace=0.5 / 1.5)
            for row, (group, number) in enumerate(zip(shown, range(start + 1, start + 1 + len(shown)))):
                for col, ax in enumerate(axes[row]):
                    ax.set_axis_off()
                    if col >= len(group):
                        continue
                    member = group.members[col]
                    picture = self._thumbnail_of(member.path)
                    if picture is None:
                        ax.text(0.5, 0.5, "cannot read\nit now", ha="center", va="center", fontsize=8)
                    else:
                        ax.imshow(picture)
                    ax.set_title(_member_title(member, group.mixes_gray_and_colour), fontsize=7)
                if len(group) > columns:
                    axes[row][-1].text(1.04, 0.5, f"+{len(group) - columns}\nmore", va="center", fontsize=8,
                                       transform=axes[row][-1].transAxes)
                mixed = "\ngray and\ncolour" if group.mixes_gray_and_colour else ""
                axes[row][0].text(-0.08, 0.5, f"group {number}\n{len(group)} photos\n{bytes_text(group.saving)}\nto free"
                                  f"{mixed}", transform=axes[row][0].transAxes, ha="right", va="center", fontsize=8)
            fig.suptitle(title, fontsize=10, y=1 - 0.12 / height, va="top")
        self.description = _groups_description(title, shown, start, len(report.groups))
        self.png = publish_figure(fig, self.output, self.description, self.text)


def _groups_description(title: str, shown: list, start: int, groups: int) -> str:
    """The text alternative of a page of groups: each group's size, the photo kept, the copies' distances."""
    if not shown:
        return f"{title}: no copies at this threshold"
    parts = []
    for number, group in enumerate(shown, start + 1):
        keep = next(m for m in group.members if m.keep)
        copies = [m for m in group.members if not m.keep]
        bits = [m.hash_distance for m in copies if m.hash_distance is not None]
        far = f", the copies {min(bits)} to {max(bits)} bits from it" if bits else ""
        parts.append(f"group {number}, {len(group)} photos: keep {short_name(keep.path, 40)}{far}")
    return f"{title}. Groups {start + 1} to {start + len(shown)} of {groups}: {'; '.join(parts)}"


def _mixed_summary(mixed: int) -> str:
    """" · 2 groups mix gray and colour" for the summary line, or nothing."""
    return f" \u00b7 {mixed:,} group{' mixes' if mixed == 1 else 's mix'} gray and colour" if mixed else ""


def _member_title(member: GroupMember, mixed: bool = False) -> str:
    """Three short lines over a photo: keep or its distances, its name, its size (and "gray" in a mixed group)."""
    first = distances_text(member, "keep", "colour {colour:.1f} (no hash)", "{bits} bits, colour {colour:.1f}")
    gray = ", gray" if mixed and member.gray else ""
    return f"{first}\n{short_name(member.path, 20)}\n{member.width} x {member.height}, {bytes_text(member.file_size)}{gray}"


def duplicates_explorer(found: DuplicateReport | FolderHashes, threshold: int | None = None) -> DuplicatesExplorer:
    """See the groups of copies that :func:`find_duplicates` found, and change the threshold.

    Parameters
    ----------
    found : DuplicateReport or FolderHashes
        From :func:`find_duplicates` (or :func:`hash_folder`). Changing the
        threshold regroups the photos already read: nothing is read again
        except the thumbnails shown.
    threshold : int, optional
        Where the slider starts (default: the report's threshold, or 10).

    Returns
    -------
    DuplicatesExplorer
        A widget: a threshold slider, a chooser for the page of groups, and
        the groups side by side (the photo to keep first, each copy with its
        hash and colour distances to it, size and file size; a group of gray
        and colour photos says so, and marks the gray ones). ``.report`` is
        ``group_duplicates(hashes, threshold)`` for the slider's value.
        Nothing is ever deleted.
    """
    if isinstance(found, DuplicateReport):
        hashes = found.hashes
        threshold = found.threshold if threshold is None else threshold
    else:
        hashes = found
    return DuplicatesExplorer(hashes, DEFAULT_THRESHOLD if threshold is None else threshold)
