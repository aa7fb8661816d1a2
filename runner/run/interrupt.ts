import { EXIT } from '../exit-codes.js';

/**
 * Ctrl-C and SIGTERM while a run goes on: the first stops it (no case starts, requests in flight are
 * aborted, the mock is put back, every report is written marked interrupted, exit 130); a second
 * exits at once, as a person pressing Ctrl-C twice expects.
 */
export function onInterrupt(stop: AbortController, say: (text: string) => void): { dispose(): void } {
  const handler = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted) {
      say(`\ntokenrig: ${signal} again: exiting at once, without reports\n`);
      process.exit(EXIT.INTERRUPTED);
    }
    say(
      `\ntokenrig: ${signal}: stopping; writing the reports of what finished (${signal} again exits at once)\n`,
    );
    stop.abort(signal);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
