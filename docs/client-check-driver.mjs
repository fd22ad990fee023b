// A client-check driver in JavaScript (Node 18+): a small careful BIconnector client, spoken to in
// JSON lines. Run it with:
//   b24-conformance client-check --driver "node docs/client-check-driver.mjs"
// Each line on stdin is a task; each line on stdout is its outcome (see docs/client-check.md).
import { createInterface } from "node:readline";

const PAGE = 50;
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

class PortalError extends Error {
  constructor(code, message) {
    super(message);
    this.name = "PortalError";
    this.code = code;
  }
}

class Client {
  constructor(access) {
    this.access = access;
    this.token = access.access_token;
    this.refreshToken = access.refresh_token;
    this.paceMs = 0;
    this.lastSent = 0;
    this.resetAt = {}; // method -> operating_reset_at (Unix seconds)
    this.blocked = null;
  }

  async call(method, params) {
    const result = await this.send(method, params);
    if (result && typeof result === "object" && result.error && typeof result.error === "object") {
      throw new PortalError(String(result.error.error), String(result.error.error_description));
    }
    return result;
  }

  async listAll(method, params) {
    const items = [];
    for (let page = 1; ; page++) {
      const chunk = await this.call(method, { ...params, page });
      items.push(...chunk);
      if (chunk.length < PAGE) return items;
    }
  }

  async batch(commands) {
    const cmd = {};
    for (const [key, [method, params]] of Object.entries(commands)) {
      cmd[key] = `${method}?${phpQuery(params)}`;
    }
    const answer = await this.call("batch", { halt: 0, cmd });
    const results = asMap(answer.result);
    const errors = asMap(answer.result_error);
    const out = {};
    for (const key of Object.keys(commands)) {
      if (key in errors) {
        out[key] = { ok: false, error: { code: errors[key].error, message: errors[key].error_description, type: "PortalError" } };
      } else if (results[key] && typeof results[key] === "object" && typeof results[key].error === "object") {
        const e = results[key].error;
        out[key] = { ok: false, error: { code: e.error, message: e.error_description, type: "PortalError" } };
      } else {
        out[key] = { ok: true, result: results[key] };
      }
    }
    return out;
  }

  async send(method, params) {
    let renewed = false;
    for (;;) {
      if (this.blocked === method) {
        await sleep(Math.max(0, this.resetAt[method] * 1000 - Date.now()));
        this.blocked = null;
      }
      await sleep(Math.max(0, this.lastSent + this.paceMs - Date.now()));
      this.lastSent = Date.now();
      let answer;
      try {
        answer = await fetch(this.access.rest_url + method, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ ...params, auth: this.token }),
          signal: AbortSignal.timeout(this.access.timeout_s * 1000),
        });
      } catch (error) {
        // Never sent again: the portal may have acted before the answer was lost.
        throw new PortalError(error.name === "TimeoutError" ? "TIMEOUT" : "NO_ANSWER", String(error.message));
      }
      const type = answer.headers.get("content-type") || "";
      if (!type.includes("json")) {
        throw new PortalError(`HTTP_${answer.status}`, `Expected a JSON answer, got ${type} (${answer.status} ${answer.statusText})`);
      }
      let body;
      try {
        body = await answer.json();
      } catch (error) {
        // A body cut short (fetch says TypeError "terminated") is a lost answer too.
        throw new PortalError("NO_ANSWER", `The answer was lost: ${error.message}`);
      }
      if (typeof body.error === "string") {
        if (body.error === "QUERY_LIMIT_EXCEEDED") { await sleep(1000); this.paceMs = 500; continue; }
        if (body.error === "OPERATION_TIME_LIMIT") {
          if (!(this.resetAt[method] > Date.now() / 1000)) this.resetAt[method] = Date.now() / 1000 + 1;
          this.blocked = method;
          continue;
        }
        if (body.error === "expired_token" && !renewed && (await this.renew())) { renewed = true; continue; }
        throw new PortalError(body.error, `${body.error_description} (HTTP ${answer.status})`);
      }
      if (body.time && typeof body.time.operating_reset_at === "number") this.resetAt[method] = body.time.operating_reset_at;
      return body.result;
    }
  }

  async renew() {
    const query = new URLSearchParams({
      grant_type: "refresh_token",
      client_id: this.access.client_id,
      client_secret: this.access.client_secret,
      refresh_token: this.refreshToken,
    });
    const answer = await fetch(`${this.access.oauth_url}?${query}`);
    if (answer.status !== 200) return false;
    const body = await answer.json();
    this.token = body.access_token;
    this.refreshToken = body.refresh_token;
    return true;
  }
}

function asMap(value) {
  return Array.isArray(value) ? Object.fromEntries(value.map((v, i) => [String(i), v])) : value || {};
}

function phpQuery(params, prefix = "") {
  const parts = [];
  for (const [key, value] of Object.entries(params)) {
    const name = prefix ? `${prefix}[${key}]` : key;
    if (value === null || value === undefined) continue;
    if (typeof value === "object") parts.push(phpQuery(value, name));
    else parts.push(`${encodeURIComponent(name).replace(/%5B/g, "[").replace(/%5D/g, "]")}=${encodeURIComponent(value === true ? 1 : value === false ? 0 : value)}`);
  }
  return parts.filter(Boolean).join("&");
}

let client = null;
const reply = (line) => process.stdout.write(JSON.stringify(line) + "\n");
const tasks = createInterface({ input: process.stdin });
let queue = Promise.resolve();
tasks.on("line", (line) => {
  queue = queue.then(async () => {
    const task = JSON.parse(line);
    if (task.op === "close") { process.exit(0); }
    if (task.op === "init") { client = new Client(task.access); return reply({ id: task.id, ok: true }); }
    try {
      const result = task.op === "call" ? await client.call(task.method, task.params)
        : task.op === "list_all" ? await client.listAll(task.method, task.params)
        : await client.batch(task.commands);
      reply({ id: task.id, ok: true, result });
    } catch (error) {
      reply({ id: task.id, ok: false, error: { code: error.code ?? null, message: String(error.message), type: error.name } });
    }
  });
});
