"""`make bench`: the production stack under load, next to the framework floor, in one run.

Starts gunicorn (jobsite/gunicorn.conf.py, DEBUG off) on PostgreSQL and Redis: with the page
cache off (every request renders), with it on, and, as the floor, a bare Django that serves the
saved role page (bench/floor.py) under the same gunicorn settings. wrk, from a second process,
loads each page at several concurrencies for a fixed time: the role, category, home and A-Z
pages, a sitemap section, the feed, the occupation explorer, an occupation's page, a role's pay
by state, and four searches (plain, phrase, misspelled, no match). Every ratio in the report
(uncached role / floor, page-cache hit / floor) comes from the same run.

Cost is CPU per request in the gunicorn workers (utime + stime from /proc, over the requests
wrk counted) at one client, where wrk's own CPU cannot slow the server. Each page is measured
at a tenth of BENCH_ROLES (at most 1,000) and at BENCH_ROLES, with its query count at both (one
render through Django's test client with the page cache off, after one that fills the
process's caches), to show whether its cost grows with the catalogue. A cold crawl then walks
every published role page once through one fresh instance with the page cache empty
(bench/crawl.lua), and the workers' memory is read after it. No figure is taken before the
data is checked: every generated role has its search vector, each search finds generated roles
(the misspelled one through its correction) and the no-match search none, the uncached server
renders and the cached one serves hits.

The bench turns off gunicorn's worker recycling (max_requests) for every server, floor
included: a worker starting mid-point would add its start-up to that point's CPU, and the
memory after the crawl should be that of the workers that served it. All else is the config.

Writes bench/last-run.md: the table, the issue 17 targets MET or MISSED, and the run's setting.

Environment: DATABASE_URL (PostgreSQL, created if missing, its roles replaced), REDIS_URL (its
database is flushed), BENCH_ROLES (generated roles, default 10000), BENCH_SECONDS (per point,
default 5), BENCH_CONCURRENCY (default "1,16,64"; 1 and 16 are always measured), BENCH_PORT
(8620; the bench uses it and the next two).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
ROLES = int(os.environ.get("BENCH_ROLES", "10000"))
# The catalogue size every page is compared against: a tenth of BENCH_ROLES, at most 1,000. At
# 1,000 generated roles every category fills more than a page and the A-Z index is paged, as at
# 10,000, so "constant" compares pages that show as many rows (at 100 they showed fewer).
SMALL = min(1000, ROLES // 10)
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONCURRENCY = sorted(
    {1, 16, *(int(c) for c in os.environ.get("BENCH_CONCURRENCY", "1,16,64").split(","))}
)
PORT = int(os.environ.get("BENCH_PORT", "8620"))
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
HIT_HEADER = "X-Page-Cache"  # roles/page_cache/middleware.py: hit, miss or bypass

SEARCHES = {
    "search, plain": "cloud security",
    "search, phrase": '"solutions architect"',
    "search, misspelled": "archtect",
    "search, no match": "zzqxv",
}
# Issue 17's targets.
TODAY_UNCACHED_RPS = 75
UNCACHED_SPEED_UP = 5
UNCACHED_SHARE_OF_FLOOR = 0.1
CACHED_SHARE_OF_FLOOR = 0.7
RENDER_CPU_MS = 4
SEARCH_P95_ALONE_MS = 20
SEARCH_P95_BUSY_MS = 100
CRAWL_P99_MS = 100
PAGE_COST_OF_ROLE = 2
WORKER_RSS_MB = 150
# How far a page's CPU per request may drift between SMALL and BENCH_ROLES roles and still count
# as constant: the machine is shared, and a 1-client point's CPU varies by about this much.
CONSTANT_CPU_DRIFT = 1.5

Point = dict[str, float]


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
    if ROLES <= SMALL:
        sys.exit(f"bench: BENCH_ROLES must be more than {SMALL}")
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


def flush_page_cache(env: dict[str, str]) -> None:
    """Empty the bench's Redis database, so that the next server starts with no cached page."""
    import redis

    redis.Redis.from_url(env["REDIS_URL"]).flushdb()


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    return result.stdout.strip()


def django_value(env: dict[str, str], code: str) -> str:
    """Run `code` (which prints) inside Django with the bench's settings."""
    return manage(env, "shell", "-v0", "-c", code)


def django_json(env: dict[str, str], code: str, **values: object) -> dict:
    """Run `code`, which reads `values` as VALUES and prints JSON, inside Django."""
    preamble = f"import json; VALUES = json.loads({json.dumps(values)!r})\n"
    return json.loads(django_value(env, preamble + code))


