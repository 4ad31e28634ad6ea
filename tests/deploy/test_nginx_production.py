"""deploy/nginx/newsroom.conf, the production nginx configuration, run for real.

The file is used as shipped but for what only a server has: its ports become free loopback
ports, its certificate a throwaway self-signed one, its folders temporary ones, and gunicorn
a small server that answers with the headers nginx passed it.
"""

import http.client
import http.server
import json
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
CONFIG = BASE_DIR / "deploy" / "nginx" / "newsroom.conf"
SERVER_NAME = "www.example.ma"

pytestmark = pytest.mark.skipif(
    shutil.which("nginx") is None or shutil.which("openssl") is None,
    reason="nginx or openssl is not installed (.ci/run installs them)",
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class EchoHandler(http.server.BaseHTTPRequestHandler):
    """gunicorn's stand-in: answers with the request headers it received, as JSON."""

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        body = json.dumps(dict(self.headers.items())).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "private")
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):  # noqa: N802
        """The beacon's answer, with the client address gunicorn was given."""
        self.send_response(204)
        self.send_header("X-Seen-Forwarded-For", self.headers.get("X-Forwarded-For", ""))
        self.end_headers()

    def log_message(self, *args):
        pass


def nginx_supports_http2_directive():
    version = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr
    major, minor, patch = map(int, re.search(r"nginx/(\d+)\.(\d+)\.(\d+)", version).groups())
    return (major, minor, patch) >= (1, 25, 1)


def local_variant(folder, http_port, https_port, app_port):
    text = CONFIG.read_text()
    text = re.sub(r"^\s*listen \[::\].*\n", "", text, flags=re.M)
    text = text.replace("listen 80", f"listen 127.0.0.1:{http_port}")
    text = text.replace("listen 443", f"listen 127.0.0.1:{https_port}")
    if not nginx_supports_http2_directive():  # `http2 on;` is nginx 1.25.1 and later
        text = re.sub(r"^\s*http2 on;\n", "", text, flags=re.M)
    text = text.replace("/var/cache/nginx/newsroom", str(folder / "cache"))
    text = text.replace(f"/etc/letsencrypt/live/{SERVER_NAME}/fullchain.pem", str(folder / "cert"))
    text = text.replace(f"/etc/letsencrypt/live/{SERVER_NAME}/privkey.pem", str(folder / "key"))
    text = text.replace("/srv/newsroom/media/", f"{folder / 'media'}/")
    text = text.replace("/srv/newsroom/staticfiles/", f"{folder / 'static'}/")
    text = text.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};")
    temp = "\n".join(
        f"    {name}_temp_path {folder / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = folder / "nginx.conf"
    main.write_text(
        f"pid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\n"
        "daemon off;\nevents {}\n"
        f"http {{\n    access_log off;\n    include /etc/nginx/mime.types;\n{temp}\n"
        f"    include {folder / 'newsroom.conf'};\n}}\n"
    )
    (folder / "newsroom.conf").write_text(text)
    return main


@pytest.fixture(scope="module")
def production_nginx():
    # Not under pytest's own temporary folder: it is private to this user (0700), and nginx's
    # workers, which run as another user when started by root, could not read the files.
    folder = Path(tempfile.mkdtemp(prefix="newsroom-nginx-test-"))
    folder.chmod(0o755)
    (folder / "media" / "photos").mkdir(parents=True)
    (folder / "static").mkdir()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", f"/CN={SERVER_NAME}", "-keyout", folder / "key", "-out", folder / "cert"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    app = http.server.ThreadingHTTPServer(("127.0.0.1", 0), EchoHandler)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    http_port, https_port = free_port(), free_port()
    config = local_variant(folder, http_port, https_port, app.server_address[1])
    checked = subprocess.run(
        ["nginx", "-t", "-c", config, "-e", folder / "error.log"], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    nginx = subprocess.Popen(["nginx", "-c", config, "-e", folder / "error.log"])
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail((folder / "error.log").read_text())
                time.sleep(0.1)
        yield {"folder": folder, "http": http_port, "https": https_port}
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        app.shutdown()
        shutil.rmtree(folder, ignore_errors=True)


def https_get(nginx, path, host=SERVER_NAME, source="127.0.0.1", headers=(), method="GET"):
    """A request (GET unless `method`) over TLS with `host` as the server name and the Host
    header, as a browser sends."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    raw = socket.create_connection(
        ("127.0.0.1", nginx["https"]), timeout=10, source_address=(source, 0)
    )
    with context.wrap_socket(raw, server_hostname=host) as tls:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Connection: close"]
        if method == "POST":
            lines.append("Content-Length: 0")
        lines += [f"{name}: {value}" for name, value in dict(headers).items()]
        tls.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        response = http.client.HTTPResponse(tls)
        response.begin()
        return response, response.read()


def test_uploaded_files_are_sent_with_nosniff(production_nginx):
    photo = production_nginx["folder"] / "media" / "photos" / "a.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not really a picture")
    photo.chmod(0o644)

    response, body = https_get(production_nginx, "/media/photos/a.jpg")

    assert response.status == 200 and body == photo.read_bytes()
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_client_address_replaces_any_forwarded_for_the_client_sent(production_nginx):
    response, body = https_get(
        production_nginx, "/", source="127.0.0.2", headers={"X-Forwarded-For": "203.0.113.9"}
    )

    assert response.status == 200
    assert json.loads(body)["X-Forwarded-For"] == "127.0.0.2"


def test_a_request_for_an_unknown_host_is_closed_without_an_answer(production_nginx):
    with pytest.raises((ssl.SSLError, ConnectionError)):
        https_get(production_nginx, "/", host="evil.example")
    plain = http.client.HTTPConnection("127.0.0.1", production_nginx["http"], timeout=10)
    plain.request("GET", "/", headers={"Host": "evil.example"})
    with pytest.raises(http.client.RemoteDisconnected):
        plain.getresponse()
    plain.close()

    known = http.client.HTTPConnection("127.0.0.1", production_nginx["http"], timeout=10)
    known.request("GET", "/", headers={"Host": SERVER_NAME})
    assert known.getresponse().status == 301
    known.close()


def test_read_beacons_are_rate_limited_per_address(production_nginx):
    """50 at once from one address, then 5 a second: the rest get nginx's 429 and never reach
    the application; another address, and the pages of the limited one, are not affected."""

    def send(_n):
        response, _body = https_get(
            production_nginx,
            "/r/42",
            method="POST",
            source="127.0.0.4",
            headers={"X-Forwarded-For": "203.0.113.9"},
        )
        return response.status, response.headers.get("X-Seen-Forwarded-For")

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(pool.map(send, range(150)))
    elapsed = time.monotonic() - started
    statuses = [status for status, _seen in answers]
    assert set(statuses) == {204, 429}
    # The burst, plus at most 5 a second of the time the requests took.
    assert 51 <= statuses.count(204) <= 51 + 5 * (elapsed + 1), (statuses, elapsed)
    # The address nginx saw, never what the client wrote.
    assert {seen for status, seen in answers if status == 204} == {"127.0.0.4"}
    response, _body = https_get(production_nginx, "/r/42", method="POST", source="127.0.0.5")
    assert response.status == 204
    response, _body = https_get(production_nginx, "/", source="127.0.0.4")
    assert response.status == 200
