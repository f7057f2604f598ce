"""The big labelled set in ``data/evaluation/``: 8 classes, 21-30 photos each (issue 12).

Called by ``tools/build_data.py`` (which rebuilds all of ``data/``); not run on its own.

How the classes were chosen -- by meaning, before any method was run on them:

* each class is a kind of thing a learner would name (fish, mammal, hand tool, monument,
  renewable-energy installation, fruit or vegetable, flower, planet/moon/Sun);
* photos come from two Debian packages whose files carry a free licence and a per-file
  credit: GCompris (``gcompris-qt-data``: mostly full photos, from Wikimedia Commons and
  similar, credited in README files inside its ``.rcc`` bundles) and Tux Paint
  (``tuxpaint-stamps-default``: photo cut-outs with a transparent background, which we
  composite on white, as ``load_image`` does);
* where a class has both kinds, the two sources take turns (one from each, until one runs
  out), so that no class is "the white-background class"; classes that exist in only one
  source still share their kind of background with other classes (cut-outs: fruit_veg,
  flower, and parts of fish, mammal, tool, planet; full photos: monument, renewable, and
  parts of fish, mammal, tool). Notebook 15 measures how far the background alone goes;
* at most :data:`CAP` photos per class, in a fixed order (the order of each source's
  credits file, or of the file names); the same original photo is never taken twice
  (GCompris reuses some Wikimedia photos in several activities: compared by source URL), nor
  a near-duplicate of it (Tux Paint's Earth stamp is the Blue Marble photo GCompris also has;
  ``tests/test_data.py`` checks with ``find_duplicates`` that the set holds no such pair);
* Tux Paint's bird stamps are left out (notebook 09 uses the pigeon and the peacock);
* the 30 photos of the small set (``data/categories/``) are among GCompris's
  categorisation photos, so some of them reappear here, stored again at this set's size:
  the two sets are used separately, never mixed.

Every photo is stored as JPEG (quality :data:`QUALITY`), its longest side at most
:data:`SIDE` pixels (smaller stamps are kept at their size, never enlarged).
"""

import io
import os
import re

from PIL import Image

SIDE = 320
QUALITY = 85
CAP = 30
ACT = "/gcompris/src/activities"
STAMPS = "usr/share/tuxpaint/stamps"
TUXPAINT_AUTHOR = ("Tux Paint stamp contributors (copyright 2002-2022 Bill Kendrick and others, "
                   "per the package's copyright file)")

# GCompris sources: (bundle, folder in the bundle, file names to take in this order, or None for
# every image in the order of the folder's credits file)
CAT = ("categorization", f"{ACT}/categorization/resource/images")
ERASE_MAMMALS = ["alpaca", "calf", "camels", "cheetah", "dolphin", "flying_fox", "gibbon", "giraffe", "goat",
                 "gorilla", "horse", "kitten", "long_nosed_monkey", "macaque", "meerkats", "nubian_ibex", "pika",
                 "red_panda", "rhinoceros", "squirrel"]
WORLD_MAMMALS = ["bison", "giraffe", "hedgehog", "jaguar", "kangaroo", "koala", "lemur", "moose", "narwhal",
                 "panda", "polar_bear"]
FARM_MAMMALS = ["dog", "cow", "cat", "horse", "sheep", "pig"]

# label -> (what it means, [source, ...]); a source is ("gc", bundle, folder, names or None)
# or ("tp", folders under the stamps directory, stems to leave out). Sources of one class take turns.
CLASSES = {
    "fish": ("a fish (not shellfish)", [
        ("gc", CAT[0], f"{CAT[1]}/fishes", None),
        ("tp", ["animals/fish"], {"lobster", "shrimp"}),
    ]),
    "mammal": ("a mammal", [
        ("gc", "erase", f"{ACT}/erase/resource", ERASE_MAMMALS),
        ("gc", "explore_world_animals", f"{ACT}/explore_world_animals/resource/animals", WORLD_MAMMALS),
        ("gc", "explore_farm_animals", f"{ACT}/explore_farm_animals/resource/animals", FARM_MAMMALS),
        ("tp", ["animals/mammals"], set()),
    ]),
    "tool": ("a hand tool", [
        ("gc", CAT[0], f"{CAT[1]}/tools", None),
        ("tp", ["household/tools"], {"cementmixer", "toolbox"}),
    ]),
    "monument": ("a monument or famous building", [
        ("gc", CAT[0], f"{CAT[1]}/monuments", None),
        ("gc", "explore_monuments", f"{ACT}/explore_monuments/resource", None),
        ("tp", ["town/monuments"], {"inukshuk-outline"}),
    ]),
    "renewable": ("an installation that harvests wind, sun or water power", [
        ("gc", CAT[0], f"{CAT[1]}/renewable", None),
    ]),
    "fruit_veg": ("a fruit or a vegetable", [
        ("tp", ["food/fruit"], set()),
        ("tp", ["food/vegetables"], set()),
    ]),
    "flower": ("a flower", [
        ("tp", ["plants/flowers"], set()),
    ]),
    "planet": ("a planet, a moon or the Sun, seen from space", [
        ("gc", "solar_system", f"{ACT}/solar_system/resource", None),
        # Tux Paint's Earth stamp is NASA's Blue Marble again (GCompris has it too): a near-duplicate
        # that find_duplicates found 8 bits apart, so it would be its own classmate's nearest photo
        ("tp", ["space/planets", "space/moon"], {"3_earth"}),
    ]),
}