def page_env(env: dict[str, str]) -> dict[str, str]:
    return {**env, "PAGE_CACHE_SECONDS": "0"}


PICK_PAGES = """
import re
from django.test import Client
from django.urls import reverse
from roles.models import Category, Role

published = Role.objects.published()
role = published.filter(slug__startswith="gen-").order_by("pk")[10]
paid = published.filter(soc__isnull=False).select_related("category", "soc").order_by("pk")[0]
index = Client().get(reverse("roles:sitemap")).content.decode()
sections = re.findall(r"<loc>[a-z]+://[^/<]+(/sitemap-[a-z]+[.]xml)</loc>", index)
print(json.dumps({
    "role": role.get_absolute_url(),
    "category": Category.objects.listed().order_by("-published_role_count")[0].get_absolute_url(),
    "home": reverse("roles:home"),
    "a-z": reverse("roles:role-index"),
    # The section that grows with the catalogue.
    "sitemap, roles": next(s for s in sections if s.endswith("-roles.xml")),
    "feed": reverse("roles:feed"),
    "occupation explorer": reverse("wages:occupations"),
    "occupation": paid.soc.get_absolute_url(),
    "pay by state": reverse(
        "wages:role-states", kwargs={"category_slug": paid.category.slug, "role_slug": paid.slug}
    ),
}))
"""


def pick_pages(env: dict[str, str]) -> dict[str, str]:
    """The path of each page type: real pages of the catalogue as it is now."""
    return django_json(env, PICK_PAGES)


def search_pages() -> dict[str, str]:
    return {name: "/search/?" + urllib.parse.urlencode({"q": q}) for name, q in SEARCHES.items()}


COUNT_QUERIES = """
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

client = Client()
counts = {}
for name, path in VALUES["pages"].items():
    client.get(path)  # fills this process's caches, as a worker's first requests do
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    counts[name] = [status, len(queries)]
print(json.dumps(counts))
"""


def count_queries(env: dict[str, str], pages: dict[str, str]) -> dict[str, int]:
    """Each page's queries in one full render; exits if a page does not answer 200."""
    counts = django_json(page_env(env), COUNT_QUERIES, pages=pages)
    for name, (status, _) in counts.items():
        if status != 200:
            sys.exit(f"bench: {name} ({pages[name]}) answers {status}; figures void")
    return {name: queries for name, (_, queries) in counts.items()}


def check_search_vectors(env: dict[str, str]) -> str:
    """Exits unless every generated role has its search vector and a current page document
    (roles/documents.py: without one its page reads its rows the slow way); returns the number
    of roles."""
    unsearchable, undocumented, total = django_value(
        env,
        "from roles.documents import document_format; from roles.models import Role; "
        "generated = Role.objects.filter(slug__startswith='gen-'); "
        "print(generated.filter(search_vector__isnull=True).count(), "
        "generated.exclude(document__format=document_format()).count(), Role.objects.count())",
    ).split()
    if unsearchable != "0":
        sys.exit(f"bench: {unsearchable} generated roles have no search vector; figures void")
    if undocumented != "0":
        sys.exit(f"bench: {undocumented} generated roles have no current document; figures void")
    log(f"valid: every generated role of {total} has its search vector and page document")
    return total


SEARCH_RESULTS = """
import re
from django.test import Client

found = {}
for name, path in VALUES["pages"].items():
    body = Client().get(path).content.decode()
    found[name] = [
        len(re.findall(r'href="/jobs/gen-[^"]+/gen-', body)),
        "Showing results for" in body,
    ]
print(json.dumps(found))
"""


def check_searches(env: dict[str, str], searches: dict[str, str]) -> None:
    """No search figure is taken on results a reader would not see: each timed search lists
    generated roles (not only the fixture roles), as typed or, misspelled, through its
    correction; the no-match search lists none."""
    found = django_json(page_env(env), SEARCH_RESULTS, pages=searches)
    for name, (generated, corrected) in found.items():
        if name == "search, no match":
            valid = generated == 0
        elif name == "search, misspelled":
            valid = generated > 0 and corrected
        else:
            valid = generated > 0 and not corrected
        if not valid:
            sys.exit(
                f"bench: {searches[name]} lists {generated} generated roles"
                f"{' through a correction' if corrected else ''}; figures void"
            )
        log(f"valid: {searches[name]} lists {generated} generated roles")


