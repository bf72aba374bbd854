/**
 * Secret redaction for everything the API layer prints: error messages, debug log lines, request
 * descriptions. Two complementary guards:
 *  - structural: values under secret-looking keys (JSON bodies, query strings, headers) are replaced;
 *  - by value: every secret the client was configured with (API key, user:password, storage keys) is
 *    registered and scrubbed from any free text, e.g. a server error message that echoes a request.
 */
export const REDACTED = "[REDACTED]";

/** Keys whose values are secrets wherever they appear (case-insensitive, `_`/`-` ignored). */
const SECRET_KEY_NAMES = new Set([
  "authorization",
  "proxyauthorization",
  "token",
  "apikey",
  "accesskey",
  "accesskeyid",
  "secretkey",
  "secretaccesskey",
  "sessiontoken",
  "securitytoken",
  "xamzsecuritytoken",
  "password",
  "passwd",
  "accountkey",
  "sig",
  "signature",
  "xamzsignature",
  "xamzcredential",
  "credential",
  "credentials",
  "sastoken",
  "clientsecret",
]);

export function isSecretKey(key: string): boolean {
  return SECRET_KEY_NAMES.has(key.toLowerCase().replace(/[-_]/g, ""));
}

/** Deep copy of a JSON-like value with secret-keyed values replaced. */
export function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = isSecretKey(k) && v !== "" && v !== null && v !== undefined ? REDACTED : redactValue(v);
    }
    return out;
  }
  return value;
}

/** A URL or path with user info removed and secret query parameters replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf("?");
  let head = q < 0 ? url : url.slice(0, q);
  head = head.replace(/\/\/[^/@?#]*@/, "//");
  if (q < 0) return head;
  const params = url
    .slice(q + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const key = decodeURIComponentSafe(eq < 0 ? pair : pair.slice(0, eq));
      return eq >= 0 && isSecretKey(key) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    });
  return `${head}?${params.join("&")}`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Text patterns that carry secrets even when we never saw the value (e.g. echoed by a server). */
const TEXT_PATTERNS: Array<[RegExp, string]> = [
  [/(bearer\s+)[^\s"',]+/gi, `$1${REDACTED}`],
  [/(basic\s+)[A-Za-z0-9+/=]{8,}/gi, `$1${REDACTED}`],
  // "secretKey":"...", accessKey=..., token: ...
  [
    /(["']?(?:access[_-]?key(?:[_-]?id)?|secret[_-]?(?:access[_-]?)?key|session[_-]?token|security[_-]?token|api[_-]?key|token|password|account[_-]?key|sig|x-amz-signature|x-amz-credential|x-amz-security-token)["']?\s*[:=]\s*["']?)([^"'&\s,}]+)/gi,
    `$1${REDACTED}`,
  ],
  // scheme://user:password@host
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s:]+:[^/@\s]+@/gi, `$1${REDACTED}@`],
  // AWS access key ids
  [/\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g, REDACTED],
];

/**
 * Holds the secret values a client knows about and scrubs them (and secret-looking patterns) from
 * text. Shared by the HTTP layer, the errors it raises and its debug logger.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const s of secrets) this.add(s);
  }

  /** Registers a secret; also its `user:password` halves' password part and its URL-encoded form. */
  add(secret: string | undefined): void {
    if (!secret || secret.length < 4) return;
    this.secrets.add(secret);
    this.secrets.add(encodeURIComponent(secret));
    const colon = secret.indexOf(":");
    if (colon > 0 && colon < secret.length - 1) this.add(secret.slice(colon + 1));
  }

  scrub(text: string): string {
    let out = text;
    // Longest first so a secret containing another is removed whole.
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join(REDACTED);
    for (const [re, rep] of TEXT_PATTERNS) out = out.replace(re, rep);
    return out;
  }

  /**
   * Deep copy of a JSON-like value with secret keys redacted and every string scrubbed. Redacting
   * values before serialising keeps the text valid JSON: scrubbing serialised text can cut through an
   * escape (`\"Bearer x\"` loses its backslash) and leave a document that no longer parses.
   */
  scrubValue(value: unknown): unknown {
    if (typeof value === "string") return this.scrub(value);
    if (Array.isArray(value)) return value.map((v) => this.scrubValue(v));
    if (value !== null && typeof value === "object") {
      // What JSON.stringify would write for it: toJSON() (Date, URL), else its own enumerable keys.
      const toJSON = (value as { toJSON?: () => unknown }).toJSON;
      if (typeof toJSON === "function") return this.scrubValue(toJSON.call(value));
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        out[this.scrub(k)] =
          isSecretKey(k) && v !== "" && v !== null && v !== undefined ? REDACTED : this.scrubValue(v);
      }
      return out;
    }
    return value;
  }

  /** JSON text of a body with secret keys and known secret values removed, for logs. */
  describeBody(body: unknown, maxChars = 2000): string {
    const scrubbed = safeStringify(this.scrubValue(body));
    return scrubbed.length > maxChars
      ? `${scrubbed.slice(0, maxChars)}…(${scrubbed.length} chars)`
      : scrubbed;
  }
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)) ?? "";
  } catch {
    return String(value);
  }
}