LICENCES = {
    "public domain": "Public domain",
    "cc0-1.0": "CC0-1.0", "cc0 1.0": "CC0-1.0", "cc0": "CC0-1.0",
    "cc-by-sa-4.0": "CC-BY-SA-4.0", "cc-by-sa 4.0": "CC-BY-SA-4.0",
    "cc-by-sa-3.0": "CC-BY-SA-3.0", "cc-by-sa 3.0": "CC-BY-SA-3.0",
    "cc-by-sa-2.0": "CC-BY-SA-2.0", "cc-by-sa 2.0": "CC-BY-SA-2.0",
    "cc-by-2.0": "CC-BY-2.0", "cc-by 2.0": "CC-BY-2.0",
    "cc-by-3.0": "CC-BY-3.0", "cc-by 3.0": "CC-BY-3.0",
    "cc-by-4.0": "CC-BY-4.0", "cc-by 4.0": "CC-BY-4.0",
    "gplv2+": "GPL-2.0-or-later", "gplv3": "GPL-3.0", "gplv3 or later": "GPL-3.0-or-later",
}
KEYS = ("Copyright", "Source", "License", "Comment", "Comments", "Files")


def parse_credits(text):
    """A GCompris README as {relative file name: {"author", "licence", "url", "comments"}}, in order.

    Handles values on the key's line or on the indented lines after it (multi-line Copyright,
    Files), and takes the original's URL from ``Source:`` or from a comment such as
    "original source at https://...".
    """
    out = {}
    for block in re.split(r"\n\s*\n", text.strip()):
        fields, key = {}, None
        for line in block.splitlines():
            name, sep, value = line.partition(":")
            if sep and name.strip() in KEYS and not line[:1].isspace():
                key = name.strip().rstrip("s") if name.strip() == "Comments" else name.strip()
                fields.setdefault(key, [])
                if value.strip():
                    fields[key].append(value.strip())
            elif key and line.strip():
                fields[key].append(line.strip())
        author = "; ".join(re.sub(r"^Copyright\s+", "", v) for v in fields.get("Copyright", []))
        comment = " ".join(fields.get("Comment", []))
        url = " ".join(fields.get("Source", []))
        if not url:
            found = re.search(r"https?://\S+", comment)
            url = found.group(0) if found else ""
        licence = LICENCES.get(" ".join(fields.get("License", [])).lower())
        for f in fields.get("Files", []):
            out[f] = {"author": author, "licence": licence, "url": url, "comments": comment}
    return out


def title_from_url(url):
    """A readable title from the original file's URL (Wikimedia Commons and others)."""
    import urllib.parse

    name = url.split("picture=")[-1] if "picture=" in url else url.rstrip("/").split("/")[-1].split("File:")[-1]
    name = urllib.parse.unquote(name)
    name = re.sub(r"\.(jpe?g|png|webp|tiff?)$", "", name, flags=re.I)
    return re.sub(r"[_-]+", " ", name).strip()


def on_white(im):
    """Composite transparency on white and return RGB (what load_image does)."""
    if im.mode == "P":
        im = im.convert("RGBA")
    if im.mode in ("RGBA", "LA", "PA"):
        rgba = im.convert("RGBA")
        return Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba).convert("RGB")
    return im.convert("RGB")


def shrink(im):
    """Longest side at most SIDE pixels (Lanczos); never enlarged."""
    w, h = im.size
    if max(w, h) <= SIDE:
        return im
    k = SIDE / max(w, h)
    return im.resize((max(1, round(w * k)), max(1, round(h * k))), Image.LANCZOS)


