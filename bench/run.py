"""`make bench`: the production stack under load, next to its own ceiling.

Starts gunicorn (jobsite/gunicorn.conf.py, DEBUG off) on PostgreSQL and Redis, twice: once with
the page cache off (every request renders) and once with it on. With 10,000 generated roles it
loads the role, category, home, A-Z and search pages with wrk from a second process at
several concurrencies for a fixed time, and the same for a static copy of the role page served by
the same gunicorn + whitenoise stack: the practical ceiling. It also measures the role page at
100 roles, to show whether the time grows with the catalogue, and worker memory (RSS).

Environment: DATABASE_URL (PostgreSQL, created if missing, its roles replaced), REDIS_URL,
BENCH_SECONDS (per point, default 5), BENCH_CONCURRENCY (default "1,16,64"), BENCH_PORT (8620).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONCURRENCY = [int(c) for c in os.environ.get("BENCH_CONCURRENCY", "1,16,64").split(",")]
PORT = int(os.environ.get("BENCH_PORT", "8620"))
STATIC_COPY = "bench/role-page.html"


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def need_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("installing wrk from Debian's packages")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
        return shutil.which("wrk") or sys.exit("bench: wrk did not install")
    sys.exit("bench: needs wrk; install it with `sudo apt-get install wrk` and run again")


def environment() -> dict[str, str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("bench: set DATABASE_URL=postgres://... (make bench does)")
    if not os.environ.get("REDIS_URL"):
        sys.exit("bench: set REDIS_URL=redis://... (make bench does)")
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-not-for-production",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "LOG_LEVEL": "WARNING",
    }


def create_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not exists.fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def vacuum(url: str) -> None:
    """What autovacuum would soon do after a bulk load: the visibility map lets PostgreSQL answer
    the category counts from the index alone."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    return result.stdout.strip()


def django_value(env: dict[str, str], code: str) -> str:
    """Run `code` (which prints) inside Django with the bench's settings."""
    return manage(env, "shell", "-v0", "-c", code)


class Server:
    """A gunicorn in the production configuration; page_cache False renders every request."""

    def __init__(self, env: dict[str, str], port: int, page_cache: bool) -> None:
        env = {**env, "HOST": "127.0.0.1", "PORT": str(port)}
        if not page_cache:
            env["PAGE_CACHE_SECONDS"] = "0"
        self.base = f"http://127.0.0.1:{port}"
        self.logfile = open(f"/tmp/bench-gunicorn-{port}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "jobsite.wsgi",
                "--config",
                "jobsite/gunicorn.conf.py",
                "--access-logfile",
                "/dev/null",
            ],
            env=env,
            cwd=ROOT,
            stdout=self.logfile,
            stderr=subprocess.STDOUT,
        )
        for _ in range(150):
            try:
                urllib.request.urlopen(self.base + "/jobs/", timeout=2)
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        sys.exit(f"bench: gunicorn on {port} did not start; see {self.logfile.name}")

    def worker_rss_mb(self) -> list[float]:
        sizes = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) != self.process.pid:
                    continue
                status = (stat.parent / "status").read_text()
            except (OSError, IndexError):
                continue
            rss = re.search(r"VmRSS:\s+(\d+) kB", status)
            if rss:
                sizes.append(int(rss.group(1)) / 1024)
        return sizes

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(20)
        self.logfile.close()


def load(wrk: str, url: str, clients: int, seconds: int) -> dict[str, float]:
    threads = min(2, clients)
    result = subprocess.run(
        [
            wrk,
            f"-t{threads}",
            f"-c{clients}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench" / "latency.lua"),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("BENCH "))
    return {k: float(v) for k, v in (pair.split("=") for pair in line.split()[1:])}


