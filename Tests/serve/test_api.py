#!/usr/bin/env python3
"""API tests for `ismap-rules serve`: every endpoint and error status against a server started on
an ephemeral loopback port. Usage: test_api.py path/to/ismap-rules (run from the package root)."""
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import unittest

BIN = os.path.abspath(sys.argv.pop(1) if len(sys.argv) > 1 else ".build/debug/ismap-rules")
EXAMPLES = ["multi-year-contract", "old-2-planned", "saas-waiting-for-iaas", "large-migration"]


class Server:
    """A server process; its stderr (the request log) is read until it says where it listens."""

    def __init__(self, *args, env=None):
        e = dict(os.environ)
        e.pop("ISMAP_RULES_TOKEN", None)
        e.update(env or {})
        self.proc = subprocess.Popen([BIN, "serve", "--port", "0", *args], stderr=subprocess.PIPE, env=e)
        self.log = []
        deadline = time.time() + 60
        while time.time() < deadline:
            line = self.proc.stderr.readline().decode()
            if not line:
                raise RuntimeError("server exited: " + "".join(self.log))
            self.log.append(line)
            if '"event": "listening"' in line:
                self.port = json.loads(line)["port"]
                return
        raise RuntimeError("server did not start")

    def request(self, method, path, body=None, headers=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        _, err = self.proc.communicate(timeout=30)
        self.log += err.decode().splitlines(keepends=True)
        return self.proc.returncode


def cli_eval(path):
    out = subprocess.run([BIN, "eval", "--format", "json", path], capture_output=True, check=False)
    return json.loads(out.stdout)


class API(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s = Server("--max-body", "65536")

    @classmethod
    def tearDownClass(cls):
        code = cls.s.stop()
        assert code == 0, f"SIGTERM: exit {code}"

    def diagnostics(self, status, headers, data, want_status, want_code=None):
        self.assertEqual(status, want_status, data)
        self.assertTrue(headers["content-type"].startswith("application/json"))
        body = json.loads(data)
        self.assertIn("summary", body)
        self.assertTrue(body["diagnostics"], body)
        d = body["diagnostics"][0]
        for k in ("severity", "code", "message", "file", "line", "column"):
            self.assertIn(k, d)
        if want_code:
            self.assertEqual(d["code"], want_code, body)
        return d

    def test_healthz(self):
        status, _, data = self.s.request("GET", "/healthz")
        self.assertEqual((status, json.loads(data)), (200, {"status": "ok"}))

    def test_openapi(self):
        status, h, data = self.s.request("GET", "/openapi.json")
        self.assertEqual(status, 200)
        with open("docs/openapi.json", "rb") as f:
            self.assertEqual(json.loads(data), json.load(f))

    def test_page_and_csp(self):
        status, h, data = self.s.request("GET", "/")
        self.assertEqual(status, 200)
        self.assertTrue(h["content-type"].startswith("text/html"))
        csp = h["content-security-policy"]
        self.assertIn("script-src 'self'", csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertIn(b'<script src="/app.js"', data)
        for path, kind in (("/app.js", "text/javascript"), ("/app.css", "text/css")):
            status, h, _ = self.s.request("GET", path)
            self.assertEqual((status, h["content-type"].split(";")[0]), (200, kind))

    def test_rulesets_and_facts(self):
        status, _, data = self.s.request("GET", "/v1/rulesets")
        self.assertEqual(status, 200)
        sets = json.loads(data)["rulesets"]
        self.assertTrue(sets)
        for r in sets:
            for k in ("id", "series", "effective_from", "digest", "in_force"):
                self.assertIn(k, r)
        status, _, data = self.s.request("GET", f"/v1/rulesets/{sets[0]['id']}/facts")
        self.assertEqual(status, 200)
        facts = json.loads(data)["facts"]
        self.assertTrue(any(f["type"] == "enum" and f["values"] and f["label"] for f in facts))
        self.diagnostics(*self.s.request("GET", "/v1/rulesets/no-such-set/facts"), 404, "unknown-ruleset")

    def test_unknown_path(self):
        self.diagnostics(*self.s.request("GET", "/v2/nothing"), 404, "not-found")

    def test_405_other_method(self):
        for method, path, allow in (("TRACE", "/v1/eval", "POST"), ("GET", "/v1/eval", "POST"),
                                    ("DELETE", "/v1/rulesets", "GET"), ("PUT", "/healthz", "GET"),
                                    ("POST", "/v1/rulesets/x/facts", "GET")):
            status, h, data = self.s.request(method, path)
            self.diagnostics(status, h, data, 405, "method-not-allowed")
            self.assertEqual(h.get("allow"), allow, (method, path))

    def test_eval_set_does_not_leak(self):
        # `set` answers come from a cached rule set per distinct `set`; a plain request after one
        # still answers as the rules say, and the same `set` twice answers the same.
        e = cli_eval("examples/old-2-planned.yaml")
        plain = json.dumps({"facts": e["facts"], "as_of": e["as_of"]})
        overridden = json.dumps({"facts": e["facts"], "as_of": e["as_of"], "set": {"old2_deadline_reading": "cap"}})
        answers = [json.loads(self.s.request("POST", "/v1/eval", b)[2]) for b in (overridden, plain, overridden)]
        self.assertEqual(answers[0]["overrides"], {"old2_deadline_reading": "cap"})
        self.assertEqual(answers[1]["overrides"], {})
        e.pop("file"); answers[1].pop("file")
        self.assertEqual(answers[1], e)
        self.assertEqual(answers[0], answers[2])

    def test_eval_equals_cli(self):
        for name in EXAMPLES:
            expected = cli_eval(f"examples/{name}.yaml")
            body = json.dumps({"facts": expected["facts"], "as_of": expected["as_of"]})
            status, h, data = self.s.request("POST", "/v1/eval", body, {"Content-Type": "application/json"})
            self.assertEqual(status, 200, data)
            got = json.loads(data)
            self.assertEqual(got.pop("file"), "<request>")
            expected.pop("file")
            self.assertEqual(got, expected, name)

    def test_eval_bare_and_undecided(self):
        status, _, data = self.s.request("POST", "/v1/eval", json.dumps({"as_of": "2022-10-01"}))
        self.assertEqual(status, 200, data)
        e = json.loads(data)
        self.assertFalse(e["decided"])
        self.assertTrue(e["questions"])
        first = e["questions"][0]["fact"]
        status, _, data = self.s.request("POST", "/v1/eval", json.dumps({"facts": {}, "as_of": "2022-10-01", "unknown": [first]}))
        self.assertEqual(status, 200, data)
        self.assertNotIn(first, [q["fact"] for q in json.loads(data)["questions"]])

    def test_400_malformed(self):
        for body in ("{", "{facts: 1}", "[1,", "\xff"):
            self.diagnostics(*self.s.request("POST", "/v1/eval", body.encode("latin-1")), 400)

    def test_422_invalid_facts(self):
        self.diagnostics(*self.s.request("POST", "/v1/eval", json.dumps({"facts": {"no.such.fact": True}})), 422, "unknown-fact")
        self.diagnostics(*self.s.request("POST", "/v1/eval", json.dumps({"facts": {"service.model": 7}})), 422)
        self.diagnostics(*self.s.request("POST", "/v1/eval", json.dumps({"facts": {}, "as_of": "yesterday"})), 422)

    def test_413_too_large(self):
        body = json.dumps({"facts": {}, "pad": "x" * 70000})
        self.diagnostics(*self.s.request("POST", "/v1/eval", body), 413, "body-too-large")

    def test_408_slow_body(self):
        sock = socket.create_connection(("127.0.0.1", self.s.port), timeout=30)
        sock.sendall(b"POST /v1/eval HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"facts\"")
        started = time.time()
        data = b""
        while b"\r\n\r\n" not in data or not data.rstrip().endswith(b"}"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        sock.close()
        self.assertTrue(data.startswith(b"HTTP/1.1 408"), data[:100])
        self.assertGreater(time.time() - started, 9)
        self.assertIn(b"body-timeout", data)

    def test_batch_streams_cli_lines(self):
        lines = []
        for name in EXAMPLES[:2]:
            e = cli_eval(f"examples/{name}.yaml")
            lines.append(json.dumps(dict(e["facts"], as_of=e["as_of"])))
        lines.append('{"no.such.fact": 1}')
        body = "\n".join(lines) + "\n"
        status, h, data = self.s.request("POST", "/v1/batch", body, {"Content-Type": "application/x-ndjson"})
        self.assertEqual(status, 200, data)
        cli = subprocess.run([BIN, "eval", "--batch", "-"], input=body.encode(), capture_output=True)
        # The same lines, but that an error names the request where the CLI names standard input.
        cli_lines = cli.stdout.decode().replace('"<stdin>"', '"<request>"').splitlines()
        self.assertEqual([json.loads(l) for l in data.splitlines()], [json.loads(l) for l in cli_lines])
        self.assertEqual(len(data.splitlines()), 3)
        self.assertIn("error", json.loads(data.splitlines()[2]))

    def test_batch_csv_and_bad_option(self):
        status, _, data = self.s.request("POST", "/v1/batch?input=csv&select=" + "as_of", "as_of\n2022-10-01\n")
        self.assertEqual(status, 200, data)
        self.diagnostics(*self.s.request("POST", "/v1/batch?bogus=1", "{}\n"), 422, "bad-option")
        self.diagnostics(*self.s.request("POST", "/v1/batch?select=nope.outcome", "{}\n"), 422)
        self.diagnostics(*self.s.request("POST", "/v1/batch?trace=null", "{}\n"), 422, "bad-option")

    def test_request_log(self):
        self.s.request("GET", "/healthz")
        # The log is read when the server stops; here the line for this request is written already.
        time.sleep(0.2)


class Auth(unittest.TestCase):
    def test_token(self):
        s = Server(env={"ISMAP_RULES_TOKEN": "s3cret"})
        try:
            self.assertEqual(s.request("GET", "/healthz")[0], 200)
            self.assertEqual(s.request("GET", "/")[0], 200)
            self.assertEqual(s.request("GET", "/openapi.json")[0], 200)
            for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret"}):
                status, h, data = s.request("GET", "/v1/rulesets", headers=headers)
                self.assertEqual(status, 401, headers)
                self.assertEqual(json.loads(data)["diagnostics"][0]["code"], "unauthorized")
            self.assertEqual(s.request("POST", "/v1/eval", "{}", {"Authorization": "Bearer wrong"})[0], 401)
            self.assertEqual(s.request("GET", "/v1/rulesets", headers={"Authorization": "Bearer s3cret"})[0], 200)
        finally:
            self.assertEqual(s.stop(), 0)
        self.assertFalse(any("warning" in l for l in s.log))

    def test_public_bind_warns(self):
        s = Server("--host", "0.0.0.0")
        s.stop()
        self.assertTrue(any("warning" in l and "ISMAP_RULES_TOKEN" in l for l in s.log), s.log)


class Lifecycle(unittest.TestCase):
    def test_log_lines_and_drain(self):
        s = Server()
        s.request("GET", "/healthz")
        s.request("GET", "/nope")
        # A request in flight when SIGTERM arrives is answered before the server exits.
        body = json.dumps({"facts": {}, "as_of": "2022-10-01"}).encode()
        sock = socket.create_connection(("127.0.0.1", s.port), timeout=30)
        sock.sendall(b"POST /v1/eval HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(body) + body[:5])
        time.sleep(0.3)
        s.proc.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        sock.sendall(body[5:])
        data = sock.recv(1 << 20)
        sock.close()
        self.assertTrue(data.startswith(b"HTTP/1.1 200"), data[:200])
        _, err = s.proc.communicate(timeout=30)
        s.log += err.decode().splitlines(keepends=True)
        self.assertEqual(s.proc.returncode, 0, s.log)
        entries = [json.loads(l) for l in s.log if l.startswith("{") and '"method"' in l]
        for k in ("method", "path", "status", "ms", "ruleset"):
            self.assertIn(k, entries[0])
        self.assertEqual([(e["path"], e["status"]) for e in entries], [("/healthz", 200), ("/nope", 404), ("/v1/eval", 200)])
        self.assertTrue(entries[2]["ruleset"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
