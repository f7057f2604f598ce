"""Rebuild the course's ``data/`` folder from two Debian packages.

The images come from the free software packages ``gcompris-qt-data`` (GCompris,
photos packed in Qt ``.rcc`` resource bundles, each bundle with README files
that give the author and licence of every photo) and ``tuxpaint-stamps-default``
(Tux Paint stamps, bird cut-outs with transparent backgrounds).

Get the raw material (any Debian/Ubuntu machine, no root needed)::

    mkdir -p /tmp/debs && cd /tmp/debs
    apt-get download gcompris-qt-data tuxpaint-stamps-default
    dpkg -x gcompris-qt-data_*.deb gc
    dpkg -x tuxpaint-stamps-default_*.deb tp

Then, from the repository root::

    python tools/build_data.py                      # defaults below
    python tools/build_data.py --gcompris /tmp/debs/gc --tuxpaint /tmp/debs/tp --out data

Needs numpy and Pillow (with WebP support). The output is deterministic: same
packages + same Pillow/libjpeg give byte-identical files. The script rewrites
``data/opening``, ``data/birds``, ``data/categories``, ``data/evaluation``, ``data/manifest.csv`` and
``data/README.md`` and nothing else. It is not run by the tests.

What it writes:

* ``opening/``   test photo + similar reference + different reference for the
                 first notebook, all resized to the same longest side (640 px);
                 the script checks that the pooled 256-bin histogram + L2
                 distance (raw counts and normalised) picks the similar one.
* ``birds/``     Tux Paint pigeon and peacock, RGBA PNG copied byte for byte.
* ``categories/<label>/``  the first 5 photos of each class, in the order of
                 the bundle's README, native size (~320 px), JPEG quality 90.
* ``evaluation/<label>/``  the big labelled set (8 classes, 21-30 photos each),
                 from both packages; ``tools/evaluation_set.py`` says how it is chosen.
"""

import argparse
import csv
import io
import os
import re
import shutil
import sys

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rcc import RccFile  # noqa: E402
import evaluation_set  # noqa: E402

GCOMPRIS_PKG = "Debian gcompris-qt-data 3.1-2"
TUXPAINT_PKG = "Debian tuxpaint-stamps-default 2022.06.04-1"
RCC_DIR = "usr/share/gcompris-qt/rcc"
STAMP_DIR = "usr/share/tuxpaint/stamps/animals/birds"
ACT = "/gcompris/src/activities"

OPENING_SIDE = 640
JPEG_QUALITY = 90
PER_CLASS = 5

# stem -> (label, bundle, path inside the bundle); role in the opening lesson
OPENING = {
    "duck": ("duck", "explore_farm_animals", f"{ACT}/explore_farm_animals/resource/animals/duck.webp"),
    "swans": ("swan", "erase", f"{ACT}/erase/resource/swans.webp"),
    "macaw": ("macaw", "explore_world_animals", f"{ACT}/explore_world_animals/resource/animals/scarlet_macaw.webp"),
}
OPENING_TRIO = {"test": "duck", "similar": "swans", "different": "macaw"}

# Tux Paint stamps: author and licence from the package changelog
# (usr/share/doc/tuxpaint-stamps-default/changelog.gz) and copyright file.
BIRDS = {
    "pigeon": ("pigeon", "A pigeon (Tux Paint stamp)",
               "Stas Zytkiewicz (Childsplay, 2002-2005); adapted for Tux Paint by Pere Pujal i Carabantes"),
    "peacock": ("peacock", "A peacock, male peafowl (Tux Paint stamp, San Francisco Zoo)",
                "Bill Kendrick"),
}

# label -> (folder in categorization.rcc, file-name prefix or None for all)
CATEGORIES = {
    "fish": ("fishes", "fish"),
    "monument": ("monuments", None),
    "windmill": ("renewable", "windmill"),
    "solar": ("renewable", "solar"),
    "dam": ("renewable", "dam"),
    "hammer": ("tools", "hammer"),
}

def stem_ok(stem):
    return re.fullmatch(r"[a-z0-9_]+", stem) is not None


def save_jpeg(im, path):
    im.convert("RGB").save(path, "JPEG", quality=JPEG_QUALITY)


def pooled_hist(a):
    return np.bincount(a[..., :3].ravel(), minlength=256).astype(float)


def rgb_hist(a):
    return np.concatenate([np.bincount(a[..., c].ravel(), minlength=256) for c in range(3)]).astype(float)


