// GET and POST /users: the tutorial's Lambda function, in Node.js, the console's default file
// (index.mjs, an ES module; handler "index.handler").
//
// The tutorial's handler is
//
//   export const handler = async (event) => {
//     console.log('event', event);
//     return { statusCode: 200, body: JSON.stringify('Testing Lambda from API Gateway') };
//   };
//
// This one is extended exactly like lambda_src/users/app.py and answers the same bytes (status,
// headers, body; tests/lambda_src/test_users_node_parity.py runs both on the same events):
// - GET: the body is a JSON string, "Testing Lambda from API Gateway", with
//   ". Hello, <cognito:username>!" when a Cognito user pool authorizer put claims in the event;
// - POST (07_groups_and_scopes): 201 for the admins group or the users/write scope, 403 for
//   anyone else, 400 without {"username": "..."}; every claim value is a string, as API Gateway
//   renders them ("admins,readers", a space-separated scope);
// - CORS: when ALLOWED_ORIGIN is set and not empty, every response carries
//   Access-Control-Allow-Origin (docs/aws-behaviour.md 22.9); unset, nothing changes.
// Bodies are written as Python's json.dumps writes them (", " and ": ", non-ASCII as \uXXXX), so
// a client cannot tell the two functions apart. The event is logged as one line
// "event {...}" (compact JSON, sorted keys), without the Authorization header: a bearer token in
// a log can be used by anyone who may read the logs. It is written with process.stdout.write,
// which Lambda logs line by line as it is (console.log would add a time, request id and level
// before it), so the log line is the Python function's too. It imports nothing.

const MESSAGE = 'Testing Lambda from API Gateway';
const ADMINS_GROUP = 'admins';
const WRITE_SCOPE = 'users/write';
const SECRET_HEADERS = new Set(['authorization']);

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

// Python's truth value of a JSON value: null, false, 0, "", [] and {} are false.
function truthy(value) {
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

// A string as Python's json.dumps writes it (ensure_ascii): \" \\ \n \r \t \b \f, and every
// other code unit outside ' '..'~' as \uXXXX (lower-case hex; astral characters as their pair).
const SHORT_ESCAPES = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

function pyString(text) {
  let out = '"';
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    const code = text.charCodeAt(i);
    if (SHORT_ESCAPES[char] !== undefined) out += SHORT_ESCAPES[char];
    else if (code < 0x20 || code > 0x7e) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += char;
  }
  return out + '"';
}

// Python's sort of str keys: by code point, not by UTF-16 code unit.
function byCodePoint(a, b) {
  const left = Array.from(a, (c) => c.codePointAt(0));
  const right = Array.from(b, (c) => c.codePointAt(0));
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    if (left[i] !== right[i]) return left[i] - right[i];
  }
  return left.length - right.length;
}

// json.dumps(value) (separators ", " and ": ") or, compact, json.dumps(value,
// separators=(",", ":"), sort_keys=True).
function pyDumps(value, compact = false) {
  const [item, key] = compact ? [',', ':'] : [', ', ': '];
  const dump = (v) => {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'string') return pyString(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number') {
      if (Number.isNaN(v)) return 'NaN';
      if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
      return String(v);
    }
    if (Array.isArray(v)) return '[' + v.map(dump).join(item) + ']';
    const names = Object.keys(v);
    if (compact) names.sort(byCodePoint);
    return '{' + names.map((name) => pyString(name) + key + dump(v[name])).join(item) + '}';
  };
  return dump(value);
}

// Python's json.loads: JSON, plus the bare constants NaN, Infinity and -Infinity it accepts.
function pyLoads(text) {
  try {
    return JSON.parse(text);
  } catch (err) {
    const constants = /"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g;
    const replaced = text.replace(constants, (token) => (token.startsWith('"') ? token : 'null'));
    if (replaced === text) throw err;
    return JSON.parse(replaced);
  }
}

export function responseHeaders() {
  const headers = { 'Content-Type': 'application/json' };
  const origin = process.env.ALLOWED_ORIGIN || '';
  if (origin) headers['Access-Control-Allow-Origin'] = origin;
  return headers;
}

const response = (statusCode, payload) => ({
  statusCode,
  headers: responseHeaders(),
  body: pyDumps(payload),
});

export function claimsOf(event) {
  const requestContext = truthy(event.requestContext) ? event.requestContext : {};
  const authorizer = truthy(requestContext.authorizer) ? requestContext.authorizer : {};
  const claims = truthy(authorizer.claims) ? authorizer.claims : {};
  return isObject(claims) ? claims : {};
}

function callerName(event) {
  const name = claimsOf(event)['cognito:username'];
  return typeof name === 'string' && name ? name : null;
}

function groupsOf(claims) {
  const value = claims['cognito:groups'];
  if (typeof value !== 'string') return new Set();
  return new Set(value.split(',').map((g) => g.trim()).filter(Boolean));
}

function scopesOf(claims) {
  const value = claims.scope;
  return typeof value === 'string' ? new Set(value.split(/\s+/).filter(Boolean)) : new Set();
}

const mayCreateUsers = (claims) => groupsOf(claims).has(ADMINS_GROUP) || scopesOf(claims).has(WRITE_SCOPE);

function createUser(event) {
  const claims = claimsOf(event);
  if (!mayCreateUsers(claims)) {
    return response(403, {
      message: `Only the ${ADMINS_GROUP} group or the ${WRITE_SCOPE} scope may add users`,
    });
  }
  let body;
  try {
    body = pyLoads(truthy(event.body) ? event.body : '{}');
  } catch (_err) {
    body = null;
  }
  const username = isObject(body) ? body.username : undefined;
  if (typeof username !== 'string' || !username) {
    return response(400, { message: 'Send a JSON body {"username": "<name>"}' });
  }
  const by = [claims['cognito:username'], claims.username, claims.client_id].find(truthy);
  return response(201, { created: username, by: by === undefined ? claims.client_id : by });
}

function loggable(event) {
  const copy = { ...event };
  for (const key of ['headers', 'multiValueHeaders']) {
    if (isObject(event[key])) {
      copy[key] = Object.fromEntries(
        Object.entries(event[key]).filter(([name]) => !SECRET_HEADERS.has(name.toLowerCase())),
      );
    }
  }
  return copy;
}

export const handler = async (event) => {
  process.stdout.write(`event ${pyDumps(loggable(event), true)}\n`);
  if (event.httpMethod === 'POST') return createUser(event);
  const name = callerName(event);
  return response(200, name === null ? MESSAGE : `${MESSAGE}. Hello, ${name}!`);
};
