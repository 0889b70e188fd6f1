#!/usr/bin/env python3
"""The wizard's speed, next to a peer measured the same way in the same run.

  python3 Benchmarks/speed.py [--runs N] [--quick] [--no-build] [--binary PATH]
                              [--sizes 1,10,100] [--no-100] [--fixtures DIR]

Builds what `swift run -c release connector-wizard` runs (`swift build -c release --product
connector-wizard`; skipped with --no-build or --binary) and prints one line per measure:
ours as median [min–max], the peer the same way, the ratio, the target and whether it is met.

- first frame: in a pseudo-terminal of 80x24 (TERM=xterm-256color, C.UTF-8), from the fork to
  the arrival of the last row of the first full frame (the key-hint bar's `Quit`), for a new
  connector and with the largest fixture (Encodian, 1.1 MB) open, next to `dialog --inputbox`
  (until its Cancel button). The programs take turns run by run, so drift hits all of them;
  the ratio is that of the medians, and the median of the run-by-run ratios is printed too.
  Beside it, a key typed the moment that frame has arrived, timed from the start to its update
  on screen (the wizard reads a connector in full after its first frame, before its first key),
  next to a key typed into dialog the same way.
- bytes per key: what the terminal receives for one character typed into each text field of
  the General tab and of the Security tab (Basic, API Key and OAuth 2.0 types), for the second
  character typed there (the first also clears the placeholder and marks the connector changed,
  shown in brackets), next to one character typed into dialog's input box.
- key to screen: from writing one key to the pty to the arrival of the last byte of the update
  it causes (the quiet wait that tells the update is over is not counted); keys into Connector
  title and into dialog's input box, taking turns.
- peak memory: VmHWM of the running program, read from /proc after its first frame.
- validate: `connector-wizard validate` over every fixture folder (the list given several times,
  so start-up does not count much) as a whole process, next to a Python process that reads the
  same files and parses them with json.loads (C-accelerated) the same number of times. Some
  fixtures are broken on purpose: validate exits 1 and json.loads raises for them; both count.
- growth: validate on a connector whose Swagger file is 1, 10 and 100 MB, made in a temporary
  folder by repeating Encodian's paths under suffixed keys: seconds, MB/s, peak memory (GNU
  time's %M where /usr/bin/time is installed, Debian's `time`; else the child's ru_maxrss, which
  can carry this script's own larger peak over the exec) and peak/size. The target is on the
  memory that grows with the file: the peak less what validate holds for any folder (its peak
  on the smallest fixture), at most about twice the file's size. A 1 MB file cannot bring the
  whole peak under 2 MB when the program itself holds about 9 MB.

A benchmark, not a test: nothing asserts a time and CI does not run it. Needs `dialog` for the
peer columns (apt-get install -y dialog); without it they are left empty.
"""
import argparse, fcntl, glob, json, os, pty, re, select, shutil, signal, statistics, struct
import subprocess, sys, tempfile, termios, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(os.path.dirname(ROOT), "shared", "fixtures", "connectors", "certified-connectors")
ENV = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
DIALOG = ["dialog", "--inputbox", "Connector title", "8", "40"]
QUIET = 0.15          # seconds without output that end an update
FOCUS = re.compile(rb"\xe2\x80\xba([^\x1b\r\n]+)")   # the focused field's label, after its marker
F6, RIGHT, TAB, CTRL_U = b"\x1b[17~", b"\x1bOC", b"\t", b"\x15"
# Focusable fields that are not typed into (choices and checkboxes): a letter could change them.
NOT_TEXT = {"Connect via on-premises data gateway", "Scheme", "Authentication type", "Type to edit",
            "Parameter location", "Identity provider", "Enable on-behalf-of login",
            "Enable Service Principal support", "Update to unique redirect URL", "Redirect URL"}

# ---------------------------------------------------------------- pseudo-terminal

def spawn(argv):
    pid, fd = pty.fork()
    if pid == 0:
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
            os.execvpe(argv[0], argv, ENV)
        finally:
            os._exit(127)  # only reached when the program could not be started
    return pid, fd