def gcompris_items(bundle, name, folder, names, gcompris_pkg):
    """The images of one GCompris source as dicts, credited from the nearest README above them."""
    files = set(bundle.list())
    readme_dir = folder
    while f"{readme_dir}/README" not in files:
        readme_dir = readme_dir.rsplit("/", 1)[0]
    credits = parse_credits(bundle.read(f"{readme_dir}/README").decode("utf-8"))
    images = {}
    for rel, c in credits.items():
        path = f"{readme_dir}/{rel}"
        if path.startswith(folder + "/") and rel.endswith(".webp") and path in files and c["licence"]:
            images[os.path.splitext(rel.rsplit("/", 1)[-1])[0]] = (path, c)
    stems = names if names is not None else list(images)
    items = []
    for stem in stems:
        path, c = images[stem]  # a KeyError here means the package changed: look again
        title = title_from_url(c["url"]) if c["url"] else stem.replace("_", " ")
        notes = "from WebP"
        if c["comments"] and not c["comments"].startswith("original source"):
            notes += f"; GCompris had already applied: {c['comments']}"
        items.append({"read": (lambda p=path: bundle.read(p)), "key": c["url"] or path, "title": title,
                      "author": c["author"], "licence": c["licence"], "notes": notes,
                      "source": f"{gcompris_pkg}, rcc/{name}.rcc:{path}"
                                + (f" (original: {c['url']})" if c["url"] else "")})
    return items


def tuxpaint_items(root, folders, leave_out, tuxpaint_pkg):
    """Tux Paint photo stamps (PNG, not the cartoon subfolders, not mirrored copies), by file name."""
    found = []
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, STAMPS, folder)):
            dirnames[:] = sorted(d for d in dirnames if d not in ("cartoon", "toys", "plastic"))
            for name in filenames:
                stem, ext = os.path.splitext(name)
                if ext == ".png" and not stem.endswith("_mirror") and stem not in leave_out:
                    found.append((stem.lower(), os.path.join(dirpath, name)))
    items = []
    for stem, path in sorted(found):
        rel = os.path.relpath(path, root)
        txt = os.path.splitext(path)[0] + ".txt"
        with open(txt, encoding="utf-8") as handle:
            title = handle.readline().strip().rstrip(".") + " (Tux Paint stamp)"
        items.append({"read": (lambda p=path: open(p, "rb").read()), "key": rel, "title": title,
                      "author": TUXPAINT_AUTHOR, "licence": "GPL-2.0-or-later",
                      "notes": "from an RGBA PNG stamp, composited on white",
                      "source": f"{tuxpaint_pkg}, /{rel}"})
    return items


def take_turns(sources, cap):
    """One item from each source in turn (skipping a source once it is used up), at most ``cap``."""
    chosen, seen, queues = [], set(), [list(s) for s in sources]
    while len(chosen) < cap and any(queues):
        for queue in queues:
            while queue:
                item = queue.pop(0)
                if item["key"] not in seen:
                    seen.add(item["key"])
                    chosen.append(item)
                    break
            if len(chosen) == cap:
                break
    return chosen


def build(out, tuxpaint_root, open_bundle, gcompris_pkg, tuxpaint_pkg):
    """Write ``out/evaluation/<label>/<label>_NN.jpg``; return the manifest rows."""
    rows = []
    for label, (meaning, specs) in CLASSES.items():
        sources = []
        for spec in specs:
            if spec[0] == "gc":
                _, name, folder, names = spec
                sources.append(gcompris_items(open_bundle(name), name, folder, names, gcompris_pkg))
            else:
                _, folders, leave_out = spec
                sources.append(tuxpaint_items(tuxpaint_root, folders, leave_out, tuxpaint_pkg))
        chosen = take_turns(sources, CAP)
        os.makedirs(os.path.join(out, "evaluation", label))
        for i, item in enumerate(chosen, 1):
            stem = f"{label}_{i:02d}"
            im = Image.open(io.BytesIO(item["read"]()))
            im.load()
            small = shrink(on_white(im))
            small.save(os.path.join(out, "evaluation", label, stem + ".jpg"), "JPEG", quality=QUALITY)
            size = (f"resized from {im.size[0]}x{im.size[1]} to {small.size[0]}x{small.size[1]} (Lanczos)"
                    if small.size != im.size else f"native size {im.size[0]}x{im.size[1]}")
            rows.append([f"evaluation/{label}/{stem}.jpg", label, item["title"], item["author"], item["licence"],
                         item["source"], f"{meaning}; {size}; {item['notes']}; JPEG quality {QUALITY}"])
    return rows