def main() -> None:
    wrk = need_wrk()
    env = environment()
    started = time.monotonic()
    create_database(env["DATABASE_URL"])
    log("migrate, collectstatic, fixtures, 100 generated roles")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "load_wages", "-v0")  # role pages show pay, as in production
    manage(env, "loaddata", "categories", "roles", "-v0")
    manage(env, "generate_roles", "--clear", "--count", "100", "--seed", "1")
    vacuum(env["DATABASE_URL"])  # a rerun's cleared roles would otherwise slow the 100-role run

    role_path = django_value(
        env,
        (
            "from roles.models import Role; r = Role.objects.published()"
            ".filter(slug__startswith='gen-').order_by('pk')[10]; print(r.get_absolute_url())"
        ),
    )
    pages = {"role": role_path}
    results: dict[tuple[str, str, int], dict[str, float]] = {}

    server = Server(env, PORT, page_cache=False)
    try:
        load(wrk, server.base + role_path, 4, 1)
        for clients in (1, 16):
            results[("role @100 roles", "uncached", clients)] = load(
                wrk, server.base + role_path, clients, SECONDS
            )
    finally:
        server.stop()

    log("generating up to 10,000 roles")
    out = manage(env, "generate_roles", "--count", "9900", "--seed", "2")
    log(out)
    vacuum(env["DATABASE_URL"])
    total = django_value(env, "from roles.models import Role; print(Role.objects.count())")
    pages["category"] = django_value(
        env,
        (
            "from roles.models import Category; print(Category.objects.listed()"
            ".order_by('-published_role_count')[0].get_absolute_url())"
        ),
    )
    pages["home"] = "/"
    pages["a-z"] = "/roles/a-z/"
    pages["search"] = "/search/?q=data+engineer"
    pages["search, misspelled"] = "/search/?q=archtect"
    check_data_is_valid(env, [pages["search"], pages["search, misspelled"]])
    # The ceiling: the rendered role page as a static file, served by the same gunicorn and
    # whitenoise (which indexes STATIC_ROOT at start, so the copy is written first).
    html = django_value(
        env,
        (
            "from django.test import Client; import sys; "
            f"sys.stdout.write(Client().get({role_path!r}).content.decode())"
        ),
    )
    copy = ROOT / "staticfiles" / STATIC_COPY
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_text(html)

    memory: dict[str, float] = {}
    for mode, page_cache in (("uncached", False), ("cached", True)):
        server = Server(env, PORT + 1 if page_cache else PORT, page_cache=page_cache)
        try:
            targets = dict(pages)
            if mode == "cached":
                # Search results are not page-cached.
                targets = {k: v for k, v in targets.items() if not k.startswith("search")}
                targets["static copy of role"] = "/static/" + STATIC_COPY
            for name, path in targets.items():
                log(f"{mode} {name}")
                load(wrk, server.base + path, 4, 1)  # warm-up: connections, caches, templates
                for clients in CONCURRENCY:
                    results[(name, mode, clients)] = load(wrk, server.base + path, clients, SECONDS)
            memory[mode] = max(server.worker_rss_mb())
        finally:
            server.stop()

    report(results, memory, total, time.monotonic() - started)


def check_data_is_valid(env: dict[str, str], searches: list[str]) -> None:
    """No figure is taken on data a reader could not find: every generated role has its search
    vector, and each benchmarked search lists generated roles (not only the 13 fixture roles)."""
    unsearchable = django_value(
        env,
        "from roles.models import Role; print(Role.objects.filter(slug__startswith='gen-', "
        "search_vector__isnull=True).count())",
    )
    if unsearchable != "0":
        sys.exit(f"bench: {unsearchable} generated roles have no search vector; figures void")
    for path in searches:
        found = django_value(
            env,
            "from django.test import Client; import re; "
            f"body = Client().get({path!r}).content.decode(); "
            "print(len(re.findall(r'href=\"/jobs/gen-[^\"]+/gen-', body)))",
        )
        if found == "0":
            sys.exit(f"bench: {path} lists no generated role; figures void")
        log(f"valid: {path} lists {found} generated roles")
    log("valid: every generated role has its search vector")


def report(results, memory, total: str, elapsed: float) -> None:
    load_avg = os.getloadavg()
    lines = [
        f"RoleAtlas bench, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
        f"{total} roles on PostgreSQL + Redis, gunicorn config jobsite/gunicorn.conf.py, "
        f"wrk {SECONDS} s per point, load average before report {load_avg[0]:.1f}",
        "",
        "| page | mode | clients | req/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for (name, mode, clients), r in results.items():
        lines.append(
            f"| {name} | {mode} | {clients} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} "
            f"| {r['p99']:.1f} | {r['errors']:.0f} |"
        )
    lines.append("")
    for clients in CONCURRENCY:
        cached = results.get(("role", "cached", clients))
        static = results.get(("static copy of role", "cached", clients))
        if cached and static:
            lines.append(
                f"- cached role / static copy at {clients} clients: "
                f"{cached['rps'] / static['rps']:.0%} (target >= 50%)"
            )
    uncached16 = results.get(("role", "uncached", 16))
    if uncached16:
        lines.append(f"- uncached role p99 at 16 clients: {uncached16['p99']:.1f} ms (target < 50)")
    small = results.get(("role @100 roles", "uncached", 16))
    if small and uncached16:
        lines.append(
            f"- uncached role p50 at 16 clients: {small['p50']:.1f} ms at 100 roles, "
            f"{uncached16['p50']:.1f} ms at {total}"
        )
    for name in ("search", "search, misspelled"):
        alone, busy = results.get((name, "uncached", 1)), results.get((name, "uncached", 16))
        if alone and busy:
            lines.append(
                f"- {name} p95 at {total} roles: {alone['p95']:.1f} ms for one client "
                f"(target < 100), {busy['p95']:.1f} ms at 16 clients"
            )
    for mode, rss in memory.items():
        lines.append(f"- largest worker RSS after the {mode} run: {rss:.0f} MB (target < 150)")
    lines.append(f"- whole run: {elapsed:.0f} s")
    text = "\n".join(lines)
    print(text)
    (ROOT / "bench" / "last-run.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
