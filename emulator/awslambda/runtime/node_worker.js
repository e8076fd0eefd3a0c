// Bootstrap that runs inside a Node.js worker: the emulator's stand-in for AWS's runtime client.
//
// Started as `node node_worker.js IN_FD OUT_FD`. It follows AWS's Node.js runtime interface
// client (aws/aws-lambda-nodejs-runtime-interface-client, src/UserFunction.js, Errors.js,
// LogPatch.js, InvokeContext.js):
// - handler "dir/sub/module.nested.fn": module file resolved under LAMBDA_TASK_ROOT, trying
//   the bare path, `.js` (CommonJS unless package.json says "type": "module"), `.mjs` (ES module
//   via dynamic import) and `.cjs`; a missing module is Runtime.ImportModuleError, a missing
//   export Runtime.HandlerNotFound "<handler> is undefined or not exported". Node runs with the
//   flags Lambda applies (`--no-experimental-require-module`, and on nodejs22.x
//   `--no-experimental-detect-module`; environment.py), so a `.js` file with ESM syntax and no
//   "type": "module" is required as CommonJS and fails: Runtime.UserCodeSyntaxError
//   (docs/aws-behaviour.md section 27);
// - a line written to stdout or stderr is one log event, as it is;
// - errors become {errorType, errorMessage, trace} and an "Invoke Error" ERROR log line;
// - console.* lines are "<ISO time>\t<requestId>\t<LEVEL>\t<message>";
// - the context has functionName, functionVersion, invokedFunctionArn, memoryLimitInMB (a
//   string), awsRequestId, logGroupName, logStreamName and getRemainingTimeInMillis().
// Protocol with the parent: frames on the two pipes (the format is in worker.py): a request is
// a header {id, deadline_ms, arn} with the event as its body; the worker sends {t: "log", ts}
// (body: the line), one {t: "ready"} and one {t: "result", ok, max_rss_kb} per request (body:
// the payload; max_rss_kb: the peak resident memory, for the REPORT line).
'use strict';

const fs = require('fs');
const net = require('net');
const path = require('path');
const url = require('url');
const util = require('util');

const inFd = Number(process.argv[2]);
const outFd = Number(process.argv[3]);
let currentRequestId; // undefined during init, as in AWS's logs

// One frame: (header length, body length) as two big-endian uint32, the JSON header, the body,
// in one system call where the pipe takes it whole (the parent wakes up once per frame).
function send(header, body = Buffer.alloc(0)) {
  const encoded = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.writeUInt32BE(encoded.length, 0);
  prefix.writeUInt32BE(body.length, 4);
  let parts = [Buffer.concat([prefix, encoded]), body];
  while (parts.length) {
    let written;
    try {
      written = fs.writevSync(outFd, parts);
    } catch (err) {
      if (err.code !== 'EAGAIN') throw err;
      continue;
    }
    while (parts.length && written >= parts[0].length) {
      written -= parts[0].length;
      parts.shift();
    }
    if (parts.length) parts[0] = parts[0].subarray(written);
  }
}

function log(level, args) {
  const line = `${new Date().toISOString()}\t${currentRequestId}\t${level}\t${util.format(...args)}`;
  send({ t: 'log', ts: Date.now() }, Buffer.from(line, 'utf8'));
}

// What the function writes to stdout or stderr itself (process.stdout.write, a child's inherited
// output is not affected): every complete line is one log event, with no prefix, as Lambda turns
// each line of the runtime's output into a CloudWatch Logs event; a trailing partial line is sent
// at the end of the invocation (drainOutput), like python_worker.py's _LineWriter.
const partial = { stdout: '', stderr: '' };

function captureStream(name) {
  const stream = process[name];
  stream.write = (chunk, encoding, callback) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const lines = (partial[name] + text).split('\n');
    partial[name] = lines.pop();
    for (const line of lines) send({ t: 'log', ts: Date.now() }, Buffer.from(line, 'utf8'));
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') process.nextTick(done);
    return true;
  };
}

