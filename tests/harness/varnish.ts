/**
 * A real Varnish in front of a test backend, running the VCL operators get (deploy/varnish/default.vcl): only the
 * backend address and the probe interval are rewritten (scripts/lib/varnish.js), so the tests exercise the shipped file itself.
 */
import { execFile } from 'child_process';
import fs from 'fs';
import path from 'path';
import { freePort } from './processes';

export interface VclTarget {
  backendHost: string;
  backendPort: number;
  /** The health probe's interval, e.g. `0.2s` (the shipped 5s would make "backend down" tests slow). */
  probeInterval: string;
}

interface SpawnedVarnish {
  url: string;
  port: number;
  workDir: string;
  output: () => string;
  stop: () => Promise<void>;
}

// The logic lives in CommonJS so that the plain-JS benchmark (bench/run.js) starts Varnish the same way.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS script, no types to import
const shared = require('../../scripts/lib/varnish') as {
  SHIPPED_VCL: string;
  varnishdPath: () => string | null;
  varnishAvailable: () => boolean;
  renderVcl: (vcl: string, target: VclTarget) => string;
  spawnVarnish: (options: {
    port: number;
    backendPort: number;
    backendHost?: string;
    vclPath?: string;
    probeInterval?: string;
    storage?: string;
    readyTimeoutMs?: number;
  }) => Promise<SpawnedVarnish>;
};

export const SHIPPED_VCL = shared.SHIPPED_VCL;
/** The varnishd binary: on PATH or where Debian puts it; null when Varnish is not installed. */
export const varnishdPath = shared.varnishdPath;
/** Varnish and the xkey vmod (varnish-modules) are installed: the shipped VCL imports xkey. */
export const varnishAvailable = shared.varnishAvailable;
/** Rewrites the backend's host, port and probe interval in `vcl`; throws when one of them is not found. */
export const renderVcl = shared.renderVcl;

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
  const { url, port, workDir, output, stop } = await shared.spawnVarnish({
    port: wantedPort ?? (await freePort()),
    backendPort,
    backendHost,
    vclPath,
    probeInterval,
    readyTimeoutMs,
  });
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
    output,
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
