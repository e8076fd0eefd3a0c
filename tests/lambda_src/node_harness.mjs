// Runs lambda_src/users_node/index.mjs on many events in one node process, for
// tests/lambda_src/test_users_node_parity.py. Reads {"cases": [{"event", "allowed_origin"}]} on
// stdin; writes [{"result", "output"}] on stdout, where output is what the handler wrote to
// process.stdout (its log lines). ALLOWED_ORIGIN is set (or deleted, when null) per case, as
// the function's environment would be.
import fs from 'node:fs';
import path from 'node:path';
import url from 'node:url';

const here = path.dirname(url.fileURLToPath(import.meta.url));
const source = path.resolve(here, '..', '..', 'lambda_src', 'users_node', 'index.mjs');
const { handler } = await import(url.pathToFileURL(source).href);
const { cases } = JSON.parse(fs.readFileSync(0, 'utf8'));

const write = process.stdout.write.bind(process.stdout);
const answers = [];
for (const { event, allowed_origin: origin } of cases) {
  if (origin === null) delete process.env.ALLOWED_ORIGIN;
  else process.env.ALLOWED_ORIGIN = origin;
  let output = '';
  process.stdout.write = (chunk) => {
    output += String(chunk);
    return true;
  };
  try {
    answers.push({ result: await handler(event, {}), output });
  } finally {
    process.stdout.write = write;
  }
}
let pending = Buffer.from(JSON.stringify(answers), 'utf8');
while (pending.length) {
  try {
    pending = pending.subarray(fs.writeSync(1, pending));
  } catch (err) {
    if (err.code !== 'EAGAIN') throw err;
  }
}
