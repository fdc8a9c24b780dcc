"""CONTRACT DOUBLE of Grafana's HTTP API: Grafana cannot be built or run on this machine (Node-RED runs for real,
tests/peers.py).

Only what the workshop solutions call, with the real status codes and JSON shapes:
Grafana: GET /api/health, GET /api/user (basic auth), GET /api/datasources, POST /api/dashboards/db,
GET /api/dashboards/uid/<uid>, GET /api/search?tag=, POST /api/v1/provisioning/alert-rules,
GET /api/v1/provisioning/alert-rules, GET and PUT /api/v1/provisioning/alert-rules/<uid> (404 when absent), GET /api/folders/<uid>, POST /api/folders
(an alert rule's folder must exist, as in Grafana).
"""
from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class _Base(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body=None):
        data = b"" if status == 204 else json.dumps(body if body is not None else {}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        ctype = self.headers.get("Content-Type", "")
        if "json" in ctype:
            return json.loads(raw or b"null")
        return {k: v[0] for k, v in parse_qs(raw.decode()).items()}


class _Server:
    handler = None

    def __init__(self, **state):
        self.state = state
        handler = type("H", (self.handler,), {"state": self.state})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class _Grafana(_Base):
    def authorised(self):
        expected = base64.b64encode(f"{self.state['user']}:{self.state['password']}".encode()).decode()
        if self.headers.get("Authorization") != f"Basic {expected}":
            self.send(401, {"message": "Invalid username or password"})
            return False
        return True

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/api/health":
            return self.send(200, {"database": "ok", "version": "contract-double"})
        if not self.authorised():
            return
        if url.path == "/api/user":
            return self.send(200, {"id": 1, "login": self.state["user"], "isGrafanaAdmin": True})
        if url.path == "/api/datasources":
            return self.send(200, [{"uid": "influxdb", "name": "InfluxDB", "type": "influxdb",
                                    "jsonData": {"version": "Flux"}}])
        if url.path.startswith("/api/dashboards/uid/"):
            uid = url.path.rsplit("/", 1)[1]
            d = self.state["dashboards"].get(uid)
            return self.send(200, {"dashboard": d, "meta": {}}) if d else self.send(404, {"message": "Dashboard not found"})
        if url.path == "/api/search":
            tag = parse_qs(url.query).get("tag", [None])[0]
            hits = [{"uid": d["uid"], "title": d["title"], "tags": d.get("tags", []), "type": "dash-db"}
                    for d in self.state["dashboards"].values() if tag is None or tag in d.get("tags", [])]
            return self.send(200, hits)
        if url.path == "/api/v1/provisioning/alert-rules":
            return self.send(200, list(self.state["alerts"].values()))
        if url.path.startswith("/api/folders/"):
            f = self.state["folders"].get(url.path.rsplit("/", 1)[1])
            return self.send(200, f) if f else self.send(404, {"message": "folder not found"})
        if url.path.startswith("/api/v1/provisioning/alert-rules/"):
            rule = self.state["alerts"].get(url.path.rsplit("/", 1)[1])
            return self.send(200, rule) if rule else self.send(404, {"message": "rule not found"})
        self.send(404, {"message": "Not found"})

    def do_POST(self):
        url = urlparse(self.path)
        body = self.body()
        if not self.authorised():
            return
        if url.path == "/api/dashboards/db":
            d = body.get("dashboard") or {}
            if not d.get("title") or not isinstance(d.get("panels"), list):
                return self.send(400, {"message": "Dashboard title and panels are required"})
            uid = d.get("uid") or f"auto{len(self.state['dashboards'])}"
            if uid in self.state["dashboards"] and not body.get("overwrite"):
                return self.send(412, {"status": "name-exists", "message": "A dashboard with the same uid already exists"})
            self.state["dashboards"][uid] = dict(d, uid=uid)
            return self.send(200, {"status": "success", "uid": uid, "url": f"/d/{uid}", "version": 1})
        if url.path == "/api/folders":
            if body.get("uid") in self.state["folders"]:
                return self.send(412, {"message": "a folder with the same uid already exists"})
            self.state["folders"][body["uid"]] = {"uid": body["uid"], "title": body.get("title")}
            return self.send(200, self.state["folders"][body["uid"]])
        if url.path == "/api/v1/provisioning/alert-rules":
            for key in ("title", "condition", "data", "folderUID", "ruleGroup", "for"):
                if key not in body:
                    return self.send(400, {"message": f"invalid alert rule: {key} is required"})
            if body["folderUID"] not in self.state["folders"]:
                return self.send(400, {"message": "invalid alert rule: folder does not exist"})
            uid = body.get("uid") or f"rule{len(self.state['alerts'])}"
            self.state["alerts"][uid] = dict(body, uid=uid)
            return self.send(201, dict(body, uid=uid))
        self.send(404, {"message": "Not found"})


    def do_PUT(self):
        url = urlparse(self.path)
        body = self.body()
        if not self.authorised():
            return
        if url.path.startswith("/api/v1/provisioning/alert-rules/"):
            uid = url.path.rsplit("/", 1)[1]
            if uid not in self.state["alerts"]:
                return self.send(404, {"message": "rule not found"})
            self.state["alerts"][uid] = dict(body, uid=uid)
            return self.send(200, dict(body, uid=uid))
        self.send(404, {"message": "Not found"})


class GrafanaDouble(_Server):
    handler = _Grafana

    def __init__(self, user="admin", password="grafana-pw"):
        super().__init__(user=user, password=password, dashboards={}, alerts={}, folders={})