def read_until(fd, marker, timeout=10.0):
    """Output up to and including `marker`; returns (bytes, time the marker arrived)."""
    out = b""
    deadline = time.perf_counter() + timeout
    while marker not in out:
        left = deadline - time.perf_counter()
        if left <= 0:
            raise TimeoutError(f"no {marker!r} after {timeout}s; got {out[-200:]!r}")
        r, _, _ = select.select([fd], [], [], left)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                raise RuntimeError(f"the program ended before {marker!r}; got {out[-300:]!r}")
            out += chunk
    return out, time.perf_counter()

def drain(fd, quiet=QUIET):
    """Everything written until `quiet` seconds pass without output; (bytes, time of last byte)."""
    out, last = b"", None
    while True:
        r, _, _ = select.select([fd], [], [], quiet)
        if not r:
            return out, last
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            return out, last
        last = time.perf_counter()
        out += chunk

def key(fd, k):
    """Write one key; (bytes of the update, seconds from the write to the update's last byte)."""
    drain(fd, 0.05)  # nothing left over from before
    t0 = time.perf_counter()
    os.write(fd, k)
    out, last = drain(fd)
    return out, (last - t0) if last else None

def hwm_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None

def stop(pid, fd):
    try:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
    os.close(fd)

def frame(argv, marker):
    """One start: (ms to the first frame, VmHWM in kB once the frame has been drawn)."""
    t0 = time.perf_counter()
    pid, fd = spawn(argv)
    try:
        _, t = read_until(fd, marker)
        drain(fd, 0.1)
        return (t - t0) * 1000, hwm_kb(pid)
    finally:
        stop(pid, fd)

def ready(argv, marker):
    """One start, a key typed the moment the first frame has arrived: ms from the start to the
    last byte of that key's update. The wizard reads a connector in full after its first frame
    and before its first key, so this is when a large connector is ready to be typed into."""
    t0 = time.perf_counter()
    pid, fd = spawn(argv)
    try:
        read_until(fd, marker)
        os.write(fd, b"x")
        _, last = drain(fd)
        return (last - t0) * 1000 if last else None
    finally:
        stop(pid, fd)

# ---------------------------------------------------------------- statistics and printing

def med(xs):
    return statistics.median(xs) if xs else None

def summary(xs, fmt="{:.1f}"):
    if not xs:
        return "—"
    if len(xs) == 1:
        return fmt.format(xs[0])
    return f"{fmt.format(med(xs))} [{fmt.format(min(xs))}–{fmt.format(max(xs))}]"

ROWS = []

def row(measure, ours, peer, ratio, target, met):
    ROWS.append((measure, ours, peer, ratio, target, met))
    print(f"  {measure}: ours {ours}; peer {peer}; ratio {ratio}; target {target}; {met}", file=sys.stderr)

def verdict(ok):
    return "—" if ok is None else ("met" if ok else "NOT met")

def print_table():
    heads = ("measure", "ours median [min–max]", "peer median [min–max]", "ratio", "target", "")
    widths = [max(len(str(r[i])) for r in ROWS + [heads]) for i in range(6)]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()
    print(line(heads))
    print("  ".join("-" * w for w in widths))
    for r in ROWS:
        print(line(r))

# ---------------------------------------------------------------- measures

def first_frames(binary, large, runs, have_dialog, work):
    new = [binary, os.path.join(work, "new-connector")]
    ours, opened, peer, ours_hwm, open_hwm, peer_hwm, ready_ours, ready_peer = [], [], [], [], [], [], [], []
    for _ in range(runs):  # A B C A B C ...
        t, m = frame(new, b"Quit"); ours.append(t); ours_hwm.append(m)
        if large:
            t, m = frame([binary, large], b"Quit"); opened.append(t); open_hwm.append(m)
            t = ready([binary, large], b"Quit")
            if t is not None: ready_ours.append(t)
        if have_dialog:
            t, m = frame(DIALOG, b"ancel"); peer.append(t); peer_hwm.append(m)
            t = ready(DIALOG, b"ancel")
            if t is not None: ready_peer.append(t)
    return ours, opened, peer, ours_hwm, open_hwm, peer_hwm, ready_ours, ready_peer

def ratio_line(ours, peer, unit="ms"):
    if not ours or not peer:
        return "—", None
    r = med(ours) / med(peer)
    paired = med([a / b for a, b in zip(ours, peer)])
    return f"{r:.2f}× (paired {paired:.2f}×)", r

