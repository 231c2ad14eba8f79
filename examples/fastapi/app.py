"""The seed's FastAPI backend, made safe: the same endpoint contract as realtime-companion/server.

GET|POST /ephemeral-key answers {"value", "expires_at", "model"} (a key minted at OpenAI's GA
/v1/realtime/client_secrets with the server's own model, voice, instructions and tools) or
{"error": {"code", "message"}} with 401/403/405/429/502/504, and writes one JSON audit line per
decision to stdout. OpenAI switched off the beta interface (/v1/realtime/sessions) on 2026-05-12.
Configuration comes from the environment:

  OPENAI_API_KEY      the master key (required; never leaves this process)
  OPENAI_BASE_URL     default https://api.openai.com/v1
  ALLOWED_ORIGINS     comma-separated page origins allowed to ask for keys (required)
  RC_MODEL (default gpt-realtime), RC_VOICE, RC_INSTRUCTIONS, RC_EXPIRES_AFTER (10-7200, default 60)
  RC_TOOLS_FILE       a JSON file with the tools (OpenAI's shape, or the page's with a "route": it is
                      dropped). deep-chat 2.4.2 never sends its tools: the model learns them from
                      the key's session, so pass them here.
  RC_RATE_PER_MINUTE (default 6), RC_RATE_BURST (default 3), RC_TIMEOUT_S (default 10)

Only Debian's python3-fastapi and python3-uvicorn are needed (the HTTP client is urllib).
"""
import hashlib
import json
import os
import re
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone
from math import ceil
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

# code -> (status, audit event, message naming no secret); the same table as server/refusals.js
REFUSALS = {
    "method_not_allowed": (405, "refused", "Method not allowed."),
    "origin_not_allowed": (403, "refused", "This origin may not use this endpoint."),
    "cross_site": (403, "refused", "Cross-site requests may not use this endpoint."),
    "csrf_header_missing": (403, "refused", "Missing anti-CSRF request header."),
    "unauthorized": (401, "refused", "Not signed in or not allowed."),
    "rate_limited": (429, "rate_limited", "Too many requests; retry later."),
    "upstream_timeout": (504, "upstream_error", "OpenAI did not answer in time."),
    "upstream_error": (502, "upstream_error", "OpenAI refused or failed."),
    "upstream_malformed": (502, "upstream_error", "OpenAI gave an unexpected answer."),
}
NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}

# OpenAI's error codes -> why, as the page is told it (the same table as server/openai-error-codes.js).
# OpenAI's own message goes to the audit record only: it may name the project or quote a key.
OPENAI_ERROR_CODES = {
    "model_not_found": "this project may not use the model",
    "invalid_model": "the model cannot be used for realtime",
    "insufficient_quota": "the OpenAI account is out of quota",
    "invalid_api_key": "the server's OpenAI API key was refused",
    "rate_limit_exceeded": "the OpenAI account's rate limit was reached",
}
TOKEN = re.compile(r"^[a-z0-9_.-]{1,64}$", re.IGNORECASE)
KEYLIKE = re.compile(r"\b(?:sk|ek|rk)[-_][A-Za-z0-9*_\-.]{2,}[A-Za-z0-9*_-]")
MAX_ERROR_BODY = 16 * 1024


def openai_error(err, api_key):
    """OpenAI's error object from an HTTPError, made safe: short tokens, a message cut and redacted."""
    try:
        body = json.loads(err.read(MAX_ERROR_BODY).decode("utf-8"))
        error = body.get("error") if isinstance(body, dict) else None
    except Exception:  # not JSON, cut off, not UTF-8: the status alone says something
        error = None
    if not isinstance(error, dict):
        return {"code": None, "type": None, "param": None, "message": None}
    token = lambda v: v if isinstance(v, str) and TOKEN.match(v) else None
    message = error.get("message")
    if isinstance(message, str):
        message = KEYLIKE.sub("[redacted]", message.replace(api_key, "[redacted]"))
        message = re.sub(r"[\x00-\x1f\x7f]+", " ", message)[:300]
    else:
        message = None
    param = error.get("param")
    return {"code": token(error.get("code")), "type": token(error.get("type")),
            "param": param[:128] if isinstance(param, str) else None, "message": message}


def refusal_message(status, code):
    if code in OPENAI_ERROR_CODES:
        return f"OpenAI refused to mint a key: {OPENAI_ERROR_CODES[code]} ({code})."
    http = f"HTTP {status}" + (f", {code}" if code else "")
    return f"OpenAI failed to mint a key ({http})." if status >= 500 else f"OpenAI refused to mint a key ({http})."


