"""CONTRACT DOUBLE of InfluxDB 2 (InfluxDB cannot run on the test machine).

It implements the HTTP contract the workshop, the lab API (influxdb-client-java) and the simulator use:
  GET /health, GET /ping, GET /api/v2/buckets, POST /api/v2/write (line protocol, gzip, precision, token, org,
  bucket), POST /api/v2/query (JSON {"query": ...} -> annotated CSV).
Flux is interpreted for a documented subset only: from, range, filter (==, !=, <, >, <=, >=, and, or on r.x /
r["x"]), last, first, mean, max, min, sum, count, limit, sort, group, aggregateWindow(every, fn), keep, yield.
Anything else is answered 400 "unsupported by the contract double" so a test can never pass on a query the
double does not understand.
"""
from __future__ import annotations

import gzip
import json
import re
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

PRECISION = {"ns": 1, "us": 1_000, "ms": 1_000_000, "s": 1_000_000_000}
DURATION = {"ns": 1, "us": 1_000, "ms": 1_000_000, "s": 1_000_000_000, "m": 60_000_000_000,
            "h": 3_600_000_000_000, "d": 86_400_000_000_000, "w": 604_800_000_000_000}


class FluxUnsupported(Exception):
    pass


def _split_unescaped(text: str, sep: str):
    out, cur, i, quoted = [], "", 0, False
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            cur += text[i:i + 2]
            i += 2
            continue
        if ch == '"':
            quoted = not quoted
        if ch == sep and not quoted:
            out.append(cur)
            cur = ""
        else:
            cur += ch
        i += 1
    out.append(cur)
    return out


def _unescape(s: str) -> str:
    return re.sub(r"\\(.)", r"\1", s)


