'use strict';
/**
 * A real Varnish running the VCL operators get (deploy/varnish/default.vcl), for the tests (tests/harness/varnish.ts)
 * and the benchmark (bench/run.js): only the backend's host, port and probe interval are rewritten, so both exercise
 * the shipped file itself. CommonJS so that the plain-JS benchmark and the TypeScript tests share one copy.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const SHIPPED_VCL = path.resolve(__dirname, '..', '..', 'deploy', 'varnish', 'default.vcl');

const VARNISHD_CANDIDATES = ['/usr/sbin/varnishd', '/usr/local/sbin/varnishd'];
const VMOD_DIRS = ['/usr/lib/x86_64-linux-gnu/varnish/vmods', '/usr/lib/aarch64-linux-gnu/varnish/vmods', '/usr/lib/varnish/vmods'];

/** The varnishd binary: on PATH or where Debian puts it; null when Varnish is not installed. */
function varnishdPath() {
  const onPath = (process.env.PATH || '').split(path.delimiter).map((dir) => path.join(dir, 'varnishd'));
  return [...onPath, ...VARNISHD_CANDIDATES].find((file) => fs.existsSync(file)) || null;
}

/** Varnish and the xkey vmod (varnish-modules) are installed: the shipped VCL imports xkey. */
function varnishAvailable() {
  return varnishdPath() !== null && VMOD_DIRS.some((dir) => fs.existsSync(path.join(dir, 'libvmod_xkey.so')));
}

/** Rewrites the backend's host, port and probe interval in `vcl`; throws when one of them is not found. */
function renderVcl(vcl, { backendHost, backendPort, probeInterval }) {
  const replacements = [
    [/(\.host\s*=\s*)"[^"]*";/, `$1"${backendHost}";`],
    [/(\.port\s*=\s*)"[^"]*";/, `$1"${backendPort}";`],
    [/(\.interval\s*=\s*)[^;]+;/, `$1${probeInterval};`],
  ];
  return replacements.reduce((text, [pattern, replacement]) => {
    // A silent non-match would run a VCL that talks to the wrong backend.
    if (!pattern.test(text)) throw new Error(`The VCL has no line matching ${pattern}`);
    return text.replace(pattern, replacement);
  }, vcl);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts varnishd in the foreground on 127.0.0.1:port and resolves once `/_health` answers 204 through it, i.e. the
 * probe found the backend healthy (the backend must be up and answer `/_health` with 204). Works as root: varnishd
 * then drops its worker to the `vcache` user, so the working directory is left readable.
 * Resolves to { url, port, workDir, output(), stop() }; stop() sends SIGTERM, waits (SIGKILL after 10 s) and
 * removes the working directory.
 */
async function spawnVarnish({
  port,
  backendPort,
  backendHost = '127.0.0.1',
  vclPath = SHIPPED_VCL,
  probeInterval = '0.2s',
  storage = 'malloc,64m',
  readyTimeoutMs = 20000,
}) {
  const varnishd = varnishdPath();
  if (!varnishd) throw new Error('varnishd is not installed (apt-get install varnish varnish-modules)');
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'varnish-'));
  fs.chmodSync(tmpDir, 0o755);
  const workDir = path.join(tmpDir, 'instance');
  const renderedVcl = path.join(tmpDir, 'default.vcl');
  fs.writeFileSync(renderedVcl, renderVcl(fs.readFileSync(vclPath, 'utf8'), { backendHost, backendPort, probeInterval }));
  fs.chmodSync(renderedVcl, 0o644);

  const child = spawn(varnishd, ['-F', '-n', workDir, '-a', `127.0.0.1:${port}`, '-f', renderedVcl, '-s', storage, '-p', 'thread_pool_min=5'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  let done = false;
  const exited = new Promise((resolve) =>
    child.on('exit', () => {
      done = true;
      resolve();
    }),
  );

  const stop = async () => {
    if (!done) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
    await exited;
    clearTimeout(timer);
    fs.rmSync(tmpDir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (done) {
      await stop();
      throw new Error(`varnishd exited before it was ready:\n${output}`);
    }
    try {
      if ((await fetch(`${url}/_health`)).status === 204) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Varnish did not reach a healthy backend within ${readyTimeoutMs} ms:\n${output}`);
    }
    await sleep(100);
  }
  return { url, port, workDir, pid: child.pid, output: () => output, stop };
}

module.exports = { SHIPPED_VCL, varnishdPath, varnishAvailable, renderVcl, spawnVarnish };
