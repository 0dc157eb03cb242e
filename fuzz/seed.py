#!/usr/bin/env python3
"""Builds the seed corpus of every fuzz target (fuzz/corpus/<target>/) from the model
files of the repository: tests/corpus (the conformance models), tests/models and
examples, plus any directory given as an argument.

- xmile, backends: every XMILE file; mdl, backends: every .mdl file;
- equation: every equation in them (the text of each <eqn>, the right side of each
  .mdl equation).

The inputs that once made a target fail (fuzz/regressions/<target>/, each fixed with a
test beside the code) are seeds too, so every run replays them first.

Each seed is named by the SHA-1 of its bytes, as libFuzzer names what it adds, so
running this again over a corpus the fuzzer has grown adds nothing twice. Files over
--max-bytes are left out: libFuzzer sets its largest input to the largest seed and
mutates big inputs slowly (the default keeps WORLD3 out and the conformance models in).
"""

import argparse
import hashlib
import html
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "tests" / "corpus", ROOT / "tests" / "models", ROOT / "examples"]
XMILE = {".xmile", ".stmx", ".itmx"}
MDL = {".mdl"}


def write(directory: Path, data: bytes) -> bool:
    """Writes one seed; false when it was there already."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / hashlib.sha1(data).hexdigest()
    if path.exists():
        return False
    path.write_bytes(data)
    return True


def xmile_equations(text: str):
    for m in re.finditer(r"<eqn>(.*?)</eqn>", text, re.S):
        yield html.unescape(m.group(1))


def mdl_equations(text: str):
    # The sketch (after the `\\\---///` line) holds no equations.
    text = text.split("\\\\\\---///")[0]
    for item in text.split("|"):
        definition = item.split("~")[0]
        # `name = expr`, `name := expr`, `name == expr`; a lookup or a range has no `=`.
        m = re.search(r"[:=]?=(.*)", definition, re.S)
        if m and m.group(1).strip():
            yield m.group(1).strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", type=Path, help="more directories of model files")
    parser.add_argument("--max-bytes", type=int, default=64 * 1024, help="largest model file kept (default 64 KiB)")
    parser.add_argument("--out", type=Path, default=ROOT / "fuzz" / "corpus", help="where the corpora go")
    args = parser.parse_args()

    added = {"xmile": 0, "mdl": 0, "equation": 0, "backends": 0}
    for source in SOURCES + args.sources:
        for path in sorted(source.rglob("*")) if source.is_dir() else []:
            suffix = path.suffix.lower()
            if suffix not in XMILE | MDL or path.stat().st_size > args.max_bytes:
                continue
            data = path.read_bytes()
            reader = "xmile" if suffix in XMILE else "mdl"
            for target in (reader, "backends"):
                added[target] += write(args.out / target, data)
            text = data.decode("utf-8", errors="replace")
            equations = xmile_equations(text) if reader == "xmile" else mdl_equations(text)
            for equation in equations:
                added["equation"] += write(args.out / "equation", equation.encode())
    regressions = ROOT / "fuzz" / "regressions"
    for target in added:
        for path in sorted((regressions / target).glob("*")):
            added[target] += write(args.out / target, path.read_bytes())
    for target, count in added.items():
        total = len(list((args.out / target).iterdir())) if (args.out / target).is_dir() else 0
        print(f"{target}: {count} seeds added, {total} in {args.out / target}")


if __name__ == "__main__":
    main()