def parse_line(line: str, precision: str):
    """One line of line protocol -> (measurement, tags, fields, time_ns)."""
    parts = _split_unescaped(line.strip(), " ")
    parts = [p for p in parts if p != ""]
    if len(parts) not in (2, 3):
        raise ValueError(f"unable to parse '{line}'")
    series = _split_unescaped(parts[0], ",")
    measurement = _unescape(series[0])
    tags = {}
    for t in series[1:]:
        k, v = _split_unescaped(t, "=")
        tags[_unescape(k)] = _unescape(v)
    fields = {}
    for f in _split_unescaped(parts[1], ","):
        k, v = f.split("=", 1)
        if v.startswith('"'):
            value = v[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        elif v in ("t", "T", "true", "True", "TRUE"):
            value = True
        elif v in ("f", "F", "false", "False", "FALSE"):
            value = False
        elif v.endswith("i"):
            value = int(v[:-1])
        elif v.endswith("u"):
            value = int(v[:-1])
        else:
            value = float(v)
        fields[_unescape(k)] = value
    ts = int(parts[2]) * PRECISION[precision] if len(parts) == 3 else time.time_ns()
    return measurement, tags, fields, ts


def _duration(text: str) -> int:
    total = 0
    for n, unit in re.findall(r"(\d+)(ns|us|ms|s|m|h|d|w)", text):
        total += int(n) * DURATION[unit]
    return total


def _time_arg(text: str, now: int) -> int:
    text = text.strip()
    if text in ("0", "0s"):
        return 0
    if text == "now()":
        return now
    if text.startswith("-"):
        return now - _duration(text[1:])
    dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return int(dt.timestamp() * 1e9)


def _args(text: str) -> dict:
    """`a: 1, b: "x", c: [..]` -> raw strings per name (nested brackets and quotes kept together)."""
    out, depth, cur, key, quoted = {}, 0, "", None, False
    for ch in text + ",":
        if ch == '"':
            quoted = not quoted
        if not quoted and ch in "([{":
            depth += 1
        if not quoted and ch in ")]}":
            depth -= 1
        if ch == ":" and depth == 0 and not quoted and key is None:
            key, cur = cur.strip(), ""
            continue
        if ch == "," and depth == 0 and not quoted:
            if key is not None:
                out[key] = cur.strip()
            key, cur = None, ""
            continue
        cur += ch
    return out


def _string(v: str) -> str:
    return json.loads(v) if v.startswith('"') else v


def _string_list(v: str) -> list:
    return [json.loads(x) for x in re.findall(r'"(?:[^"\\]|\\.)*"', v)]


def _predicate(body: str):
    m = re.fullmatch(r"\s*\(\s*r\s*\)\s*=>\s*(.*)", body, re.S)
    if not m:
        raise FluxUnsupported(f"filter function {body!r}")
    expr = m.group(1)
    if "=~" in expr or "!~" in expr or "exists" in expr:
        raise FluxUnsupported("regular expressions / exists in filter")
    py = re.sub(r'r\["([^"]+)"\]', r'r.get("\1")', expr)
    py = re.sub(r"\br\.([A-Za-z_][A-Za-z0-9_]*)", r'r.get("\1")', py)
    if re.search(r"[^\w\s\"'.=!<>()\-+,]", re.sub(r'"(?:[^"\\]|\\.)*"', '""', py)):
        raise FluxUnsupported(f"filter expression {expr!r}")
    code = compile(py.replace("\n", " "), "<flux-filter>", "eval")

    def test(row):
        try:
            return bool(eval(code, {"__builtins__": {}}, {"r": row}))  # noqa: S307 - test double, own subset
        except TypeError:
            return False
    return test


def _key(row, columns):
    return tuple((c, row.get(c)) for c in columns)


class Store:
    def __init__(self, org: str, bucket: str, token: str):
        self.org, self.bucket, self.token = org, bucket, token
        self.points = []  # (measurement, tags, fields, time_ns)
        self.lock = threading.Lock()
        self.write_requests = 0

    def rows(self):
        with self.lock:
            pts = list(self.points)
        for m, tags, fields, ts in pts:
            for f, v in fields.items():
                row = {"_measurement": m, "_field": f, "_value": v, "_time": ts}
                row.update(tags)
                yield row

    # ---- Flux subset -------------------------------------------------------------------------------------
    def query(self, flux: str):
        flux = re.sub(r"//[^\n]*", "", flux)
        stages = [s.strip() for s in re.split(r"\|>", flux) if s.strip()]
        now = time.time_ns()
        m = re.fullmatch(r'from\s*\(\s*bucket\s*:\s*"([^"]+)"\s*\)', stages[0])
        if not m:
            raise FluxUnsupported("a query must start with from(bucket: \"...\")")
        if m.group(1) != self.bucket:
            raise LookupError(f'could not find bucket "{m.group(1)}"')
        start, stop = None, now
        tables = None
        for stage in stages[1:]:
            fm = re.fullmatch(r"([A-Za-z]+)\s*\((.*)\)", stage, re.S)
            if not fm:
                raise FluxUnsupported(f"stage {stage!r}")
            fn, args = fm.group(1), _args(fm.group(2))
            if fn == "range":
                start = _time_arg(args["start"], now)
                stop = _time_arg(args["stop"], now) if "stop" in args else now
                rows = [r for r in self.rows() if start <= r["_time"] < stop]
                for r in rows:
                    r["_start"], r["_stop"] = start, stop
                keycols = None
                groups = {}
                for r in rows:
                    cols = ["_start", "_stop", "_measurement", "_field"] + sorted(
                        k for k in r if not k.startswith("_"))
                    groups.setdefault(_key(r, cols), []).append(r)
                tables = [(list(dict(k).keys()), sorted(v, key=lambda r: r["_time"])) for k, v in groups.items()]
                continue
            if tables is None:
                raise FluxUnsupported("range() must come right after from() (InfluxDB requires it)")
            tables = self._apply(fn, args, tables)
        return tables or []

    def _apply(self, fn, args, tables):
        if fn == "filter":
            test = _predicate(args["fn"])
            tables = [(k, [r for r in rows if test(r)]) for k, rows in tables]
            return [(k, rows) for k, rows in tables if rows]
        if fn in ("last", "first"):
            return [(k, [rows[-1] if fn == "last" else rows[0]]) for k, rows in tables if rows]
        if fn in ("mean", "max", "min", "sum", "count"):
            return [(k, [self._reduce(fn, k, rows)]) for k, rows in tables if rows]
        if fn == "limit":
            n = int(args.get("n", "0"))
            return [(k, rows[:n]) for k, rows in tables]
        if fn == "sort":
            cols = _string_list(args.get("columns", '["_value"]'))
            desc = args.get("desc", "false") == "true"
            return [(k, sorted(rows, key=lambda r: tuple(str(r.get(c)) if isinstance(r.get(c), str) else (r.get(c) or 0)
                                                         for c in cols), reverse=desc)) for k, rows in tables]
        if fn == "group":
            cols = _string_list(args.get("columns", "[]"))
            groups = {}
            for _, rows in tables:
                for r in rows:
                    groups.setdefault(_key(r, cols), []).append(r)
            return [(cols, sorted(v, key=lambda r: r.get("_time") or 0)) for v in groups.values()]
        if fn == "aggregateWindow":
            every = _duration(args["every"])
            agg = args.get("fn", "mean").strip()
            if agg not in ("mean", "max", "min", "sum", "count", "last", "first"):
                raise FluxUnsupported(f"aggregateWindow fn {agg}")
            out = []
            for k, rows in tables:
                windows = {}
                for r in rows:
                    windows.setdefault((r["_time"] // every + 1) * every, []).append(r)
                agg_rows = []
                for stop_t, wrows in sorted(windows.items()):
                    if agg in ("last", "first"):
                        row = dict(wrows[-1] if agg == "last" else wrows[0])
                    else:
                        row = self._reduce(agg, k, wrows)
                        row.update({c: wrows[0].get(c) for c in wrows[0] if not c.startswith("_")})
                        row["_measurement"], row["_field"] = wrows[0]["_measurement"], wrows[0]["_field"]
                    row["_time"] = min(stop_t, wrows[0]["_stop"])
                    agg_rows.append(row)
                out.append((k, agg_rows))
            return out
        if fn == "keep":
            cols = set(_string_list(args.get("columns", "[]")))
            return [([c for c in k if c in cols], [{c: v for c, v in r.items() if c in cols} for r in rows])
                    for k, rows in tables]
        if fn == "yield":
            return tables
        raise FluxUnsupported(f"{fn}()")

    @staticmethod
    def _reduce(fn, key, rows):
        values = [r["_value"] for r in rows]
        row = {c: rows[0].get(c) for c in key}
        if fn == "count":
            row["_value"] = len(values)
        else:
            nums = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
            if not nums:
                raise FluxUnsupported(f"{fn}() over non-numeric values")
            row["_value"] = {"mean": sum(nums) / len(nums), "max": max(nums), "min": min(nums),
                             "sum": sum(nums)}[fn]
            if fn in ("max", "min"):
                row = dict(next(r for r in rows if r["_value"] == row["_value"]))
        for c in ("_start", "_stop"):
            row.setdefault(c, rows[0].get(c))
        return row


def _rfc3339(ns: int) -> str:
    dt = datetime.fromtimestamp(ns // 1_000_000_000, tz=timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + f".{ns % 1_000_000_000:09d}Z"


def _csv_value(v):
    s = "true" if v is True else "false" if v is False else str(v)
    if any(ch in s for ch in ',"\n'):
        s = '"' + s.replace('"', '""') + '"'
    return s


def annotated_csv(tables) -> str:
    out = []
    for index, (key, rows) in enumerate(tables):
        if not rows:
            continue
        columns = []
        for r in rows:
            for c in r:
                if c not in columns:
                    columns.append(c)
        order = [c for c in ("_start", "_stop", "_time", "_value", "_field", "_measurement") if c in columns]
        columns = order + sorted(c for c in columns if c not in order)
        types = []
        for c in columns:
            v = next((r[c] for r in rows if r.get(c) is not None), None)
            if c in ("_start", "_stop", "_time"):
                types.append("dateTime:RFC3339")
            elif isinstance(v, bool):
                types.append("boolean")
            elif isinstance(v, int):
                types.append("long")
            elif isinstance(v, float):
                types.append("double")
            else:
                types.append("string")
        out.append("#datatype,string,long," + ",".join(types))
        out.append("#group,false,false," + ",".join("true" if c in key else "false" for c in columns))
        out.append("#default,_result,," + "," * (len(columns) - 1))
        out.append(",result,table," + ",".join(columns))
        for r in rows:
            cells = []
            for c, t in zip(columns, types):
                v = r.get(c)
                cells.append("" if v is None else _rfc3339(v) if t == "dateTime:RFC3339" else _csv_value(v))
            out.append(",," + str(index) + "," + ",".join(cells))
        out.append("")
    return "\r\n".join(out) + "\r\n"


class _Handler(BaseHTTPRequestHandler):
    store: Store = None
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, status, body=b"", ctype="application/json"):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _authorised(self):
        if self.headers.get("Authorization", "") != f"Token {self.store.token}":
            self._send(401, {"code": "unauthorized", "message": "unauthorized access"})
            return False
        return True

    def _body(self):
        data = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.headers.get("Content-Encoding") == "gzip":
            data = gzip.decompress(data)
        return data

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/health":
            return self._send(200, {"name": "influxdb", "message": "ready for queries and writes", "status": "pass",
                                    "version": "contract-double", "checks": []})
        if url.path == "/ping":
            return self._send(204)
        if url.path == "/api/v2/buckets":
            if self._authorised():
                q = {k: v[0] for k, v in parse_qs(url.query).items()}
                wanted = q.get("name")
                buckets = [] if wanted not in (None, self.store.bucket) else [
                    {"id": "0000000000000001", "orgID": "0000000000000002", "name": self.store.bucket,
                     "type": "user", "retentionRules": []}]
                self._send(200, {"links": {"self": "/api/v2/buckets"}, "buckets": buckets})
            return
        self._send(404, {"code": "not found", "message": "path not found"})

    def do_POST(self):
        url = urlparse(self.path)
        q = {k: v[0] for k, v in parse_qs(url.query).items()}
        body = self._body()
        if not self._authorised():
            return
        if url.path == "/api/v2/write":
            if q.get("org") not in (self.store.org, None) and q.get("orgID") is None:
                return self._send(404, {"code": "not found", "message": f'organization name "{q.get("org")}" not found'})
            if q.get("bucket") != self.store.bucket:
                return self._send(404, {"code": "not found", "message": f'bucket "{q.get("bucket")}" not found'})
            precision = q.get("precision", "ns")
            points = []
            try:
                for line in body.decode().splitlines():
                    if line.strip() and not line.startswith("#"):
                        points.append(parse_line(line, precision))
            except (ValueError, KeyError, IndexError) as e:
                return self._send(400, {"code": "invalid", "message": f"unable to parse points: {e}"})
            with self.store.lock:
                self.store.points.extend(points)
                self.store.write_requests += 1
            return self._send(204)
        if url.path == "/api/v2/query":
            if q.get("org") not in (self.store.org, None):
                return self._send(404, {"code": "not found", "message": f'organization name "{q.get("org")}" not found'})
            ctype = self.headers.get("Content-Type", "")
            flux = json.loads(body)["query"] if "json" in ctype else body.decode()
            try:
                tables = self.store.query(flux)
            except FluxUnsupported as e:
                return self._send(400, {"code": "invalid", "message": f"unsupported by the contract double: {e}"})
            except LookupError as e:
                return self._send(404, {"code": "not found", "message": str(e)})
            except (KeyError, ValueError) as e:
                return self._send(400, {"code": "invalid", "message": f"compilation failed: {e}"})
            return self._send(200, annotated_csv(tables), "text/csv; charset=utf-8")
        self._send(404, {"code": "not found", "message": "path not found"})


class InfluxDouble:
    def __init__(self, org="iot-org", bucket="iot-data", token="lab-influx-token"):
        self.store = Store(org, bucket, token)
        handler = type("Handler", (_Handler,), {"store": self.store})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def measurements(self):
        with self.store.lock:
            return {p[0] for p in self.store.points}

    def points(self, measurement):
        with self.store.lock:
            return [p for p in self.store.points if p[0] == measurement]
