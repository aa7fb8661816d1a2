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
