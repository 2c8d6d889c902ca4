"""The shipped front end (deploy/nginx.conf) run as a process in front of test instances.

No Docker engine runs here, so the tests render the same template the nginx image fills in for
compose.yaml (its `${NAME}` values) and start Debian's nginx on it. The only liberty taken: the
`server ${WEB_UPSTREAM} ...;` line is repeated once per instance, where in compose one name
resolves to every replica.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from tests.jobsite.live import Gunicorn

DEPLOY = Path(settings.BASE_DIR) / "deploy"
TEMPLATE_VALUE = re.compile(r"\$\{([A-Z_]+)\}")


def nginx_binary() -> str:
    """Debian's nginx, or a skip that says how to get it (CI's .ci/run installs it)."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        pytest.skip("needs nginx to run deploy/nginx.conf (apt-get install -y nginx)")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def render_nginx_conf(values: dict[str, str], upstreams: list[str]) -> str:
    """deploy/nginx.conf with its ${NAME} values filled in; every name must be given."""
    lines = []
    for line in (DEPLOY / "nginx.conf").read_text().splitlines():
        if line.lstrip().startswith("#"):
            lines.append(line)
        elif "${WEB_UPSTREAM}" in line:
            lines.extend(line.replace("${WEB_UPSTREAM}", address) for address in upstreams)
        else:
            lines.append(line)

    def fill(match: re.Match) -> str:
        return values[match.group(1)]  # a KeyError names a value the template gained

    return "\n".join(
        line if line.lstrip().startswith("#") else TEMPLATE_VALUE.sub(fill, line) for line in lines
    )


def production_env(front_end_port: int, **overrides: str) -> dict[str, str]:
    """The production configuration behind nginx, as compose.yaml gives it."""
    return {
        "DJANGO_ENV": "production",
        "DEBUG": "0",
        "SECRET_KEY": "cluster-test-secret-key-x7Qv2LpZr9Tn4Wk8Hs3Jd6Fg1Bm5Ya0Ce2Ru7Io9Pl4",
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "SITE_URL": f"https://localhost:{front_end_port}",
        "LOG_FORMAT": "plain",
        "EMAIL_BACKEND": "console",
        **overrides,
    }


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    text: str

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


class FrontEnd:
    """nginx on 127.0.0.1 with deploy/nginx.conf, a self-signed certificate from
    deploy/self-signed-cert, and `upstreams` ("127.0.0.1:port") behind it, until stop()."""

    def __init__(self, upstreams: list[str], https_port: int | None = None) -> None:
        binary = nginx_binary()
        self.directory = Path(tempfile.mkdtemp(prefix="roleatlas-nginx-"))
        self.http_port, self.https_port = free_port(), https_port or free_port()
        tls = self.directory / "tls"
        subprocess.run(
            [str(DEPLOY / "self-signed-cert"), str(tls), "localhost"],
            check=True,
            capture_output=True,
            timeout=60,
        )
        site = render_nginx_conf(
            {
                "HTTP_LISTEN": f"127.0.0.1:{self.http_port}",
                "HTTPS_LISTEN": f"127.0.0.1:{self.https_port}",
                "PUBLIC_HTTPS_PORT": str(self.https_port),
                "TLS_DIR": str(tls),
                "ERROR_PAGES_DIR": str(DEPLOY / "errors"),
            },
            upstreams,
        )
        (self.directory / "site.conf").write_text(site)
        # What the nginx image's (and Debian's) main nginx.conf provides around conf.d/*.conf.
        temp = self.directory / "temp"
        temp.mkdir()
        (self.directory / "nginx.conf").write_text(
            f"""
            {"user root;" if os.geteuid() == 0 else ""}
            worker_processes 2;
            pid {self.directory}/nginx.pid;
            error_log {self.directory}/error.log warn;
            events {{ worker_connections 1024; }}
            http {{
                include /etc/nginx/mime.types;
                default_type application/octet-stream;
                access_log {self.directory}/access.log;
                client_body_temp_path {temp}/body;
                proxy_temp_path {temp}/proxy;
                fastcgi_temp_path {temp}/fastcgi;
                uwsgi_temp_path {temp}/uwsgi;
                scgi_temp_path {temp}/scgi;
                include {self.directory}/site.conf;
            }}
            """
        )
        self.process = subprocess.Popen(
            [
                binary,
                "-p",
                str(self.directory),
                "-e",
                str(self.directory / "error.log"),
                "-c",
                str(self.directory / "nginx.conf"),
                "-g",
                "daemon off;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 15
        while not self._listening():
            if self.process.poll() is not None or time.monotonic() > deadline:
                log = self.error_log()
                self.stop()
                raise RuntimeError(f"nginx did not start:\n{log}")
            time.sleep(0.1)

    @property
    def url(self) -> str:
        return f"https://localhost:{self.https_port}"

    def _listening(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.https_port), timeout=1):
                return True
        except OSError:
            return False

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        https: bool = True,
        timeout: float = 10,
    ) -> Response:
        """One request, redirects not followed; a self-signed certificate, so no verification."""
        if https:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            connection = http.client.HTTPSConnection(
                "127.0.0.1", self.https_port, timeout=timeout, context=context
            )
            host = f"localhost:{self.https_port}"
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=timeout)
            host = f"localhost:{self.http_port}"
        try:
            connection.request(method, path, body=body, headers={"Host": host, **(headers or {})})
            response = connection.getresponse()
            return Response(
                response.status, response.headers, response.read().decode(errors="replace")
            )
        finally:
            connection.close()

    def error_log(self) -> str:
        path = self.directory / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        with contextlib.suppress(OSError):
            shutil.rmtree(self.directory)


def two_instances_behind_nginx(
    stack: contextlib.ExitStack, env: dict[str, str], https_port: int
) -> tuple[FrontEnd, list[Gunicorn]]:
    """Two gunicorn instances with `env` behind the shipped nginx on `https_port`, stopped
    when `stack` closes: (front end, [instance, instance])."""
    instances = []
    for _ in range(2):
        instance = Gunicorn(free_port(), env)
        stack.callback(instance.stop)
        instances.append(instance)
    front_end = FrontEnd([f"127.0.0.1:{i.port}" for i in instances], https_port=https_port)
    stack.callback(front_end.stop)
    return front_end, instances
