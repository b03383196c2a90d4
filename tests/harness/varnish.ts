/**
 * A real Varnish in front of a test backend, running the VCL operators get (deploy/varnish/default.vcl): only the
 * backend address and the probe interval are rewritten, so the tests exercise the shipped file itself.
 */
import { execFile, spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { appDir } from './constants';
import { freePort } from './processes';
import { sleep } from './time';

export const SHIPPED_VCL = path.join(appDir, 'deploy', 'varnish', 'default.vcl');

const VARNISHD_CANDIDATES = ['/usr/sbin/varnishd', '/usr/local/sbin/varnishd'];
const VMOD_DIRS = ['/usr/lib/x86_64-linux-gnu/varnish/vmods', '/usr/lib/aarch64-linux-gnu/varnish/vmods', '/usr/lib/varnish/vmods'];

/** The varnishd binary: on PATH or where Debian puts it; null when Varnish is not installed. */
export function varnishdPath(): string | null {
  const onPath = (process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, 'varnishd'));
  return [...onPath, ...VARNISHD_CANDIDATES].find((file) => fs.existsSync(file)) ?? null;
}

/** Varnish and the xkey vmod (varnish-modules) are installed: the shipped VCL imports xkey. */
export function varnishAvailable(): boolean {
  return varnishdPath() !== null && VMOD_DIRS.some((dir) => fs.existsSync(path.join(dir, 'libvmod_xkey.so')));
}

export interface VclTarget {
  backendHost: string;
  backendPort: number;
  /** The health probe's interval, e.g. `0.2s` (the shipped 5s would make "backend down" tests slow). */
  probeInterval: string;
}

/** Rewrites the backend's host, port and probe interval in `vcl`; throws when one of them is not found. */
export function renderVcl(vcl: string, { backendHost, backendPort, probeInterval }: VclTarget): string {
  const replacements: [RegExp, string][] = [
    [/(\.host\s*=\s*)"[^"]*";/, `$1"${backendHost}";`],
    [/(\.port\s*=\s*)"[^"]*";/, `$1"${backendPort}";`],
    [/(\.interval\s*=\s*)[^;]+;/, `$1${probeInterval};`],
  ];
  return replacements.reduce((text, [pattern, replacement]) => {
    // A silent non-match would test a VCL that talks to the wrong backend.
    if (!pattern.test(text)) throw new Error(`The VCL has no line matching ${pattern}`);
    return text.replace(pattern, replacement);
  }, vcl);
}

export interface PurgeResult {
  status: number;
  /** The X-Purged header: how many objects went. */
  purged: number;
}

export interface VarnishProcess {
  url: string;
  port: number;
  /** Where the application sends `PURGE` (Varnish ignores the path: tags select the objects). */
  purgeUrl: string;
  /** The -n working directory (varnishstat, varnishlog). */
  workDir: string;
  /** `PURGE /` with `xkey: <tags joined by spaces>`. */
  purge: (tags: readonly string[]) => Promise<PurgeResult>;
  /** varnishstat counters by name (`MAIN.cache_hit`, `MAIN.n_object`, …). */
  stats: () => Promise<Record<string, number>>;
  /** Everything varnishd wrote so far. */
  output: () => string;
  /** SIGTERM, waits for the exit (SIGKILL after 10 s), removes the working directory. */
  stop: () => Promise<void>;
}

export interface StartVarnishOptions {
  backendPort: number;
  backendHost?: string;
  vclPath?: string;
  probeInterval?: string;
  readyTimeoutMs?: number;
  /** The port to listen on (the application must know it before Varnish starts: PURGE_VARNISH_URLS); free by default. */
  port?: number;
}

/**
 * Starts varnishd in the foreground on a free port and resolves once `/_health` answers 204 through it, i.e. the
 * probe found the backend healthy (the backend must be up and answer `/_health` with 204). Works as root: varnishd
 * then drops its worker to the `vcache` user, so the working directory is left readable.
 */
export async function startVarnish({
  backendPort,
  backendHost = '127.0.0.1',
  vclPath = SHIPPED_VCL,
  probeInterval = '0.2s',
  readyTimeoutMs = 20_000,
  port: wantedPort,
}: StartVarnishOptions): Promise<VarnishProcess> {
  const varnishd = varnishdPath();
  if (!varnishd) throw new Error('varnishd is not installed (apt-get install varnish varnish-modules)');
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'varnish-test-'));
  fs.chmodSync(tmpDir, 0o755);
  const workDir = path.join(tmpDir, 'instance');
  const renderedVcl = path.join(tmpDir, 'default.vcl');
  fs.writeFileSync(renderedVcl, renderVcl(fs.readFileSync(vclPath, 'utf8'), { backendHost, backendPort, probeInterval }));
  fs.chmodSync(renderedVcl, 0o644);

  const port = wantedPort ?? (await freePort());
  const child = spawn(varnishd, ['-F', '-n', workDir, '-a', `127.0.0.1:${port}`, '-f', renderedVcl, '-s', 'malloc,64m', '-p', 'thread_pool_min=5'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  let done = false;
  const exited = new Promise<void>((resolve) =>
    child.on('exit', () => {
      done = true;
      resolve();
    }),
  );

  const stop = async () => {
    if (!done) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
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

  const purgeUrl = `${url}/`;
  return {
    url,
    port,
    purgeUrl,
    workDir,
    purge: async (tags) => {
      const res = await fetch(purgeUrl, { method: 'PURGE', headers: { xkey: tags.join(' ') } });
      await res.arrayBuffer();
      return { status: res.status, purged: Number(res.headers.get('x-purged') ?? NaN) };
    },
    stats: () => varnishStats(workDir),
    output: () => output,
    stop,
  };
}

interface VarnishstatJson {
  counters?: Record<string, { value?: number }>;
}

/** `varnishstat -n <workDir> -1 -j` as a map of counter name to value. */
export function varnishStats(workDir: string): Promise<Record<string, number>> {
  const varnishd = varnishdPath();
  const varnishstat = varnishd ? path.join(path.dirname(path.dirname(varnishd)), 'bin', 'varnishstat') : 'varnishstat';
  return new Promise((resolve, reject) =>
    execFile(fs.existsSync(varnishstat) ? varnishstat : 'varnishstat', ['-n', workDir, '-1', '-j'], (error, stdout) => {
      if (error) return reject(new Error(`varnishstat failed: ${error.message}`));
      // Varnish 7 nests the counters under `counters`; older versions put them at the top level.
      const parsed = JSON.parse(stdout) as VarnishstatJson & Record<string, { value?: number }>;
      const counters = parsed.counters ?? parsed;
      const values: Record<string, number> = {};
      for (const [name, counter] of Object.entries(counters)) {
        if (typeof counter?.value === 'number') values[name] = counter.value;
      }
      resolve(values);
    }),
  );
}