@dataclass
class Server:
    """A gunicorn with jobsite/gunicorn.conf.py: the site (page_cache False renders every
    request) or, with floor_page, bench/floor.py serving that file."""

    env: dict[str, str]
    port: int
    page_cache: bool = False
    floor_page: Path | None = None
    base: str = field(init=False)

    def __post_init__(self) -> None:
        env = {**self.env, "HOST": "127.0.0.1", "PORT": str(self.port)}
        if not self.page_cache:
            env["PAGE_CACHE_SECONDS"] = "0"
        app, ready = ["jobsite.wsgi"], "/jobs/"
        if self.floor_page:
            env["BENCH_FLOOR_PAGE"] = str(self.floor_page)
            app, ready = ["--pythonpath", "bench", "floor"], "/"
        self.base = f"http://127.0.0.1:{self.port}"
        self.logfile = open(f"/tmp/bench-gunicorn-{self.port}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                GUNICORN,
                *app,
                "--config",
                "jobsite/gunicorn.conf.py",
                "--access-logfile",
                "/dev/null",
                "--max-requests",
                "0",
            ],
            env=env,
            cwd=ROOT,
            stdout=self.logfile,
            stderr=subprocess.STDOUT,
        )
        for _ in range(150):
            try:
                urllib.request.urlopen(self.base + ready, timeout=2)
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        sys.exit(f"bench: gunicorn on {self.port} did not start; see {self.logfile.name}")

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def workers(self) -> list[Path]:
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                if int(_stat_fields(stat)[1]) == self.process.pid:
                    found.append(stat.parent)
            except (OSError, IndexError):
                continue
        return found

    def cpu_seconds(self) -> float:
        """CPU time the workers have used (recycling is off, so no worker leaves the count)."""
        ticks = 0
        for worker in self.workers():
            fields = _stat_fields(worker / "stat")
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / CLOCK_TICKS

    def wait_idle(self) -> None:
        """Wait until the workers stop using CPU: requests the previous point left in flight
        when wrk stopped must not count towards the next."""
        before = self.cpu_seconds()
        for _ in range(50):
            time.sleep(0.2)
            now = self.cpu_seconds()
            if now == before:
                return
            before = now

    def worker_rss_mb(self, peak: bool = False) -> list[float]:
        """Each worker's resident memory now, or the most it has held (VmHWM)."""
        name = "VmHWM" if peak else "VmRSS"
        sizes = []
        for worker in self.workers():
            found = re.search(rf"{name}:\s+(\d+) kB", (worker / "status").read_text())
            if found:
                sizes.append(int(found.group(1)) / 1024)
        return sizes

    def cache_outcome(self, path: str) -> str | None:
        with urllib.request.urlopen(self.base + path, timeout=10) as response:
            return response.headers.get(HIT_HEADER)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(20)
        self.logfile.close()


def _stat_fields(stat: Path) -> list[str]:
    """/proc/<pid>/stat after the command name: [0] is field 3 (state), [1] the parent's pid,
    [11] and [12] utime and stime in clock ticks."""
    return stat.read_text().rsplit(")", 1)[1].split()


# The 1-minute load average at the end of each point: the machine may be shared, and load
# before and after the run does not show what ran meanwhile.
LOAD_SEEN: list[float] = []


