/** Real HTTP listeners for tests that need a URL (the reference reader in front of the API). */
import type http from 'http';
import type { AddressInfo } from 'net';

/** Listens on a free port of 127.0.0.1; resolves to the server's origin. */
export const listen = (server: http.Server) =>
  new Promise<string>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });

/** Closes a listening server and its open connections (nothing to do when it is not listening). */
export const close = (server: http.Server | undefined) =>
  new Promise<void>((resolve) => {
    if (!server?.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
