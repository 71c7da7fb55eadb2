#!/usr/bin/env python3
"""Validate Mamori's built-in catalogs (stdlib only, Python 3.11+).

Usage: python3 catalogs/check.py [CATALOG_DIR]

Checks every *.toml in the directory:
  * the file parses, has a [catalog] table with non-empty id, names, version, source;
  * control catalogs: every control has non-empty id, level, titles, descriptions
    (descriptions may be empty only in iso27001-2022), a valid category, a parent
    that exists (or "" for top level), no parent cycles, unique ids, and refs of
    the form "catalogid:controlid" whose catalog exists (and, being one of these
    files, contains that control id);
  * mic-guideline: every entry has a `chapter` consistent with its id;
  * nist-csf-2.0: exactly 6 functions / 22 categories / 106 subcategories, the
    published CSF 2.0 category list, well-formed ids under the right parent;
  * iso27001-2022: 4 themes and exactly 93 controls (37/8/14/34), numbered
    A.x.1..A.x.n, titles equal to the number and empty descriptions (no ISO text);
  * threats.toml: threats and vulnerabilities with unique ids, valid categories,
    likelihood 1..3 and valid asset kinds;
  * *_ja text contains Japanese, *_en text contains none.
Prints a summary and exits 1 on any problem.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

CONTROL_CATEGORIES = {"organizational", "human", "physical", "technical", "operational"}
THREAT_CATEGORIES = {"human", "physical", "technical", "operational", "disaster"}
VULN_CATEGORIES = CONTROL_CATEGORIES
ASSET_KINDS = {"data_paper", "data_electronic", "hardware", "software", "network", "facility"}

CATALOG_FIELDS = ["id", "name_ja", "name_en", "version", "source_ja", "source_en"]
CONTROL_FIELDS = ["id", "level", "title_ja", "title_en", "description_ja", "description_en", "category"]
THREAT_FIELDS = ["id", "category", "name_ja", "name_en", "description_ja", "description_en"]

NIST_CATEGORIES = [
    "GV.OC", "GV.RM", "GV.RR", "GV.PO", "GV.OV", "GV.SC",
    "ID.AM", "ID.RA", "ID.IM",
    "PR.AA", "PR.AT", "PR.DS", "PR.PS", "PR.IR",
    "DE.CM", "DE.AE",
    "RS.MA", "RS.AN", "RS.CO", "RS.MI",
    "RC.RP", "RC.CO",
]
# Published CSF 2.0 subcategory numbers per category (withdrawn numbers are skipped).
NIST_SUBCATEGORIES = {
    "GV.OC": [1, 2, 3, 4, 5], "GV.RM": [1, 2, 3, 4, 5, 6, 7], "GV.RR": [1, 2, 3, 4],
    "GV.PO": [1, 2], "GV.OV": [1, 2, 3], "GV.SC": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    "ID.AM": [1, 2, 3, 4, 5, 7, 8], "ID.RA": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "ID.IM": [1, 2, 3, 4],
    "PR.AA": [1, 2, 3, 4, 5, 6], "PR.AT": [1, 2], "PR.DS": [1, 2, 10, 11],
    "PR.PS": [1, 2, 3, 4, 5, 6], "PR.IR": [1, 2, 3, 4],
    "DE.CM": [1, 2, 3, 6, 9], "DE.AE": [2, 3, 4, 6, 7, 8],
    "RS.MA": [1, 2, 3, 4, 5], "RS.AN": [3, 6, 7, 8], "RS.CO": [2, 3], "RS.MI": [1, 2],
    "RC.RP": [1, 2, 3, 4, 5, 6], "RC.CO": [3, 4],
}
NIST_SUBCATEGORY_IDS = {f"{c}-{n:02d}" for c, ns in NIST_SUBCATEGORIES.items() for n in ns}
assert len(NIST_SUBCATEGORY_IDS) == 106 and list(NIST_SUBCATEGORIES) == NIST_CATEGORIES

ISO_THEMES = {"A.5": 37, "A.6": 8, "A.7": 14, "A.8": 34}

JA_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


class Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def err(self, where: str, msg: str) -> None:
        self.problems.append(f"{where}: {msg}")

    # ------------------------------------------------------------------ helpers

    def nonempty_str(self, where: str, obj: dict, field: str, allow_empty: bool = False) -> str:
        v = obj.get(field)
        if not isinstance(v, str):
            self.err(where, f"field `{field}` missing or not a string")
            return ""
        if not allow_empty and not v.strip():
            self.err(where, f"field `{field}` is empty")
        if v != v.strip():
            self.err(where, f"field `{field}` has leading/trailing whitespace")
        return v

    def language(self, where: str, obj: dict, skip: tuple[str, ...] = ()) -> None:
        for k, v in obj.items():
            if not isinstance(v, str) or not v or k in skip:
                continue
            if k.endswith("_ja") and not JA_RE.search(v):
                self.err(where, f"`{k}` has no Japanese text")
            if k.endswith("_en") and JA_RE.search(v):
                self.err(where, f"`{k}` contains Japanese characters")

    def unique_ids(self, where: str, items: list[dict]) -> None:
        for i, n in Counter(x.get("id") for x in items).items():
            if n > 1:
                self.err(where, f"id {i!r} appears {n} times")

    # ------------------------------------------------------------------ files

    def catalog_header(self, fname: str, doc: dict) -> str:
        cat = doc.get("catalog")
        if not isinstance(cat, dict):
            self.err(fname, "missing [catalog] table")
            return ""
        for f in CATALOG_FIELDS:
            self.nonempty_str(f"{fname} [catalog]", cat, f)
        self.language(f"{fname} [catalog]", cat)
        cid = cat.get("id", "")
        if isinstance(cid, str) and cid != cid.lower():
            self.err(fname, f"catalog id {cid!r} must be lowercase")
        return cid if isinstance(cid, str) else ""

    def control_catalog(self, fname: str, cid: str, controls: list[dict]) -> None:
        is_iso = cid == "iso27001-2022"
        self.unique_ids(fname, controls)
        ids = {c.get("id") for c in controls}
        for c in controls:
            where = f"{fname} control {c.get('id', '?')!r}"
            for f in CONTROL_FIELDS:
                allow = is_iso and f.startswith("description_")
                self.nonempty_str(where, c, f, allow_empty=allow)
            parent = c.get("parent")
            if not isinstance(parent, str):
                self.err(where, "field `parent` missing or not a string")
            elif parent and parent not in ids:
                self.err(where, f"parent {parent!r} does not exist")
            elif parent == c.get("id"):
                self.err(where, "entry is its own parent")
            if c.get("category") not in CONTROL_CATEGORIES:
                self.err(where, f"invalid category {c.get('category')!r}")
            refs = c.get("refs")
            if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
                self.err(where, "`refs` missing or not a list of strings")
            elif len(set(refs)) != len(refs):
                self.err(where, "duplicate refs")
            # ISO control titles are the bare number by design (no ISO text).
            self.language(where, c, skip=("title_ja",) if is_iso and c.get("level") == "control" else ())
        # parent cycles
        parent_of = {c.get("id"): c.get("parent") for c in controls}
        for start in parent_of:
            seen, cur = set(), start
            while cur:
                if cur in seen:
                    self.err(fname, f"parent cycle through {start!r}")
                    break
                seen.add(cur)
                cur = parent_of.get(cur)

    def check_refs(self, catalogs: dict[str, tuple[str, list[dict]]]) -> None:
        for cid, (fname, controls) in catalogs.items():
            for c in controls:
                for r in c.get("refs") or []:
                    if not isinstance(r, str):
                        continue
                    where = f"{fname} control {c.get('id')!r}"
                    target, sep, tid = r.partition(":")
                    if not sep or not target or not tid:
                        self.err(where, f"ref {r!r} is not of the form catalogid:controlid")
                    elif target not in catalogs:
                        self.err(where, f"ref {r!r} names unknown catalog {target!r}")
                    elif target == cid and tid == c.get("id"):
                        self.err(where, f"ref {r!r} points to itself")
                    elif tid not in {x.get("id") for x in catalogs[target][1]}:
                        self.err(where, f"ref {r!r}: no control {tid!r} in {target}")

    def mic(self, fname: str, controls: list[dict]) -> None:
        levels = {"chapter": re.compile(r"^MIC-(\d+)$"),
                  "section": re.compile(r"^MIC-(\d+\.\d+)$"),
                  "control": re.compile(r"^MIC-(\d+\.\d+)\.\d+$")}
        children = Counter(c.get("parent") for c in controls)
        for c in controls:
            where = f"{fname} control {c.get('id', '?')!r}"
            chapter = self.nonempty_str(where, c, "chapter")
            lvl = c.get("level")
            pat = levels.get(lvl)
            if pat is None:
                self.err(where, f"level {lvl!r} is not chapter/section/control")
                continue
            m = pat.match(c.get("id", ""))
            if not m:
                self.err(where, f"id does not match the {lvl} pattern")
                continue
            if chapter != m.group(1):
                self.err(where, f"chapter {chapter!r} should be {m.group(1)!r}")
            expected_parent = {"chapter": "", "section": f"MIC-{m.group(1).split('.')[0]}",
                               "control": f"MIC-{m.group(1)}"}[lvl]
            if c.get("parent") != expected_parent:
                self.err(where, f"parent should be {expected_parent!r}")
            if lvl == "section" and not 2 <= children[c["id"]] <= 5:
                self.err(where, f"section has {children[c['id']]} controls (want 2-5)")
            if lvl == "chapter" and children[c["id"]] == 0:
                self.err(where, "chapter has no sections")

    def nist(self, fname: str, controls: list[dict]) -> None:
        lv = Counter(c.get("level") for c in controls)
        want = {"function": 6, "category": 22, "subcategory": 106}
        for k, n in want.items():
            if lv.get(k, 0) != n:
                self.err(fname, f"{lv.get(k, 0)} {k} entries, expected exactly {n}")
        extra = set(lv) - set(want)
        if extra:
            self.err(fname, f"unexpected levels {sorted(extra)}")
        funcs = [c["id"] for c in controls if c.get("level") == "function"]
        if funcs != ["GV", "ID", "PR", "DE", "RS", "RC"]:
            self.err(fname, f"functions are {funcs}, expected GV ID PR DE RS RC in order")
        cats = [c["id"] for c in controls if c.get("level") == "category"]
        if sorted(cats) != sorted(NIST_CATEGORIES):
            self.err(fname, f"categories differ from CSF 2.0: missing {sorted(set(NIST_CATEGORIES) - set(cats))},"
                            f" extra {sorted(set(cats) - set(NIST_CATEGORIES))}")
        subs = {c.get("id") for c in controls if c.get("level") == "subcategory"}
        if subs != NIST_SUBCATEGORY_IDS:
            self.err(fname, f"subcategory ids differ from CSF 2.0: missing {sorted(NIST_SUBCATEGORY_IDS - subs)},"
                            f" extra {sorted(subs - NIST_SUBCATEGORY_IDS)}")
        sub_re = re.compile(r"^([A-Z]{2}\.[A-Z]{2})-(\d{2})$")
        for c in controls:
            where = f"{fname} control {c.get('id', '?')!r}"
            i, lvl, p = c.get("id", ""), c.get("level"), c.get("parent")
            if lvl == "category" and p != i.split(".")[0]:
                self.err(where, f"parent should be {i.split('.')[0]!r}")
            if lvl == "subcategory":
                m = sub_re.match(i)
                if not m:
                    self.err(where, "malformed subcategory id")
                elif p != m.group(1):
                    self.err(where, f"parent should be {m.group(1)!r}")

    def iso(self, fname: str, controls: list[dict]) -> None:
        themes = [c for c in controls if c.get("level") == "theme"]
        ctrls = [c for c in controls if c.get("level") == "control"]
        if sorted(t.get("id") for t in themes) != sorted(ISO_THEMES):
            self.err(fname, f"themes are {[t.get('id') for t in themes]}, expected {list(ISO_THEMES)}")
        if len(ctrls) != 93:
            self.err(fname, f"{len(ctrls)} controls, expected exactly 93")
        if len(themes) + len(ctrls) != len(controls):
            self.err(fname, "entries other than theme/control present")
        for theme, n in ISO_THEMES.items():
            got = {c.get("id") for c in ctrls if c.get("parent") == theme}
            want = {f"{theme}.{k}" for k in range(1, n + 1)}
            if got != want:
                self.err(fname, f"theme {theme}: expected {theme}.1..{theme}.{n} ({n} controls); "
                                f"missing {sorted(want - got)}, extra {sorted(got - want)}")
        for c in ctrls:
            where = f"{fname} control {c.get('id', '?')!r}"
            if c.get("title_ja") != c.get("id") or c.get("title_en") != c.get("id"):
                self.err(where, "ISO titles must be the control number only")
            if c.get("description_ja") or c.get("description_en"):
                self.err(where, "ISO descriptions must be empty (no ISO text)")
        cat = tomllib.loads(Path(self.dir, fname).read_text(encoding="utf-8")).get("catalog", {})
        for f in ("note_ja", "note_en"):
            self.nonempty_str(f"{fname} [catalog]", cat, f)

    def threats(self, fname: str, doc: dict) -> tuple[int, int]:
        out = []
        for table, cats, with_likelihood in (("threats", THREAT_CATEGORIES, True),
                                             ("vulnerabilities", VULN_CATEGORIES, False)):
            items = doc.get(table)
            if not isinstance(items, list) or not items:
                self.err(fname, f"no [[{table}]] entries")
                out.append(0)
                continue
            self.unique_ids(f"{fname} {table}", items)
            prefix = "T-" if table == "threats" else "V-"
            for t in items:
                where = f"{fname} {table} {t.get('id', '?')!r}"
                for f in THREAT_FIELDS:
                    self.nonempty_str(where, t, f)
                if not str(t.get("id", "")).startswith(prefix):
                    self.err(where, f"id must start with {prefix!r}")
                if t.get("category") not in cats:
                    self.err(where, f"invalid category {t.get('category')!r} (allowed: {sorted(cats)})")
                kinds = t.get("asset_kinds")
                if not isinstance(kinds, list) or not kinds:
                    self.err(where, "`asset_kinds` missing or empty")
                else:
                    bad = [k for k in kinds if k not in ASSET_KINDS]
                    if bad:
                        self.err(where, f"invalid asset kinds {bad}")
                    if len(set(kinds)) != len(kinds):
                        self.err(where, "duplicate asset kinds")
                if with_likelihood:
                    lk = t.get("likelihood")
                    if not isinstance(lk, int) or isinstance(lk, bool) or not 1 <= lk <= 3:
                        self.err(where, f"likelihood {lk!r} must be an integer 1..3")
                self.language(where, t)
            out.append(len(items))
        return out[0], out[1]

    # ------------------------------------------------------------------ driver

    def run(self, directory: Path) -> int:
        self.dir = directory
        files = sorted(directory.glob("*.toml"))
        if not files:
            self.err(str(directory), "no *.toml files")
        catalogs: dict[str, tuple[str, list[dict]]] = {}
        summary: list[str] = []
        for path in files:
            fname = path.name
            try:
                doc = tomllib.loads(path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
                self.err(fname, f"does not parse: {e}")
                continue
            cid = self.catalog_header(fname, doc)
            if "threats" in doc or "vulnerabilities" in doc:
                nt, nv = self.threats(fname, doc)
                summary.append(f"{fname:24} {cid:16} threats={nt} vulnerabilities={nv}")
                continue
            controls = doc.get("controls")
            if not isinstance(controls, list) or not controls:
                self.err(fname, "no [[controls]] entries")
                continue
            if cid in catalogs:
                self.err(fname, f"catalog id {cid!r} already used by {catalogs[cid][0]}")
            if fname != f"{cid}.toml":
                self.err(fname, f"file name should be {cid}.toml")
            catalogs[cid] = (fname, controls)
            self.control_catalog(fname, cid, controls)
            if cid == "mic-guideline":
                self.mic(fname, controls)
            elif cid == "nist-csf-2.0":
                self.nist(fname, controls)
            elif cid == "iso27001-2022":
                self.iso(fname, controls)
            levels = Counter(c.get("level") for c in controls)
            nrefs = sum(len(c.get("refs") or []) for c in controls)
            lv = " ".join(f"{k}={v}" for k, v in levels.items())
            summary.append(f"{fname:24} {cid:16} entries={len(controls)} ({lv}) refs={nrefs}")
        for required in ("basic-policy", "mic-guideline", "nist-csf-2.0", "iso27001-2022"):
            if required not in catalogs:
                self.err(str(directory), f"catalog {required!r} not found")
        self.check_refs(catalogs)

        print("Mamori catalogs:")
        for line in summary:
            print("  " + line)
        if self.problems:
            print(f"\n{len(self.problems)} problem(s):")
            for p in self.problems:
                print("  - " + p)
            return 1
        print("\nOK: no problems found.")
        return 0


def main() -> int:
    directory = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    return Checker().run(directory)


if __name__ == "__main__":
    sys.exit(main())
