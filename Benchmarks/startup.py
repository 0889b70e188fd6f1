#!/usr/bin/env python3
"""Start-up and typing cost of the wizard, measured in a real pseudo-terminal (80x24).

  python3 Benchmarks/startup.py [--runs N] [--open DIR] [BINARY]

- first frame: from fork to the moment the first full screen has been written (the last row,
  the key-hint bar, has arrived), median of N runs, next to `dialog --inputbox` measured the
  same way (until its Cancel button has been drawn) when dialog is installed;
- opening a real connector: the first frame with DIR open (default: the largest fixture,
  ../shared/fixtures/connectors/certified-connectors/Encodian, 1.1 MB);
- bytes per key: what the terminal receives for one typed character in the title, and for
  moving to the next field (the screen diff, not a repaint).
Build first with `swift build -c release`; BINARY defaults to .build/release/connector-wizard.
"""
import fcntl, os, pty, select, shutil, signal, statistics, struct, sys, tempfile, termios, time

def spawn(argv, env):
    pid, fd = pty.fork()
    if pid == 0:
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
            os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)  # only reached when the program could not be started
    return pid, fd

def read_until(fd, marker, timeout=5.0):
    out = b""
    deadline = time.perf_counter() + timeout
    while marker not in out:
        left = deadline - time.perf_counter()
        if left <= 0:
            raise TimeoutError(f"no {marker!r} after {timeout}s; got {out[-200:]!r}")
        r, _, _ = select.select([fd], [], [], left)
        if r:
            try:
                out += os.read(fd, 65536)
            except OSError:
                break
    return out

def drain(fd, quiet=0.15):
    """Everything written until the terminal has been quiet for `quiet` seconds."""
    out = b""
    while True:
        r, _, _ = select.select([fd], [], [], quiet)
        if not r:
            return out
        out += os.read(fd, 65536)

def stop(pid, fd):
    try:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
    os.close(fd)

def first_frame(argv, marker, env, runs):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        pid, fd = spawn(argv, env)
        read_until(fd, marker)
        times.append((time.perf_counter() - t0) * 1000)
        stop(pid, fd)
    return statistics.median(times), min(times)

def main():
    args = sys.argv[1:]
    runs = 30
    if "--runs" in args:
        i = args.index("--runs"); runs = int(args[i + 1]); del args[i:i + 2]
    large = "../shared/fixtures/connectors/certified-connectors/Encodian"
    if "--open" in args:
        i = args.index("--open"); large = args[i + 1]; del args[i:i + 2]
    binary = args[0] if args else ".build/release/connector-wizard"
    if not os.access(binary, os.X_OK):
        sys.exit(f"{binary} is not there: build it first (swift build -c release)")
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    work = tempfile.mkdtemp(prefix="cw-bench-")
    folder = os.path.join(work, "new-connector")
    try:
        med, best = first_frame([binary, folder], b"Quit", env, runs)
        print(f"connector-wizard first frame: median {med:.1f} ms, best {best:.1f} ms ({runs} runs)")
        if os.path.isdir(large):
            om, ob = first_frame([binary, large], b"Quit", env, runs)
            print(f"first frame with {os.path.basename(large)} open: median {om:.1f} ms, best {ob:.1f} ms ({runs} runs)")
        if shutil.which("dialog"):
            dm, db = first_frame(["dialog", "--inputbox", "Connector title", "8", "40"], b"ancel", env, runs)
            print(f"dialog --inputbox first frame: median {dm:.1f} ms, best {db:.1f} ms ({runs} runs)")
            print(f"difference: {med - dm:+.1f} ms")
        pid, fd = spawn([binary, folder], env)
        read_until(fd, b"Quit")
        drain(fd)
        os.write(fd, b"C"); typed = drain(fd)
        os.write(fd, b"o"); typed2 = drain(fd)
        os.write(fd, b"\t"); moved = drain(fd)
        os.write(fd, b"\t" * 5); drain(fd)
        os.write(fd, b"a"); host = drain(fd)
        os.write(fd, b"p"); host2 = drain(fd)
        os.write(fd, b"\x1b[D"); left = drain(fd)
        stop(pid, fd)
        print(f"bytes per typed key in Host: {len(host2)} (first, which also marks the field: {len(host)}); "
              f"caret left: {len(left)}")
        print(f"bytes per typed key in the title (the header shows the title too): {len(typed2)} "
              f"(first: {len(typed)}); Tab to the next field: {len(moved)}")
        pid, fd = spawn([binary, folder], env)
        print(f"the whole first frame, for scale: {len(read_until(fd, b'Quit') + drain(fd))} bytes")
        stop(pid, fd)
    finally:
        shutil.rmtree(work, ignore_errors=True)

if __name__ == "__main__":
    main()
