// The real backend the browser tests run against: a password-protected redis-server, the
// srs-cloud daemons that exist in SC_BIN_DIR, and a front that routes by path prefix the way
// mgmt does (spec/mgmt.md §2): /mgmt/ and /terraform/v1/mgmt/ → platform, /terraform/v1/hooks/
// → hooks, /terraform/v1/ffmpeg/ → ffmpeg, /tools/ → the built players. Everything binds
// 127.0.0.1 on free ports and lives in one temporary folder; only processes started here are
// stopped, by pid.
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const UI_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN_DIR = path.resolve(UI_ROOT, process.env.SC_BIN_DIR || '../build/bin');
export const UI_DIR = path.join(UI_ROOT, 'dist');
export const TOOLS_DIR = path.join(UI_ROOT, 'dist-tools');

export function binary(name) {
  return path.join(BIN_DIR, `srs-cloud-${name}`);
}

export function hasBinary(name) {
  try {
    fs.accessSync(binary(name), fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// A port nobody listens on now (never 2024, which the machine holds).
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => (port === 2024 ? resolve(freePort()) : resolve(port)));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check, what, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await sleep(50);
  }
  throw new Error(`${what} did not come up within ${timeoutMs} ms${last ? `: ${last.message}` : ''}`);
}

async function httpOk(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
  return response.status === 200;
}