def normalize_origin(origin):
    try:
        u = urlsplit(origin)
        if u.scheme not in ("http", "https") or not u.hostname:
            return None
        port = u.port
    except ValueError:
        return None
    default = {"http": 80, "https": 443}[u.scheme]
    return f"{u.scheme}://{u.hostname}" + ("" if port in (None, default) else f":{port}")


class Config:
    def __init__(self, env):
        self.api_key = env.get("OPENAI_API_KEY") or sys.exit("OPENAI_API_KEY is not set")
        self.base_url = env.get("OPENAI_BASE_URL", "https://api.openai.com/v1").rstrip("/")
        origins = [normalize_origin(o.strip()) for o in env.get("ALLOWED_ORIGINS", "").split(",") if o.strip()]
        if not origins or None in origins:
            sys.exit("ALLOWED_ORIGINS must list the http(s) origins of the pages allowed to ask for keys")
        self.allowed_origins = set(origins)
        if env.get("RC_API", "client_secrets") != "client_secrets":
            sys.exit("RC_API: OpenAI switched off the beta Realtime interface (sessions) on 2026-05-12; remove RC_API")
        self.model = env.get("RC_MODEL", "gpt-realtime")
        if not MODEL_NAME.fullmatch(self.model):
            sys.exit("RC_MODEL must be a model name such as gpt-realtime")
        self.tools = load_tools(env.get("RC_TOOLS_FILE"))
        self.voice = env.get("RC_VOICE") or None
        self.instructions = env.get("RC_INSTRUCTIONS") or None
        self.expires_after = int(env.get("RC_EXPIRES_AFTER", "60"))
        if not 10 <= self.expires_after <= 7200:
            sys.exit("RC_EXPIRES_AFTER must be within 10-7200 seconds")
        self.per_minute = float(env.get("RC_RATE_PER_MINUTE", "6"))
        self.burst = int(env.get("RC_RATE_BURST", "3"))
        self.timeout_s = float(env.get("RC_TIMEOUT_S", "10"))
        self.csrf_header = "x-requested-with"

    def request_body(self):
        session = {"type": "realtime", "model": self.model}
        if self.instructions:
            session["instructions"] = self.instructions
        if self.voice:
            session["audio"] = {"output": {"voice": self.voice}}
        if self.tools:
            session["tools"] = self.tools
        return {"expires_after": {"anchor": "created_at", "seconds": self.expires_after}, "session": session}

    def summary(self):
        return {
            "api": "client_secrets",
            "model": self.model,
            "voice": self.voice,
            "tools": [t["name"] for t in self.tools],
            "instructions_id": key_id(self.instructions) if self.instructions else None,
            "instructions_length": len(self.instructions or ""),
            "expires_after_seconds": self.expires_after,
        }


MODEL_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
TOOL_FIELDS = ("type", "name", "description", "parameters")


def load_tools(path):
    """The tools for the session, in OpenAI's shape: a page's own fields (`route`, `execute`, `needsApproval`) are dropped; anything else wrong stops start-up."""
    if not path:
        return []
    try:
        with open(path, encoding="utf-8") as f:
            tools = json.load(f)
    except (OSError, ValueError) as err:
        sys.exit(f"RC_TOOLS_FILE: cannot read a JSON list of tools ({type(err).__name__})")
    if not isinstance(tools, list) or not all(isinstance(t, dict) and isinstance(t.get("name"), str) for t in tools):
        sys.exit("RC_TOOLS_FILE must hold a JSON list of tools, each with a name")
    return [{"type": "function", **{k: t[k] for k in TOOL_FIELDS if k in t}} for t in tools]


def key_id(key):
    """First 12 hex digits of the key's SHA-256: matches a key to its issuance, cannot rebuild it."""
    return hashlib.sha256(key.encode()).hexdigest()[:12]


class TokenBuckets:
    """Per-client token bucket (the arithmetic of server/token-bucket.js), in this process's memory."""

    def __init__(self, per_minute, burst):
        self.rate = per_minute / 60000.0
        self.burst = burst
        self.buckets = {}
        self.lock = threading.Lock()

    def take(self, client_id, now_ms):
        with self.lock:
            tokens, ts = self.buckets.get(client_id, (float(self.burst), now_ms))
            if now_ms > ts:
                tokens = min(self.burst, tokens + (now_ms - ts) * self.rate)
                ts = now_ms
            if tokens >= 1:
                self.buckets[client_id] = (tokens - 1, ts)
                return True, 0
            self.buckets[client_id] = (tokens, ts)
            return False, max(1, ceil((1 - tokens) / self.rate))


class MintError(Exception):
    def __init__(self, code, upstream_status=None, upstream_error=None):
        super().__init__(code)
        self.code = code
        self.upstream_status = upstream_status
        self.upstream_error = upstream_error