def type_fields(fd, first_label, stop_at, prefix):
    """Tab through the form from the focused field; type two characters into each text field.
    Returns [(name, bytes of 1st char, bytes of 2nd char, ms of 2nd char, echoed)]."""
    results, label, seen = [], first_label, {}
    for _ in range(20):
        if label is None or label in stop_at:
            break
        seen[label] = seen.get(label, 0) + 1
        name = prefix + label + (f" ({seen[label]})" if seen[label] > 1 else "")
        if label not in NOT_TEXT:
            one, _ = key(fd, b"q")
            two, t = key(fd, b"z")
            echoed = b"z" in two or "•".encode() in two or b"*" in two
            results.append((name, len(one), len(two), t * 1000 if t else None, echoed))
        out, _ = key(fd, TAB)
        found = FOCUS.findall(out)
        label = found[-1].decode("utf-8", "replace").strip() if found else None
    return results

def bytes_per_key(binary, work):
    """The General tab's text fields, then the Security tab's for Basic, API Key and OAuth 2.0."""
    results, notes = [], []
    pid, fd = spawn([binary, os.path.join(work, "typed-general")])
    try:
        first, _ = read_until(fd, b"Quit"); more, _ = drain(fd)
        found = FOCUS.findall(first + more)
        label = found[-1].decode().strip() if found else "Connector title"
        results += type_fields(fd, label, {"Authentication type"}, "")
    finally:
        stop(pid, fd)
    for presses, kind in ((1, "Basic authentication"), (2, "API Key"), (3, "OAuth 2.0")):
        pid, fd = spawn([binary, os.path.join(work, f"typed-{presses}")])
        try:
            read_until(fd, b"Quit"); drain(fd)
            out, _ = key(fd, F6)
            if b"Authentication type" not in out:
                notes.append(f"Security tab ({kind}): F6 did not show the authentication type; not measured")
                continue
            shown = b""
            for _ in range(presses):
                out, _ = key(fd, RIGHT); shown += out
            if kind.encode() not in shown:
                notes.append(f"Security tab: {presses}× Right did not choose {kind}; not measured")
                continue
            out, _ = key(fd, TAB)
            found = FOCUS.findall(out)
            label = found[-1].decode("utf-8", "replace").strip() if found else None
            results += type_fields(fd, label, {"Authentication type"}, f"{kind.split()[0]}: ")
        finally:
            stop(pid, fd)
    return results, notes

def key_to_screen(binary, runs, have_dialog, work):
    """Keys into Connector title and into dialog's box, taking turns; ms to the last byte."""
    ours, peer, ours_bytes, peer_bytes = [], [], [], []
    done, session = 0, 0
    letters = b"abcdefghijklmnopqrstuvwxy"
    while done < runs:
        session += 1
        a = spawn([binary, os.path.join(work, f"keys-{session}")])
        b = spawn(DIALOG) if have_dialog else None
        try:
            read_until(a[1], b"Quit"); drain(a[1])
            key(a[1], b"K")  # the first character also marks the connector changed
            if b:
                read_until(b[1], b"ancel"); drain(b[1]); key(b[1], b"K")
            for c in letters[:min(len(letters), runs - done)]:
                out, t = key(a[1], bytes([c])); ours.append(t * 1000); ours_bytes.append(len(out))
                if b:
                    out, t = key(b[1], bytes([c])); peer.append(t * 1000); peer_bytes.append(len(out))
                done += 1
        finally:
            stop(*a)
            if b:
                stop(*b)
    return ours, peer, ours_bytes, peer_bytes

def timed_process(argv, stdout=subprocess.DEVNULL):
    """Run argv to its end: (wall seconds, peak RSS in bytes, exit status, its standard output).

    The peak comes from GNU time (/usr/bin/time, Debian's `time`) when it is there: a child
    forked straight from this process inherits this process's own high-water mark through
    exec (Linux keeps the larger of the two in ru_maxrss), and this process holds the large
    generated files; time's own child starts from time's small one."""
    out = tempfile.TemporaryFile() if stdout is None else stdout
    peak_file = None
    if os.access("/usr/bin/time", os.X_OK):
        fd, peak_file = tempfile.mkstemp(prefix="cw-peak-"); os.close(fd)
        argv = ["/usr/bin/time", "-f", "%M", "-o", peak_file] + list(argv)
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss * 1024
    if peak_file:
        with open(peak_file) as f:
            lines = [l for l in f.read().split() if l.isdigit()]
        os.unlink(peak_file)
        if lines:
            peak = int(lines[-1]) * 1024
    text = b""
    if stdout is None:
        out.seek(0); text = out.read(); out.close()
    return elapsed, peak, proc.returncode, text