// One child process with its output in a log file.
class Child {
  constructor(name, command, args, { env = {}, logDir }) {
    this.name = name;
    this.log = path.join(logDir, `${name}.log`);
    const out = fs.openSync(this.log, 'a');
    this.process = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    this.exited = new Promise((resolve) => this.process.on('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid() {
    return this.process.pid;
  }

  get running() {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  async stop(graceMs = 5000) {
    if (!this.running) return;
    this.process.kill('SIGTERM');
    const done = await Promise.race([this.exited, sleep(graceMs).then(() => null)]);
    if (!done && this.running) {
      this.process.kill('SIGKILL');
      await this.exited;
    }
  }

  tail(lines = 40) {
    try {
      return fs.readFileSync(this.log, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }
}

// redis-cli against the stack's Redis; the password goes through the environment.
export class Redis {
  constructor(port, password) {
    this.port = port;
    this.password = password;
  }

  command(...args) {
    return execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(this.port), '--raw', ...args.map(String)], {
      env: { ...process.env, REDISCLI_AUTH: this.password },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).replace(/\n$/, '');
  }
}

// The nginx front: a config generated for these ports, nginx in the foreground.
async function startNginxFront(stack) {
  const dir = path.join(stack.home, 'nginx');
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  const port = await freePort();
  const upstream = (daemonPort) => `proxy_pass http://127.0.0.1:${daemonPort};`;
  const locations = [
    `location /mgmt { ${upstream(stack.ports.platform)} }`,
    `location = / { ${upstream(stack.ports.platform)} }`,
    `location /terraform/v1/mgmt/ { ${upstream(stack.ports.platform)} }`,
    `location /terraform/v1/hooks/ { ${upstream(stack.ports.hooks)} }`,
    stack.ports.ffmpeg ? `location /terraform/v1/ffmpeg/ { ${upstream(stack.ports.ffmpeg)} }` : '',
    stack.ports.tencent ? `location /terraform/v1/tencent/ { ${upstream(stack.ports.tencent)} }` : '',
    `location /tools/ { alias ${TOOLS_DIR}/; }`,
    'location / { return 404; }',
  ];
  const config = `
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  client_max_body_size 10m;
  proxy_http_version 1.1;
  proxy_set_header Host $http_host;
  proxy_set_header X-Real-IP $remote_addr;
  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
  server {
    listen 127.0.0.1:${port};
    ${locations.filter(Boolean).join('\n    ')}
  }
}
`;
  const file = path.join(dir, 'nginx.conf');
  fs.writeFileSync(file, config);
  const child = new Child('nginx', process.env.NGINX || '/usr/sbin/nginx', ['-e', path.join(dir, 'error.log'), '-p', dir, '-c', file], { logDir: stack.home });
  await waitFor(() => httpOk(`http://127.0.0.1:${port}/terraform/v1/mgmt/versions`), `nginx front (${child.log})`);
  return { url: `http://localhost:${port}`, port, child };
}

// srs-cloud-mgmt as the front, once it exists (port-decisions.md §1: mgmt is the entry point
// and proxies by prefix), given the same daemon ports and folders.
async function startMgmtFront(stack) {
  if (!hasBinary('mgmt')) throw new Error(`SC_E2E_FRONT=mgmt but ${binary('mgmt')} is missing`);
  // mgmt listens where platform calls it; the harness runs the daemons itself, so mgmt starts
  // none of its own (MGMT_SERVICES=none) and no media engine.
  const port = stack.ports.mgmt;
  const child = new Child('mgmt', binary('mgmt'), [], {
    logDir: stack.home,
    env: { ...stack.daemonEnv, MGMT_PORT: String(port), TOOLS_DIR, MGMT_SERVICES: 'none',
           MEDIA_ENGINE: 'none', MGMT_RUNTIME: 'native', PROMETHEUS: 'false', CLOUD: 'OTHER', REGION: 'test',
           LISTEN_ADDRESS: '127.0.0.1' },
  });
  await waitFor(() => httpOk(`http://127.0.0.1:${port}/terraform/v1/mgmt/versions`), `mgmt front (${child.log})`);
  return { url: `http://localhost:${port}`, port, child };
}

// The one place that chooses the front: nginx today, srs-cloud-mgmt with SC_E2E_FRONT=mgmt.
export function startFront(stack, kind = process.env.SC_E2E_FRONT || 'nginx') {
  return kind === 'mgmt' ? startMgmtFront(stack) : startNginxFront(stack);
}

export class Stack {
  constructor() {
    this.home = fs.mkdtempSync(path.join(os.tmpdir(), 'srs-cloud-e2e-'));
    this.children = {};
    this.ports = {};
  }

  async start() {
    for (const name of ['platform', 'hooks']) {
      if (!hasBinary(name)) throw new Error(`${binary(name)} is missing: build it (ninja -C build srs-cloud-${name}) or set SC_BIN_DIR`);
    }
    if (!fs.existsSync(path.join(UI_DIR, 'index.html'))) throw new Error(`${UI_DIR}/index.html is missing: run npm run build first`);
    this.ports.redis = await freePort();
    this.ports.platform = await freePort();
    this.ports.hooks = await freePort();
    this.ports.mgmt = await freePort(); // nothing listens there: platform's calls to mgmt fail fast
    this.ports.unreachable = await freePort();
    if (hasBinary('ffmpeg')) this.ports.ffmpeg = await freePort();
    if (hasBinary('tencent')) this.ports.tencent = await freePort();
    const password = randomBytes(12).toString('hex');
    this.redis = new Redis(this.ports.redis, password);
    fs.mkdirSync(path.join(this.home, 'redis'));
    this.children.redis = new Child(
      'redis',
      'redis-server',
      ['--bind', '127.0.0.1', '--port', String(this.ports.redis), '--requirepass', password, '--dir', path.join(this.home, 'redis'), '--save', '', '--appendonly', 'no'],
      { logDir: this.home },
    );
    await waitFor(() => this.redis.command('PING') === 'PONG', 'redis-server');

    this.daemonEnv = {
      SRS_CLOUD_HOME: this.home,
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: String(this.ports.redis),
      REDIS_PASSWORD: password,
      PLATFORM_PORT: String(this.ports.platform),
      HOOKS_PORT: String(this.ports.hooks),
      MGMT_PORT: String(this.ports.mgmt),
      FFMPEG_PORT: String(this.ports.ffmpeg || this.ports.unreachable),
      TENCENT_PORT: String(this.ports.tencent || this.ports.unreachable),
      UI_DIR,
      USE_DOCKER: 'false',
      // Tutorial lookups must not leave the machine: a closed loopback port answers at once.
      BILIBILI_API: `http://127.0.0.1:${this.ports.unreachable}`,
      LOGIN_MAX_FAILURES: '1000',
      TELEMETRY: 'false',
    };
    fs.writeFileSync(path.join(this.home, '.env'), '');
    await this.startDaemons();
    this.front = await startFront(this);
    this.children.front = this.front.child;
    return this;
  }

  // mgmt's start-up writes the machine's identity (spec/common.md §6, SRS_TENCENT_LH) that
  // platform's /check requires; the harness writes it too, because a test that empties Redis
  // after mgmt started must not lose it.
  seedMachineIdentity() {
    this.redis.command('HSET', 'SRS_TENCENT_LH', 'node', 'e2e-node', 'cloud', 'DEV', 'region', 'local', 'platform', 'dev');
  }

  async startDaemons() {
    this.seedMachineIdentity();
    const daemons = ['hooks', 'platform'];
    if (this.ports.ffmpeg) daemons.push('ffmpeg');
    if (this.ports.tencent) daemons.push('tencent');
    for (const name of daemons) {
      this.children[name] = new Child(name, binary(name), [], { logDir: this.home, env: this.daemonEnv });
    }
    for (const name of daemons) {
      const api = name === 'platform' ? 'mgmt' : name;
      await waitFor(() => httpOk(`http://127.0.0.1:${this.ports[name]}/terraform/v1/${api}/versions`), `${name} (${this.children[name].log})`);
    }
    // /check answers once platform's first upgrade cycle has marked the first boot.
    await waitFor(async () => (await fetch(`http://127.0.0.1:${this.ports.platform}/terraform/v1/mgmt/check`)).status === 200, `platform /check (${this.children.platform.log})`);
  }

  // A fresh backend: empty Redis, no admin password, daemons restarted (they cache secrets).
  // mgmt, when it is the front, caches the API secret and the .env too: it restarts as well,
  // on the same port.
  async reset() {
    const mgmtFront = this.front?.child?.name === 'mgmt';
    if (mgmtFront) await this.children.front.stop();
    for (const name of ['platform', 'hooks', 'ffmpeg', 'tencent']) await this.children[name]?.stop();
    this.redis.command('FLUSHALL');
    fs.writeFileSync(path.join(this.home, '.env'), '');
    await this.startDaemons();
    if (mgmtFront) {
      this.front = await startFront(this);
      this.children.front = this.front.child;
    }
  }

  async stop() {
    for (const name of ['front', 'platform', 'hooks', 'ffmpeg', 'tencent', 'redis']) await this.children[name]?.stop();
  }

  remove() {
    fs.rmSync(this.home, { recursive: true, force: true });
  }

  logs() {
    return Object.values(this.children)
      .map((child) => `--- ${child.name} (${child.log})\n${child.tail()}`)
      .join('\n');
  }

  describe() {
    return {
      url: this.front.url,
      home: this.home,
      ports: this.ports,
      redis: { port: this.redis.port, password: this.redis.password },
      binaries: { ffmpeg: hasBinary('ffmpeg'), tencent: hasBinary('tencent'), mgmt: hasBinary('mgmt') },
      front: this.front.child.name,
    };
  }
}