function drainOutput() {
  for (const name of ['stdout', 'stderr']) {
    if (partial[name]) send({ t: 'log', ts: Date.now() }, Buffer.from(partial[name], 'utf8'));
    partial[name] = '';
  }
}

captureStream('stdout');
captureStream('stderr');

console.trace = (...args) => log('TRACE', args);
console.debug = (...args) => log('DEBUG', args);
console.info = (...args) => log('INFO', args);
console.log = console.info;
console.warn = (...args) => log('WARN', args);
console.error = (...args) => log('ERROR', args);

function namedError(name, message) {
  const err = new Error(message);
  err.name = name;
  return err;
}

function toRapidResponse(error) {
  if (util.types.isNativeError(error) || (error && typeof error.stack === 'string')) {
    return {
      errorType: error.name,
      errorMessage: error.message,
      trace: error.stack.split('\n'),
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

function toFormatted(error) {
  const replacer = (_key, value) => {
    if (value instanceof Error) {
      const ret = Object.assign(
        { errorType: value.name, errorMessage: value.message, code: value.code },
        value,
      );
      if (typeof value.stack === 'string') ret.stack = value.stack.split('\n');
      return ret;
    }
    return value;
  };
  try {
    return '\t' + JSON.stringify(error, replacer);
  } catch (_err) {
    return '\t' + JSON.stringify(toRapidResponse(error));
  }
}

function hasTypeModule(folder) {
  if (folder.endsWith('/node_modules')) return false;
  const pj = path.join(folder, 'package.json');
  if (fs.existsSync(pj)) {
    try {
      return JSON.parse(fs.readFileSync(pj, 'utf8')).type === 'module';
    } catch (_err) {
      return false;
    }
  }
  const parent = path.resolve(folder, '..');
  return parent === folder ? false : hasTypeModule(parent);
}

function tryRequire(file) {
  return fs.existsSync(file) ? require(file) : undefined;
}

async function tryImport(file) {
  return fs.existsSync(file) ? await import(url.pathToFileURL(file).href) : undefined;
}

async function loadModule(appRoot, moduleRoot, moduleName) {
  const base = path.resolve(appRoot, moduleRoot, moduleName);
  const bare = fs.existsSync(base) && fs.statSync(base).isFile() ? require(base) : undefined;
  if (bare) return bare;
  const esm = hasTypeModule(path.dirname(base));
  if (!esm) {
    const loaded = tryRequire(base + '.js');
    if (loaded) return loaded;
  }
  const loaded =
    (esm && (await tryImport(base + '.js'))) ||
    (await tryImport(base + '.mjs')) ||
    tryRequire(base + '.cjs');
  if (loaded) return loaded;
  return require(require.resolve(moduleName, { paths: [appRoot, moduleRoot] }));
}

async function loadHandler(appRoot, fullHandler) {
  if (fullHandler.includes('..')) {
    throw namedError(
      'Runtime.MalformedHandlerName',
      `'${fullHandler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const handlerString = path.basename(fullHandler);
  const moduleRoot = fullHandler.substring(0, fullHandler.indexOf(handlerString));
  const match = handlerString.match(/^([^.]*)\.(.*)$/);
  if (!match) throw namedError('Runtime.MalformedHandlerName', 'Bad handler');
  const [, moduleName, handlerPath] = match;
  let app;
  try {
    app = await loadModule(appRoot, moduleRoot, moduleName);
  } catch (err) {
    if (err instanceof SyntaxError) throw namedError('Runtime.UserCodeSyntaxError', String(err));
    if (err && err.code === 'MODULE_NOT_FOUND') {
      throw namedError('Runtime.ImportModuleError', String(err));
    }
    throw err;
  }
  const fn = handlerPath.split('.').reduce((obj, key) => obj && obj[key], app);
  if (!fn) throw namedError('Runtime.HandlerNotFound', `${fullHandler} is undefined or not exported`);
  if (typeof fn !== 'function') {
    throw namedError('Runtime.HandlerNotFound', `${fullHandler} is not a function`);
  }
  return fn;
}

function makeContext(request) {
  const deadline = request.deadline_ms;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: undefined,
    identity: undefined,
    invokedFunctionArn: request.arn,
    awsRequestId: request.id,
    getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
  };
}

// A handler may be async (or return a promise), or take a callback as third argument.
function runHandler(fn, event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const callback = (err, data) => {
      if (settled) return;
      settled = true;
      if (err !== undefined && err !== null) reject(err);
      else resolve(data);
    };
    context.done = callback;
    context.succeed = (data) => callback(null, data);
    context.fail = (err) => callback(err || new Error('handled'));
    let returned;
    try {
      returned = fn(event, context, callback);
    } catch (err) {
      callback(err);
      return;
    }
    if (returned && typeof returned.then === 'function') {
      returned.then(
        (value) => callback(null, value),
        (err) => callback(err === undefined || err === null ? new Error(String(err)) : err),
      );
    } else if (fn.length < 3) {
      callback(null, returned);
    }
  });
}

function result(ok, payload) {
  const header = { t: 'result', ok, max_rss_kb: process.resourceUsage().maxRSS };
  return [header, Buffer.from(JSON.stringify(payload), 'utf8')];
}

async function handle(request, eventBytes, state) {
  currentRequestId = request.id;
  if (state.initError) {
    log('ERROR', ['Uncaught Exception', toFormatted(state.initError)]);
    return result(false, toRapidResponse(state.initError));
  }
  let returned;
  try {
    const event = JSON.parse(eventBytes.toString('utf8'));
    returned = await runHandler(state.handler, event, makeContext(request));
  } catch (err) {
    log('ERROR', ['Invoke Error', toFormatted(err)]);
    return result(false, toRapidResponse(err));
  }
  try {
    return result(true, returned === undefined ? null : returned);
  } catch (err) {
    const error = { errorType: 'Runtime.MarshalError', errorMessage: String(err), trace: [] };
    log('ERROR', ['Invoke Error', toFormatted(error)]);
    return result(false, error);
  }
}

// Frames from the parent, cut out of the byte stream; a large body is joined once, when whole.
class FrameReader {
  constructor(onFrame) {
    this.onFrame = onFrame;
    this.chunks = [];
    this.buffered = 0;
    this.header = null; // [header length, body length] of the frame being read
  }

  push(chunk) {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.header === null) {
        if (this.buffered < 8) return;
        const prefix = this.take(8);
        this.header = [prefix.readUInt32BE(0), prefix.readUInt32BE(4)];
      }
      const [headerLength, bodyLength] = this.header;
      if (this.buffered < headerLength + bodyLength) return;
      const frame = this.take(headerLength + bodyLength);
      this.header = null;
      this.onFrame(
        JSON.parse(frame.toString('utf8', 0, headerLength)),
        frame.subarray(headerLength),
      );
    }
  }

  take(size) {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
    this.chunks = all.length > size ? [all.subarray(size)] : [];
    this.buffered = all.length - size;
    return all.subarray(0, size);
  }
}

async function main() {
  const state = { handler: undefined, initError: undefined };
  const appRoot = process.env.LAMBDA_TASK_ROOT || process.cwd();
  try {
    state.handler = await loadHandler(appRoot, process.env._HANDLER || '');
  } catch (err) {
    state.initError = err;
  }
  drainOutput();
  send({ t: 'ready' });

  const input = new net.Socket({ fd: inFd, readable: true, writable: false });
  let chain = Promise.resolve();
  const reader = new FrameReader((request, eventBytes) => {
    chain = chain.then(async () => {
      const answer = await handle(request, eventBytes, state);
      drainOutput();
      send(...answer);
    });
  });
  input.on('data', (chunk) => reader.push(chunk));
  input.on('end', () => process.exit(0));
}

main();
