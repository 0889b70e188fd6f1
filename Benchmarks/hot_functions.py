#!/usr/bin/env python3
"""Writes the list of functions the release build places side by side.

  python3 Benchmarks/hot_functions.py [--binary PATH] [--out FILE] [--check]

The release link lays its functions out in the order this list gives (lld's
--symbol-ordering-file; every function of the project's own targets is in a section of its
own). A key typed into the form runs some three hundred functions: scattered over the binary
they touched about 190 pages of code, which a key after a pause reads again from memory;
side by side they take about 100. The list holds the functions a typed key runs, then the
other functions a start runs up to the first frame; in each, the project's own functions
come first, hottest first.

It runs the built program (`swift build -c release --product connector-wizard` first) under
valgrind's callgrind in an 80x24 pseudo-terminal: a new connector, keys typed into each text
field of the General tab and of the Security tab's Basic, API Key and OAuth 2.0 forms (those
`Benchmarks/speed.py` times). The functions whose count grows between a run with few keys
and one with many are a key's.

Functions renamed since the list was made are no longer placed (the link does not warn): the
program is as correct, only less compact. `--check` says how many of the listed functions the
binary still has; write the list again after large changes.

Needs valgrind (apt-get install -y valgrind). A tool for the build, not a test: CI does not
run it.
"""
import argparse, glob, os, re, shutil, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from speed import F6, FOCUS, NOT_TEXT, RIGHT, ROOT, TAB, drain, key, read_until, spawn, stop  # noqa: E402

OUT = os.path.join(ROOT, "Sources", "connector-wizard", "StaticLink", "hot-functions.txt")


def type_into_fields(fd, label, keys):
    """From the focused field, Tab through the form, typing `keys` letters into each text field,
    until the authentication type comes round."""
    letters = b"abcdefghijklmnopqrstuvwxy"
    for _ in range(20):
        if label is None or label == "Authentication type":
            return
        if label not in NOT_TEXT:
            for i in range(keys):
                key(fd, letters[i % len(letters):i % len(letters) + 1])
        out, _ = key(fd, TAB)
        found = FOCUS.findall(out)
        label = found[-1].decode("utf-8", "replace").strip() if found else None


def scenario(binary, work, keys):
    """Runs the program under callgrind while `keys` letters are typed into each text field of
    the General tab and of the Security tab's Basic, API Key and OAuth 2.0 forms; returns
    {function: instructions}."""
    out = os.path.join(work, f"callgrind-{keys}.out")
    pid, fd = spawn(["valgrind", "--tool=callgrind", "--demangle=no", f"--callgrind-out-file={out}",
                     binary, os.path.join(work, f"typed-{keys}")])
    try:
        first, _ = read_until(fd, b"Quit", timeout=120)
        more, _ = drain(fd, 1.0)
        found = FOCUS.findall(first + more)
        type_into_fields(fd, found[-1].decode().strip() if found else "Connector title", keys)
        key(fd, F6)                   # Security: the authentication type
        for _ in range(3):            # Basic, API Key, OAuth 2.0 in turn
            key(fd, RIGHT)
            out_, _ = key(fd, TAB)
            found = FOCUS.findall(out_)
            type_into_fields(fd, found[-1].decode("utf-8", "replace").strip() if found else None, keys)
            key(fd, F6)
    finally:
        stop(pid, fd)
    return costs(out, binary)


def costs(out, binary):
    """Each function of `binary` in a callgrind file, with its own instructions."""
    text = subprocess.run(["callgrind_annotate", "--inclusive=no", "--threshold=100", out],
                          capture_output=True, text=True, check=True).stdout
    found = {}
    line = re.compile(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(?:\S*?:)?(\S+) \[(.*)\]$")
    for l in text.splitlines():
        m = line.match(l)
        if m and os.path.realpath(m.group(3)) == os.path.realpath(binary):
            found[m.group(2)] = found.get(m.group(2), 0) + int(m.group(1).replace(",", ""))
    return found


def own_functions(build_dir):
    """The functions defined in the project's own object files (`<target>.build/*.o` beside the
    binary), not in the libraries it links."""
    objects = glob.glob(os.path.join(build_dir, "*.build", "*.o"))
    objects = [o for o in objects if not os.path.basename(os.path.dirname(o)).startswith("ArgumentParser")]
    found = set()
    for i in range(0, len(objects), 200):
        text = subprocess.run(["nm", "--defined-only"] + objects[i:i + 200], capture_output=True, text=True).stdout
        found |= {l.split()[-1] for l in text.splitlines() if len(l.split()) >= 3 and l.split()[1] in "tTwW"}
    return found


def symbols(binary):
    text = subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True, check=True).stdout
    return {l.split()[-1] for l in text.splitlines() if len(l.split()) >= 3 and l.split()[1] in "tTwW"}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "connector-wizard"))
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--check", action="store_true", help="only say how many listed functions the binary has")
    args = ap.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"{args.binary} does not exist: swift build -c release --product connector-wizard")
    if args.check:
        listed = [l.strip() for l in open(args.out) if l.strip()]
        have = symbols(args.binary)
        print(f"{sum(1 for f in listed if f in have)} of the {len(listed)} functions in {args.out} are in {args.binary}")
        return
    for tool in ("valgrind", "callgrind_annotate", "nm", "strip"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing (apt-get install -y valgrind binutils)")
    work = tempfile.mkdtemp(prefix="hot-functions-")
    try:
        # valgrind cannot read the release build's debug information: a copy without it runs.
        plain = os.path.join(work, "connector-wizard")
        subprocess.run(["strip", "-g", "-o", plain, args.binary], check=True)
        few, many = scenario(plain, work, 2), scenario(plain, work, 8)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    per_key = {f: n - few.get(f, 0) for f, n in many.items() if n > few.get(f, 0)}
    have = symbols(args.binary)
    # The project's functions first: each has a section of its own. A function of the Swift
    # runtime or a C library shares its section with its neighbours, which come along with it;
    # placed among the project's, those sections would push them apart.
    own = own_functions(os.path.dirname(os.path.realpath(args.binary)))

    def placed(names, cost):
        names = [f for f in names if f in have]
        return sorted(names, key=lambda f: (f not in own, -cost[f]))

    hot = placed(per_key, per_key)
    rest = placed([f for f in few if f not in per_key], few)
    with open(args.out, "w") as f:
        f.write("".join(name + "\n" for name in hot + rest))
    print(f"{args.out}: {len(hot)} functions a key runs, then {len(rest)} more of a start")


if __name__ == "__main__":
    main()