PY_JSON = r"""
import json, sys, time
files = sys.argv[1:]
t0 = time.perf_counter()
bad = 0
for path in files:
    with open(path, "rb") as f:
        data = f.read()
    try:
        json.loads(data)
    except ValueError:
        bad += 1
print(time.perf_counter() - t0, bad)
"""

def python_binary():
    """The real interpreter running this script (a pyenv shim named python3 would add its own start-up)."""
    return os.path.realpath(sys.executable)

def validate_fixtures(binary, folders, repeat, runs):
    files = [os.path.join(d, n) for d in folders for n in sorted(os.listdir(d)) if n.lower().endswith(".json")]
    size = sum(os.path.getsize(f) for f in files) * repeat
    ours, peer, inner, statuses = [], [], [], set()
    py = python_binary()
    for _ in range(runs):
        t, _, rc, _ = timed_process([binary, "validate"] + folders * repeat); ours.append(t); statuses.add(rc)
        t, _, rc, out = timed_process([py, "-c", PY_JSON] + files * repeat, stdout=None)
        if rc == 0:
            peer.append(t); inner.append(float(out.split()[0]))
    return size, ours, peer, inner, statuses

def make_swagger(source_dir, target_bytes, dest):
    """A connector folder whose Swagger file is about target_bytes, from source_dir's paths."""
    os.makedirs(dest, exist_ok=True)
    shutil.copy(os.path.join(source_dir, "apiProperties.json"), dest)
    with open(os.path.join(source_dir, "apiDefinition.swagger.json"), "rb") as f:
        doc = json.loads(f.read())
    entries = list(doc["paths"].items())
    doc["paths"] = {}
    base = len(json.dumps(doc, indent=2, ensure_ascii=False).encode())
    # An entry's bytes where it will stand: one level deeper than the top, with its comma.
    wrap = len(json.dumps({"paths": {}}, indent=2).encode())
    sizes = [len(json.dumps({"paths": {k: v}}, indent=2, ensure_ascii=False).encode()) - wrap + 2 for k, v in entries]
    paths, total, n = {}, base, 0
    while total < target_bytes or not paths:
        k, v = entries[n % len(entries)]
        copy = n // len(entries)
        if copy:
            v = json.loads(json.dumps(v))
            k = f"{k}/copy{copy}"
            for op in v.values():
                if isinstance(op, dict) and "operationId" in op:
                    op["operationId"] = f"{op['operationId']}_copy{copy}"
        paths[k] = v
        total += sizes[n % len(entries)] + (2 * len(f"_copy{copy}") if copy else 0)
        n += 1
    doc["paths"] = paths
    path = os.path.join(dest, "apiDefinition.swagger.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
    return os.path.getsize(path) + os.path.getsize(os.path.join(dest, "apiProperties.json")), n

# ---------------------------------------------------------------- main

def main():
    p = argparse.ArgumentParser(description="The wizard's speed next to dialog and json.loads.")
    p.add_argument("--runs", type=int, default=20, help="starts and keys per measure (default 20)")
    p.add_argument("--quick", action="store_true", help="a short run: 5 runs, sizes 1 and 10 MB")
    p.add_argument("--no-build", action="store_true", help="measure the binary as it is")
    p.add_argument("--binary", help="measure this binary (implies --no-build)")
    p.add_argument("--sizes", default="1,10,100", help="Swagger sizes in MB for the growth rows")
    p.add_argument("--no-100", action="store_true", help="leave out the 100 MB Swagger file")
    p.add_argument("--fixtures", default=FIXTURES, help="the folder of real connector folders")
    a = p.parse_args()
    runs = 5 if a.quick and a.runs == 20 else a.runs
    sizes = [float(s) for s in a.sizes.split(",") if s]
    if a.no_100 or a.quick:
        sizes = [s for s in sizes if s < 100]
    binary = a.binary or os.path.join(ROOT, ".build", "release", "connector-wizard")
    if not a.binary and not a.no_build:
        print("building: swift build -c release --product connector-wizard", file=sys.stderr)
        r = subprocess.run(["swift", "build", "-c", "release", "--product", "connector-wizard"], cwd=ROOT,
                           stdout=sys.stderr)  # standard output is the table alone
        if r.returncode != 0:
            sys.exit("the build failed")
    if not os.access(binary, os.X_OK):
        sys.exit(f"{binary} is not there: build it (swift build -c release --product connector-wizard)")
    binary = os.path.abspath(binary)
    have_dialog = shutil.which("dialog") is not None
    notes = [] if have_dialog else ["dialog is not installed (apt-get install -y dialog): no peer for the terminal rows"]
    folders = sorted(d for d in glob.glob(os.path.join(glob.escape(a.fixtures), "*")) if os.path.isdir(d))
    large = os.path.join(a.fixtures, "Encodian")
    if not os.path.isdir(large):
        notes.append(f"{large} is not there: no rows with Encodian open, no growth rows")
        large = None

    work = tempfile.mkdtemp(prefix="cw-speed-")
    try:
        print(f"first frames ({runs} runs each, taking turns)...", file=sys.stderr)
        ours, opened, peer, ours_hwm, open_hwm, peer_hwm, ready_ours, ready_peer = first_frames(binary, large, runs, have_dialog, work)
        text, r = ratio_line(ours, peer)
        row("first frame, new connector (ms)", summary(ours), summary(peer), text, "≤ 1.0× dialog",
            verdict(None if r is None else r <= 1.0))
        if large:
            text, r = ratio_line(opened, peer)
            row("first frame, Encodian open (ms)", summary(opened), summary(peer), text, "≤ 1.5× dialog",
                verdict(None if r is None else r <= 1.5))
            text, r = ratio_line(ready_ours, ready_peer)
            row("  a key typed at that frame, on screen (ms from start)", summary(ready_ours), summary(ready_peer),
                text, "—", "—")

        print("bytes per key...", file=sys.stderr)
        fields, more = bytes_per_key(binary, work)
        notes += more
        print(f"key to screen ({runs} keys each, taking turns)...", file=sys.stderr)
        k_ours, k_peer, k_ours_bytes, k_peer_bytes = key_to_screen(binary, runs, have_dialog, work)
        peer_bytes = summary(k_peer_bytes, "{:.0f}")
        for name, one, two, ms, echoed in fields:
            r = two / med(k_peer_bytes) if k_peer_bytes else None
            row(f"bytes per key: {name} (2nd char; 1st)", f"{two} ({one})", peer_bytes,
                "—" if r is None else f"{r:.2f}×", "≤ 25 (aim 8)", verdict(two <= 25))
            if not echoed:
                notes.append(f"bytes per key: no echo seen for the 2nd character in {name}")
        if fields:
            twos = [f[2] for f in fields]
            row(f"bytes per key: all {len(fields)} fields (2nd char)", summary(twos, "{:.0f}"), peer_bytes, "—",
                "≤ 25 (aim 8)", verdict(max(twos) <= 25))
        text, r = ratio_line(k_ours, k_peer)
        row("key to screen, Connector title (ms)", summary(k_ours, "{:.2f}"), summary(k_peer, "{:.2f}"), text,
            "≤ 1.0× dialog", verdict(None if r is None else r <= 1.0))
        field_ms = [f[3] for f in fields if f[3] is not None]
        if field_ms:
            row(f"key to screen, 2nd char in each of the {len(field_ms)} fields (ms)", summary(field_ms, "{:.2f}"),
                summary(k_peer, "{:.2f}"), ratio_line(field_ms, k_peer)[0].split(" (")[0] if k_peer else "—",
                "≤ 1.0× dialog", verdict(None if not k_peer else med(field_ms) <= med(k_peer)))

        mb = lambda kb: [x / 1024 for x in kb if x]
        if large:
            o, q = mb(open_hwm), mb(peer_hwm)
            row("peak memory (VmHWM), Encodian open (MB)", summary(o), summary(q),
                f"{med(o) / med(q):.2f}×" if q else "—", "≤ 15 MB", verdict(med(o) <= 15))
        row("peak memory (VmHWM), new connector (MB)", summary(mb(ours_hwm)), summary(mb(peer_hwm)),
            f"{med(mb(ours_hwm)) / med(mb(peer_hwm)):.2f}×" if peer_hwm else "—", "—", "—")

        repeat, vruns = 10, max(3, runs // 4)
        print(f"validate over {len(folders)} fixture folders ×{repeat} ({vruns} runs each)...", file=sys.stderr)
        size, v_ours, v_peer, inner, statuses = validate_fixtures(binary, folders, repeat, vruns)
        rate = lambda ts: [size / 1e6 / t for t in ts]
        row(f"validate {len(folders)} fixture folders ×{repeat}, {size / 1e6:.1f} MB (MB/s)",
            summary(rate(v_ours)), summary(rate(v_peer)) + " json.loads process",
            f"{med(v_ours) / med(v_peer):.2f}× the time" if v_peer else "—", "≤ 1.0× json.loads",
            verdict(med(v_ours) <= med(v_peer) if v_peer else None))
        if inner:
            row("  (json.loads loop alone, without Python's start-up) (MB/s)", "—", summary(rate(inner)),
                f"{med(v_ours) / med(inner):.2f}× the time", "—", "—")
        if statuses - {0, 1}:
            notes.append(f"validate exited with {sorted(statuses)} (0 or 1 expected)")

        if large and sizes:
            grow = []
            # What validate holds for any folder (its code, its start-up): the peak on the smallest
            # fixture; "above" in the rows below is the peak less this, per byte of the file.
            smallest = min(folders, key=lambda d: sum(os.path.getsize(os.path.join(d, n)) for n in os.listdir(d)))
            base = min(timed_process([binary, "validate", smallest])[1] for _ in range(3))
            for mbytes in sizes:
                dest = os.path.join(work, f"swagger-{mbytes:g}MB")
                print(f"making a {mbytes:g} MB Swagger file...", file=sys.stderr)
                bytes_, npaths = make_swagger(large, int(mbytes * 1e6), dest)
                n = max(1, (runs // 4) if mbytes < 100 else min(3, runs // 4))
                times, peaks, rcs = [], [], set()
                for _ in range(n):
                    t, peak, rc, _ = timed_process([binary, "validate", dest])
                    times.append(t); peaks.append(peak); rcs.add(rc)
                grow.append((mbytes, bytes_, times, peaks))
                speed = bytes_ / 1e6 / med(times)
                peak = max(peaks)
                row(f"validate a {bytes_ / 1e6:.1f} MB Swagger ({npaths} paths), {n} runs (s)",
                    f"{summary(times, '{:.3f}')} = {speed:.1f} MB/s", "—", "—", "time linear in size", "see growth")
                row(f"  its peak memory (ru_maxrss) (MB)",
                    f"{peak / 1e6:.1f} = {peak / bytes_:.2f}× size; {(peak - base) / bytes_:.2f}× above {base / 1e6:.1f}",
                    "—", "—", "≤ ~2× size above", verdict(peak - base <= 2 * bytes_))
                shutil.rmtree(dest, ignore_errors=True)
                if rcs - {0, 1}:
                    notes.append(f"validate of the {mbytes:g} MB file exited with {sorted(rcs)}")
            if len(grow) >= 2:
                (m0, b0, t0, _), (m1, b1, t1, _) = grow[-2], grow[-1]
                per = (med(t1) / b1) / (med(t0) / b0)
                row(f"growth {m0:g} → {m1:g} MB: time per byte, larger / smaller", f"{per:.2f}×", "—", "—",
                    "≈ 1 (linear; ≤ 1.3)", verdict(per <= 1.3))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print()
    print(f"connector-wizard speed, {binary}; peer: `{' '.join(DIALOG)}` and {python_binary()} json.loads")
    print(f"80x24 pseudo-terminal, TERM=xterm-256color; {runs} runs per terminal measure; "
          f"fixtures: {len(folders)} folders in {a.fixtures}")
    print()
    print_table()
    for n in notes:
        print(f"note: {n}")

if __name__ == "__main__":
    main()
