import { createServer } from 'node:net';
import type { Test } from 'tap';

/** A loopback port something else is listening on for the rest of the test: for "port in use" paths. */
export async function busyPort(t: Test): Promise<number> {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  t.teardown(() => blocker.close());
  const address = blocker.address();
  if (typeof address !== 'object' || !address) throw new Error('the blocker has no port');
  return address.port;
}

/** `n` loopback ports that were free when asked (distinct: all held open until all are known). */
export async function freePorts(n: number): Promise<number[]> {
  const probes = Array.from({ length: n }, () => createServer());
  const ports: number[] = [];
  for (const probe of probes) {
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const address = probe.address();
    if (typeof address !== 'object' || !address) throw new Error('the probe has no port');
    ports.push(address.port);
  }
  await Promise.all(probes.map((probe) => new Promise((resolve) => probe.close(resolve))));
  return ports;
}