def mint(cfg):
    """Calls OpenAI once; returns (value, expires_at, model) or raises MintError. Never forwards OpenAI's body."""
    req = urllib.request.Request(
        f"{cfg.base_url}/realtime/client_secrets",
        data=json.dumps(cfg.request_body()).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {cfg.api_key}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=cfg.timeout_s) as resp:
            status, text = resp.status, resp.read()
    except urllib.error.HTTPError as err:
        raise MintError("upstream_error", err.code, openai_error(err, cfg.api_key)) from None
    except (socket.timeout, TimeoutError):
        raise MintError("upstream_timeout") from None
    except urllib.error.URLError as err:
        timed_out = isinstance(err.reason, (socket.timeout, TimeoutError))
        raise MintError("upstream_timeout" if timed_out else "upstream_error") from None
    try:
        body = json.loads(text)
    except ValueError:
        raise MintError("upstream_malformed", status) from None
    if not isinstance(body, dict):
        raise MintError("upstream_malformed", status)
    value, expires_at = body.get("value"), body.get("expires_at")
    if not isinstance(value, str) or not value or type(expires_at) is not int or expires_at <= 0:
        raise MintError("upstream_malformed", status)
    answered = (body.get("session") or {}).get("model") if isinstance(body.get("session"), dict) else None
    model = answered if isinstance(answered, str) and MODEL_NAME.fullmatch(answered) else cfg.model
    return value, expires_at, model


def authorize(request: Request):
    """The site's own user check goes here: return a client id, or None to refuse with 401."""
    return f"ip:{request.client.host if request.client else 'unknown'}"


def create_app(env=os.environ, audit=None):
    cfg = Config(env)
    buckets = TokenBuckets(cfg.per_minute, cfg.burst)
    summary = cfg.summary()

    def stdout_audit(record):
        sys.stdout.write(json.dumps(record) + "\n")
        sys.stdout.flush()

    sink = audit or stdout_audit
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    @app.api_route("/ephemeral-key", methods=["GET", "POST", "PUT", "DELETE", "PATCH"])
    def ephemeral_key(request: Request):
        started = time.time()
        origin = request.headers.get("origin")
        record = {
            "time": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "event": "refused", "reason": None, "status": 0, "client_id": None, "origin": origin,
            "method": request.method, "session": summary, "expires_at": None, "key_id": None,
        }

        def refuse(code, headers=None, upstream_error=None, **extra):
            status, event, message = REFUSALS[code]
            record.update(event=event, reason=code, status=status, **extra)
            body = {"code": code, "message": message}
            if upstream_error is not None:
                # OpenAI answered with an error: the audit record keeps it, the page gets its code.
                record["upstream_error"] = upstream_error
                body.update(upstream_status=extra.get("upstream_status"), upstream_code=upstream_error["code"],
                            message=refusal_message(extra.get("upstream_status"), upstream_error["code"]))
            return JSONResponse({"error": body}, status, {**NO_STORE, **(headers or {})})

        def decide():
            if request.method not in ("GET", "POST"):
                return refuse("method_not_allowed", {"Allow": "GET, POST"})
            if origin is not None:
                if normalize_origin(origin) not in cfg.allowed_origins:
                    return refuse("origin_not_allowed")
            elif request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
                return refuse("cross_site")
            if not request.headers.get(cfg.csrf_header):
                return refuse("csrf_header_missing")
            client_id = authorize(request)
            if not client_id:
                return refuse("unauthorized")
            record["client_id"] = client_id
            allowed, retry_ms = buckets.take(client_id, time.time() * 1000)
            if not allowed:
                retry = max(1, ceil(retry_ms / 1000))
                return refuse("rate_limited", {"Retry-After": str(retry)}, retry_after=retry)
            try:
                value, expires_at, model = mint(cfg)
            except MintError as err:
                return refuse(err.code, upstream_status=err.upstream_status, upstream_error=err.upstream_error)
            record.update(event="issued", status=200, expires_at=expires_at, key_id=key_id(value))
            return JSONResponse({"value": value, "expires_at": expires_at, "model": model}, 200, NO_STORE)

        response = decide()
        record["duration_ms"] = round((time.time() - started) * 1000)
        try:
            sink(record)
        except Exception as err:  # a broken sink must not break the answer
            sys.stderr.write(f"audit sink failed: {type(err).__name__}\n")
        return response

    return app


if __name__ == "__main__":
    # `python3 app.py [host] [port]`: binds first (port 0 = any free port), then reports the port on
    # stderr as "LISTENING <port>", so tests need not guess a free one.
    import uvicorn

    host = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 8000
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)  # connections wait in the backlog until uvicorn starts accepting
    app = create_app()
    sys.stderr.write(f"LISTENING {sock.getsockname()[1]}\n")
    sys.stderr.flush()
    uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False)).run(sockets=[sock])