def check_opening(out):
    """Measure the opening trio from the stored files; fail if the method picks the wrong one."""
    imgs = {s: np.asarray(Image.open(os.path.join(out, "opening", s + ".jpg")).convert("RGB")) for s in OPENING}
    t, s, d = (imgs[OPENING_TRIO[k]] for k in ("test", "similar", "different"))
    rows = []
    for name, f, norm in [("raw pooled", pooled_hist, False), ("normalised pooled", pooled_hist, True),
                          ("normalised rgb", rgb_hist, True)]:
        ht, hs, hd = f(t), f(s), f(d)
        if norm:
            ht, hs, hd = ht / ht.sum(), hs / hs.sum(), hd / hd.sum()
        ds, dd = np.linalg.norm(ht - hs), np.linalg.norm(ht - hd)
        rows.append((name, ds, dd))
        print(f"  {name:18s} L2 to similar {ds:.6g}  to different {dd:.6g}  ratio {dd / ds:.2f}"
              f"  -> {'similar' if ds < dd else 'DIFFERENT'}")
    for name, ds, dd in rows[:2]:
        if not ds < dd:
            raise SystemExit(f"opening trio fails with {name} histograms")
    return rows


def main(argv=None):
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--gcompris", default="/tmp/debs/gc", help="gcompris-qt-data extracted with dpkg -x")
    p.add_argument("--tuxpaint", default="/tmp/debs/tp", help="tuxpaint-stamps-default extracted with dpkg -x")
    p.add_argument("--out", default=os.path.join(here, "data"))
    args = p.parse_args(argv)

    out = args.out
    os.makedirs(out, exist_ok=True)
    for sub in ("opening", "birds", "categories", "evaluation"):
        shutil.rmtree(os.path.join(out, sub), ignore_errors=True)
        os.makedirs(os.path.join(out, sub))
    bundles, readmes = {}, {}

    def bundle(name):
        if name not in bundles:
            bundles[name] = RccFile(os.path.join(args.gcompris, RCC_DIR, name + ".rcc"))
        return bundles[name]

    def credit(name, path):
        folder = path.rsplit("/", 1)[0]
        key = (name, folder)
        if key not in readmes:
            readmes[key] = evaluation_set.parse_credits(bundle(name).read(folder + "/README").decode("utf-8"))
        return readmes[key][path.rsplit("/", 1)[1]]

    rows = []

    # 1. opening trio
    for stem, (label, name, path) in OPENING.items():
        c = credit(name, path)
        assert c["licence"], (stem, c)
        im = Image.open(io.BytesIO(bundle(name).read(path))).convert("RGB")
        w, h = im.size
        k = OPENING_SIDE / max(w, h)
        small = im.resize((round(w * k), round(h * k)), Image.LANCZOS)
        save_jpeg(small, os.path.join(out, "opening", stem + ".jpg"))
        notes = (f"resized from {w}x{h} to {small.size[0]}x{small.size[1]} (longest side {OPENING_SIDE} px, "
                 f"Lanczos) and re-encoded as JPEG quality {JPEG_QUALITY}, from WebP")
        if c["comments"]:
            notes += f"; GCompris had already applied: {c['comments']}"
        rows.append([f"opening/{stem}.jpg", label, evaluation_set.title_from_url(c["url"]), c["author"], c["licence"],
                     f"{GCOMPRIS_PKG}, {RCC_DIR.split('/')[-1]}/{name}.rcc:{path} (original: {c['url']})", notes])

    # 2. birds, copied byte for byte
    for stem, (label, title, author) in BIRDS.items():
        src = os.path.join(args.tuxpaint, STAMP_DIR, stem + ".png")
        dst = os.path.join(out, "birds", stem + ".png")
        shutil.copyfile(src, dst)
        assert Image.open(dst).mode == "RGBA"
        rows.append([f"birds/{stem}.png", label, title, author, "GPL-2.0-or-later",
                     f"{TUXPAINT_PKG}, /{STAMP_DIR}/{stem}.png",
                     "unchanged copy (RGBA PNG with transparent background)"])

    # 3. categories: first PER_CLASS photos of each class in README order
    cat = "categorization"
    for label, (folder, prefix) in CATEGORIES.items():
        base = f"{ACT}/categorization/resource/images/{folder}"
        info = evaluation_set.parse_credits(bundle(cat).read(base + "/README").decode("utf-8"))
        present = set(bundle(cat).list())
        chosen = [f for f, c in info.items()
                  if f.endswith(".webp") and c["licence"] and f"{base}/{f}" in present
                  and (prefix is None or re.fullmatch(prefix + r"\d*\.webp", f))][:PER_CLASS]
        assert len(chosen) == PER_CLASS, (label, chosen)
        os.makedirs(os.path.join(out, "categories", label))
        for i, f in enumerate(chosen, 1):
            c, path, stem = info[f], f"{base}/{f}", f"{label}_{i}"
            im = Image.open(io.BytesIO(bundle(cat).read(path)))
            save_jpeg(im, os.path.join(out, "categories", label, stem + ".jpg"))
            rows.append([f"categories/{label}/{stem}.jpg", label, evaluation_set.title_from_url(c["url"]), c["author"],
                         c["licence"], f"{GCOMPRIS_PKG}, rcc/{cat}.rcc:{path} (original: {c['url']})",
                         f"native size {im.size[0]}x{im.size[1]}; re-encoded from WebP as JPEG quality {JPEG_QUALITY}"])

    # 4. the big labelled set of notebooks 12-16 (tools/evaluation_set.py says how it is chosen)
    rows += evaluation_set.build(out, args.tuxpaint, bundle, GCOMPRIS_PKG, TUXPAINT_PKG)

    stems = [os.path.splitext(os.path.basename(r[0]))[0] for r in rows]
    assert len(stems) == len(set(stems)) and all(map(stem_ok, stems)), stems

    with open(os.path.join(out, "manifest.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "label", "title", "author", "licence", "source", "notes"])
        w.writerows(rows)
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8") as f:
        f.write(readme(rows))

    print("opening trio", OPENING_TRIO)
    check_opening(out)
    total = sum(os.path.getsize(os.path.join(d, n)) for d, _, ns in os.walk(out) for n in ns)
    print(f"{len(rows)} images, data/ total {total / 1e6:.2f} MB")


def readme(rows):
    def cell(s):
        return s.replace("|", "\\|")

    counts, eval_counts = {}, {}
    for r in rows:
        if r[0].startswith("categories/"):
            counts[r[1]] = counts.get(r[1], 0) + 1
        if r[0].startswith("evaluation/"):
            eval_counts[r[1]] = eval_counts.get(r[1], 0) + 1
    lines = [
        "# Sample images",
        "",
        "Every picture the notebooks use lives here. Load one by its name, without folder or",
        'extension: `load_image("duck")`. All names are unique across the folders.',
        "",
        "## Folders",
        "",
        "- `opening/`: the first notebook's puzzle. `duck` is the test photo, `swans` the",
        "  similar reference, `macaw` the different one. They were resized so that their",
        f"  longest side is {OPENING_SIDE} px (the originals have very different sizes, and raw",
        "  histogram counts depend on the number of pixels).",
        "- `birds/`: two cut-out birds from Tux Paint, `pigeon` and `peacock`. They are PNG",
        "  files with a transparent background (an alpha channel), used in the lesson on masks.",
        "  Careful: the pigeon's fully transparent pixels still hold grey RGB values, so simply",
        "  dropping the alpha channel gives it a grey background (the peacock's is white).",
        "  Composite on white, or keep only the pixels whose alpha is above 0.",
        "- `categories/<label>/`: a small labelled set: "
        + ", ".join(f"{k} ({v})" for k, v in counts.items()) + ".",
        f"  For each class we took the first {PER_CLASS} photos listed in GCompris's credits",
        "  file, without looking at how well any method does on them. Native size",
        f"  (about 320 px wide), re-encoded from WebP to JPEG quality {JPEG_QUALITY}.",
        "- `evaluation/<label>/`: the big labelled set of notebooks 12-16, "
        + ", ".join(f"{k} ({v})" for k, v in eval_counts.items()) + f": {sum(eval_counts.values())} photos.",
        "  Classes were chosen for meaning before any method was run on them; GCompris photos",
        "  and Tux Paint cut-outs (composited on white) take turns within a class, so that no",
        "  class is the only one with a white (or a photographed) background; notebook 15",
        "  measures how far the background alone goes. Longest side at most "
        f"{evaluation_set.SIDE} px",
        f"  (small stamps keep their size), JPEG quality {evaluation_set.QUALITY}. Some of the small set's",
        "  photos reappear here (the two sets are used separately). No Tux Paint bird stamp is",
        "  in it. `tools/evaluation_set.py` gives the rules.",
        "- `manifest.csv`: one row per image: `file,label,title,author,licence,source,notes`.",
        "",
        "## Your own photos",
        "",
        "Put a photo anywhere (in this folder or next to your notebook) and load it by its",
        'path: `load_image("my_photos/cat.jpg")`. Any JPEG or PNG works; nothing needs to be',
        "registered in the manifest.",
        "",
        "## Rebuilding",
        "",
        "`tools/build_data.py` recreates this folder from the Debian packages",
        "`gcompris-qt-data` and `tuxpaint-stamps-default` (`apt-get download` them and unpack",
        "with `dpkg -x`; the script's docstring gives the commands). `tools/rcc.py` reads the",
        "Qt resource bundles in which GCompris ships its photos.",
        "",
        "## Credits",
        "",
        "Photos from GCompris (gcompris.net) are credited from the README files inside its",
        "resource bundles, which name the original author, licence and web page; GCompris",
        "resized them (and for some cropped or sharpened them) before we re-encoded them. The",
        "bird cut-outs come from Tux Paint (tuxpaint.org), whose stamps are under the GNU GPL",
        "version 2 or later; authors from the package changelog (for the evaluation set's stamps,",
        "which the changelog does not credit one by one, the package's copyright holders). CC-BY and CC-BY-SA images may",
        "be reused with credit (and, for CC-BY-SA, under the same licence); our modified",
        "copies are under the same licence as the original.",
        "",
        "| file | title | author | licence | source |",
        "|---|---|---|---|---|",
    ]
    for file, _label, title, author, lic, source, _notes in rows:
        lines.append(f"| `{file}` | {cell(title)} | {cell(author)} | {lic} | {cell(source)} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