def wrk_point(wrk: str, url: str, clients: int, seconds: int) -> Point:
    result = subprocess.run(
        [
            wrk,
            f"-t{min(2, clients)}",
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
    LOAD_SEEN.append(os.getloadavg()[0])
    return _bench_line(result.stdout)


def _bench_line(output: str) -> Point:
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    return {k: float(v) for k, v in (pair.split("=") for pair in line.split()[1:])}


def measure(wrk: str, server: Server, path: str, concurrency: list[int]) -> dict[int, Point]:
    """A warm-up, then a point per concurrency; the one-client point with its CPU per request."""
    wrk_point(wrk, server.base + path, 4, 1)  # connections, per-process caches, templates
    points = {}
    for clients in concurrency:
        server.wait_idle()
        before = server.cpu_seconds()
        point = wrk_point(wrk, server.base + path, clients, SECONDS)
        if clients == 1 and point["requests"]:
            point["cpu_ms"] = (server.cpu_seconds() - before) * 1000 / point["requests"]
        points[clients] = point
    return points


def crawl(wrk: str, server: Server, paths: list[str]) -> Point:
    """Every path once at 16 clients (bench/crawl.lua); wrk is stopped when all are answered."""
    listing = Path(f"/tmp/bench-crawl-{server.port}.txt")
    listing.write_text("\n".join(paths) + "\n")
    threads = 2
    process = subprocess.Popen(
        [
            wrk,
            f"-t{threads}",
            "-c16",
            f"-d{max(60, len(paths) // 5)}s",  # a bound far beyond the crawl's time
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench" / "crawl.lua"),
            server.base,
            "--",
            str(listing),
            str(threads),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    output, done = [], 0
    for line in process.stdout:
        output.append(line)
        if line.strip() == "CRAWL-DONE":
            done += 1
            if done == threads:
                process.send_signal(signal.SIGINT)
    process.wait()
    point = _bench_line("".join(output))
    point["listed"] = len(paths)
    return point


Results = dict[tuple[str, str, int], Point]


def main() -> None:
    wrk = need_wrk()
    env = environment()
    started = time.monotonic()
    load_before = os.getloadavg()
    commit = commit_of_this_tree()
    create_database(env["DATABASE_URL"])
    log(f"migrate, collectstatic, fixtures, {SMALL} generated roles")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "load_wages", "-v0")  # role pages show pay, as in production
    manage(env, "loaddata", "categories", "roles", "-v0")
    manage(env, "generate_roles", "--clear", "--count", str(SMALL), "--seed", "1")
    vacuum(env["DATABASE_URL"])  # a rerun's cleared roles would otherwise slow the small run

    results: Results = {}
    queries: dict[str, dict[str, int]] = {}
    small_total = check_search_vectors(env)
    pages = pick_pages(env)
    queries["small"] = count_queries(env, pages)
    small = f"uncached, {small_total} roles"
    flush_page_cache(env)
    with Server(env, PORT) as server:
        _check_outcome(server, pages["role"], "bypass")
        for name, path in pages.items():
            log(f"{small} {name}")
            concurrency = [1, 16] if name == "role" else [1]
            for clients, point in measure(wrk, server, path, concurrency).items():
                results[(name, small, clients)] = point

    log(f"generating up to {ROLES:,} roles")
    log(manage(env, "generate_roles", "--count", str(ROLES - SMALL), "--seed", "2"))
    vacuum(env["DATABASE_URL"])
    total = check_search_vectors(env)
    pages = pick_pages(env)
    searches = search_pages()
    check_searches(env, searches)
    queries["full"] = count_queries(env, {**pages, **searches})

    # The floor serves the role page exactly as the site renders it.
    floor_page = Path(f"/tmp/bench-role-page-{PORT}.html")
    floor_page.write_text(
        django_value(
            page_env(env),
            "from django.test import Client; import sys; "
            f"sys.stdout.write(Client().get({pages['role']!r}).content.decode())",
        )
    )
    with Server(env, PORT + 2, floor_page=floor_page) as server:
        log("floor")
        for clients, point in measure(wrk, server, "/", CONCURRENCY).items():
            results[("role page, bare Django", "floor", clients)] = point

    memory: dict[str, float] = {}
    flush_page_cache(env)
    with Server(env, PORT) as server:
        _check_outcome(server, pages["role"], "bypass")
        for name, path in {**pages, **searches}.items():
            log(f"uncached {name}")
            for clients, point in measure(wrk, server, path, CONCURRENCY).items():
                results[(name, "uncached", clients)] = point
        memory["uncached run"] = max(server.worker_rss_mb())

    flush_page_cache(env)
    with Server(env, PORT + 1, page_cache=True) as server:
        for name, path in pages.items():
            if server.cache_outcome(path) is None:
                log(f"cached {name}: not in the page cache, skipped")
                continue
            log(f"cached {name}")
            points = measure(wrk, server, path, CONCURRENCY)
            # The warm-up and the points were hits only if the page is a hit now.
            _check_outcome(server, path, "hit")
            for clients, point in points.items():
                results[(name, "cached", clients)] = point
        memory["cached run"] = max(server.worker_rss_mb())

    role_paths = django_value(
        env,
        "from roles.models import Role; print('\\n'.join(r.get_absolute_url() for r in "
        "Role.objects.published().select_related('category').order_by('pk')))",
    ).splitlines()
    flush_page_cache(env)
    with Server(env, PORT + 1, page_cache=True) as server:
        log(f"cold crawl of {len(role_paths):,} role pages")
        crawled = crawl(wrk, server, role_paths)
        crawl_rss = server.worker_rss_mb()
        crawl_peak = server.worker_rss_mb(peak=True)

    Report(
        results=results,
        queries=queries,
        memory=memory,
        crawled=crawled,
        crawl_rss=crawl_rss,
        crawl_peak=crawl_peak,
        small_total=small_total,
        total=total,
        load_before=load_before,
        elapsed=time.monotonic() - started,
        commit=commit,
    ).write()


def commit_of_this_tree() -> str:
    """The commit the figures are of, and whether the tree differs from it (bench/last-run.md
    aside: it holds the previous run)."""

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)

    commit = git("rev-parse", "--short", "HEAD").stdout.strip()
    if git("diff", "--quiet", "HEAD", "--", ".", ":(exclude)bench/last-run.md").returncode:
        commit += " with uncommitted changes"
    return commit


def _check_outcome(server: Server, path: str, expected: str) -> None:
    outcome = server.cache_outcome(path)
    if outcome != expected:
        sys.exit(f"bench: {path} was a page-cache {outcome}, not a {expected}; figures void")
    log(f"valid: {path} is a page-cache {expected} on port {server.port}")


@dataclass
class Report:
    results: Results
    queries: dict[str, dict[str, int]]
    memory: dict[str, float]
    crawled: Point
    crawl_rss: list[float]
    crawl_peak: list[float]
    small_total: str
    total: str
    load_before: tuple[float, float, float]
    elapsed: float
    commit: str

    def write(self) -> None:
        load_after = os.getloadavg()
        lines = [
            f"RoleAtlas bench, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {self.commit}, "
            f"{os.cpu_count()} cores, {self.total} roles ({self.small_total} for the small "
            "points) on PostgreSQL + Redis, gunicorn config jobsite/gunicorn.conf.py with "
            f"max_requests off, wrk {SECONDS} s per point, load average (1 min) "
            f"{self.load_before[0]:.1f} before, {load_after[0]:.1f} after and up to "
            f"{max(LOAD_SEEN, default=0):.1f} during it; "
            f"whole run {self.elapsed:.0f} s",
            "",
            "CPU ms: the gunicorn workers' CPU per request, at one client.",
            "",
            "| page | mode | clients | req/s | p50 ms | p95 ms | p99 ms | CPU ms | errors |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for (name, mode, clients), r in self.results.items():
            cpu = f"{r['cpu_ms']:.1f}" if "cpu_ms" in r else ""
            lines.append(
                f"| {name} | {mode} | {clients} | {r['rps']:.0f} | {r['p50']:.1f} "
                f"| {r['p95']:.1f} | {r['p99']:.1f} | {cpu} | {r['errors']:.0f} |"
            )
        c = self.crawled
        lines += [
            "",
            f"Cold crawl: {c['pages']:.0f} of {c['listed']:.0f} published role pages, each once, "
            f"page cache empty, one instance, 16 clients: {c['seconds']:.1f} s, "
            f"{c['rps']:.0f} pages/s, p50 {c['p50']:.1f} ms, p95 {c['p95']:.1f} ms, "
            f"p99 {c['p99']:.1f} ms, {c['errors']:.0f} errors, {c['not_cold']:.0f} not a miss. "
            f"Workers' RSS after it: {_megabytes(self.crawl_rss)}; the most each held: "
            f"{_megabytes(self.crawl_peak)}.",
            "",
            "Role page req/s as a share of the floor's, uncached / cached: "
            + ", ".join(
                f"{self.share_of_floor('uncached', n)} / {self.share_of_floor('cached', n)} "
                f"at {n} clients"
                for n in CONCURRENCY
            )
            + ".",
            "",
            "Worker RSS, largest, after the uncached and the cached runs: "
            + ", ".join(f"{rss:.0f} MB ({mode})" for mode, rss in self.memory.items())
            + ".",
            "",
            "Queries per render, at "
            f"{self.small_total} and at {self.total} roles: "
            + ", ".join(
                f"{name} {self.queries['small'].get(name, '-')} / {count}"
                for name, count in self.queries["full"].items()
            )
            + ".",
            "",
            "## Targets (issue 17)",
            "",
            "| target | measured | goal | |",
            "|---|---|---|---|",
        ]
        for target, measured, goal, met in self.targets():
            lines.append(f"| {target} | {measured} | {goal} | {'MET' if met else 'MISSED'} |")
        text = "\n".join(lines)
        print(text)
        (ROOT / "bench" / "last-run.md").write_text(text + "\n")

    def point(self, name: str, mode: str, clients: int) -> Point:
        return self.results[(name, mode, clients)]

    def share_of_floor(self, mode: str, clients: int) -> str:
        role = self.point("role", mode, clients)["rps"]
        return f"{role / self.point('role page, bare Django', 'floor', clients)['rps']:.2f}"

    def targets(self) -> list[tuple[str, str, str, bool]]:
        small = f"uncached, {self.small_total} roles"
        floor = self.point("role page, bare Django", "floor", 16)
        role = self.point("role", "uncached", 16)
        cached = self.point("role", "cached", 16)
        role_cpu = self.point("role", "uncached", 1)["cpu_ms"]
        wanted_rps = TODAY_UNCACHED_RPS * UNCACHED_SPEED_UP
        rows = [
            (
                "uncached role page, 16 clients",
                f"{role['rps']:.0f} req/s",
                f">= {wanted_rps} req/s ({UNCACHED_SPEED_UP} x {TODAY_UNCACHED_RPS})",
                role["rps"] >= wanted_rps,
            ),
            (
                "uncached role page / floor, 16 clients",
                f"{role['rps'] / floor['rps']:.2f} ({role['rps']:.0f} / {floor['rps']:.0f})",
                f">= {UNCACHED_SHARE_OF_FLOOR}",
                role["rps"] / floor["rps"] >= UNCACHED_SHARE_OF_FLOOR,
            ),
            (
                f"role page render, CPU in the worker, {self.total} roles",
                f"{role_cpu:.1f} ms",
                f"<= {RENDER_CPU_MS} ms",
                role_cpu <= RENDER_CPU_MS,
            ),
            (
                "page-cache hit (role page) / floor, 16 clients",
                f"{cached['rps'] / floor['rps']:.2f} ({cached['rps']:.0f} / {floor['rps']:.0f})",
                f">= {CACHED_SHARE_OF_FLOOR}",
                cached["rps"] / floor["rps"] >= CACHED_SHARE_OF_FLOOR,
            ),
        ]
        for name in SEARCHES:
            alone, busy = self.point(name, "uncached", 1), self.point(name, "uncached", 16)
            rows += [
                (
                    f"{name}, p95, one reader",
                    f"{alone['p95']:.1f} ms",
                    f"< {SEARCH_P95_ALONE_MS} ms",
                    alone["p95"] < SEARCH_P95_ALONE_MS,
                ),
                (
                    f"{name}, p95, 16 clients",
                    f"{busy['p95']:.1f} ms",
                    f"< {SEARCH_P95_BUSY_MS} ms",
                    busy["p95"] < SEARCH_P95_BUSY_MS,
                ),
            ]
        c = self.crawled
        rows.append(
            (
                f"cold crawl, 16 clients ({c['seconds']:.1f} s for {c['pages']:.0f} pages)",
                f"p99 {c['p99']:.1f} ms, {c['errors']:.0f} errors",
                f"p99 < {CRAWL_P99_MS} ms, every page once, no errors",
                c["p99"] < CRAWL_P99_MS
                and c["pages"] == c["listed"]
                and c["errors"] == 0
                and c["not_cold"] == 0,
            )
        )
        for name in self.queries["small"]:
            cpu = self.point(name, "uncached", 1)["cpu_ms"]
            cpu_small = self.point(name, small, 1)["cpu_ms"]
            count, count_small = self.queries["full"][name], self.queries["small"][name]
            if name != "role":
                rows.append(
                    (
                        f"{name}: cost (CPU per request) against the uncached role page",
                        f"{cpu:.1f} ms = {cpu / role_cpu:.1f} x",
                        f"<= {PAGE_COST_OF_ROLE} x",
                        cpu <= PAGE_COST_OF_ROLE * role_cpu,
                    )
                )
            rows.append(
                (
                    f"{name}: constant in the number of roles ({self.small_total} -> {self.total})",
                    f"queries {count_small} -> {count}, CPU {cpu_small:.1f} -> {cpu:.1f} ms",
                    f"same queries, CPU within {CONSTANT_CPU_DRIFT} x",
                    count == count_small and cpu <= CONSTANT_CPU_DRIFT * cpu_small,
                )
            )
        rows.append(
            (
                "each worker's RSS after the crawl",
                f"largest {max(self.crawl_rss):.0f} MB",
                f"< {WORKER_RSS_MB} MB",
                max(self.crawl_rss) < WORKER_RSS_MB,
            )
        )
        return rows


def _megabytes(sizes: list[float]) -> str:
    return ", ".join(f"{size:.0f}" for size in sorted(sizes)) + " MB"


if __name__ == "__main__":
    main()
