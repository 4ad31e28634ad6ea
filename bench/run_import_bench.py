"""Benchmark `import_wxr` on PostgreSQL: speed, peak memory, and the unchanged re-run.

    python bench/run_import_bench.py 10000 100000

For each N: generate a WXR file of N posts (bench/generate_wxr.py), recreate a throwaway
database (BENCH_DATABASE, default newsroom_bench_importers, on 127.0.0.1:5432 as postgres),
migrate, then run `manage.py import_wxr` twice under /usr/bin/time -v: the first run imports
everything, the second finds everything unchanged. Prints wall time, posts per second and
peak resident memory of each run. Never run by the test suite.

The project's bytecode is compiled first, as `make bytecode` does after a deploy;
BENCH_BYTECODE=false deletes it instead, to time a checkout whose __pycache__ cannot be
written (PYTHONDONTWRITEBYTECODE, or a read-only tree).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
DATABASE = os.environ.get("BENCH_DATABASE", "newsroom_bench_importers")
SERVER = "postgres://postgres@127.0.0.1:5432"
PACKAGES = ("articles", "authors", "newsroom")


def psql(sql):
    subprocess.run(
        ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-c", sql], check=True, cwd=ROOT
    )


def timed(args, env):
    result = subprocess.run(
        ["/usr/bin/time", "-v", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", result.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    cpu = sum(
        float(m) for m in re.findall(r"(?:User|System) time \(seconds\): (\S+)", result.stderr)
    )
    parts = [float(p) for p in wall.group(1).split(":")]
    seconds = sum(p * 60**i for i, p in enumerate(reversed(parts)))
    return (
        seconds,
        cpu,
        int(rss.group(1)) / 1024,
        result.stdout.splitlines()[0:1],
        result.returncode,
    )


def bench(count, workdir):
    path = Path(workdir) / f"bench-{count}.xml"
    subprocess.run([PYTHON, ROOT / "bench" / "generate_wxr.py", str(count), path], check=True)
    size_mb = path.stat().st_size / 1e6
    # Production settings: DEBUG off (no query log), a throwaway key.
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only-not-a-secret",
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"{SERVER}/{DATABASE}",
    }
    psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    psql(f"CREATE DATABASE {DATABASE}")
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], check=True, cwd=ROOT, env=env)
    load = os.getloadavg()[0]
    print(f"\n{count} posts, {size_mb:.0f} MB file (load average before: {load:.1f})")
    first = None
    for label in ("first run", "re-run"):
        seconds, cpu, rss, summary, code = timed(
            [PYTHON, "manage.py", "import_wxr", str(path)], env
        )
        first = first or seconds
        print(
            f"  {label}: {seconds:.1f} s wall ({cpu:.1f} s CPU in the importer), "
            f"{count / seconds:.0f} posts/s, peak RSS {rss:.0f} MB, "
            f"exit {code}, {summary[0] if summary else ''}"
            + (f", {seconds / first:.2f} of the first run" if label == "re-run" else "")
            + f" (load average after: {os.getloadavg()[0]:.1f})"
        )
    path.unlink()


def prepare_bytecode():
    if os.environ.get("BENCH_BYTECODE", "true").lower() in ("0", "false", "no"):
        for package in PACKAGES:
            for cache in (ROOT / package).rglob("__pycache__"):
                shutil.rmtree(cache)
        print("project bytecode: none (compiled at every start)")
    else:
        subprocess.run([PYTHON, "-m", "compileall", "-q", *PACKAGES], check=True, cwd=ROOT)
        print("project bytecode: compiled (make bytecode)")


if __name__ == "__main__":
    counts = [int(n) for n in sys.argv[1:]] or [10000]
    prepare_bytecode()
    with tempfile.TemporaryDirectory() as workdir:
        for count in counts:
            bench(count, workdir)
