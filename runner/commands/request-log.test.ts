import { EventEmitter } from 'node:events';
import t from 'tap';
import { createRequestLog, type LogDestination } from './request-log.js';

/** A stdout stand-in that records each write (each is one system call on the real one). */
class Recorder extends EventEmitter implements LogDestination {
  writes: string[] = [];
  writableLength = 0;
  write(chunk: string): boolean {
    this.writes.push(chunk);
    return true;
  }
  get text(): string {
    return this.writes.join('');
  }
}

/** Runs scheduled flushes only when the test says so: a turn of the event loop, made explicit. */
function manualTurns() {
  const pending: (() => void)[] = [];
  return {
    schedule: (flush: () => void) => pending.push(flush),
    endTurn: () => {
      for (const flush of pending.splice(0)) flush();
    },
  };
}

t.test('every line, in order, after the time of its millisecond', async (t) => {
  const out = new Recorder();
  const turns = manualTurns();
  let clock = Date.UTC(2026, 10, 22, 7, 0, 0, 5);
  const log = createRequestLog({ out, now: () => clock, schedule: turns.schedule });
  log.line('GET /a 200');
  log.line('GET /b 404');
  clock += 1;
  log.line('GET /c 500');
  turns.endTurn();
  t.equal(
    out.text,
    '2026-11-22T07:00:00.005Z GET /a 200\n2026-11-22T07:00:00.005Z GET /b 404\n2026-11-22T07:00:00.006Z GET /c 500\n',
  );
});

t.test('the lines of one turn go out in one write; the next turn gets its own', async (t) => {
  const out = new Recorder();
  const turns = manualTurns();
  const log = createRequestLog({ out, schedule: turns.schedule });
  for (let i = 0; i < 1000; i++) log.line(`POST /refresh 200 #${i}`);
  t.equal(out.writes.length, 0, 'nothing written before the turn ends');
  turns.endTurn();
  t.equal(out.writes.length, 1);
  t.equal(out.text.split('\n').length - 1, 1000);
  log.line('POST /refresh 200 #1000');
  turns.endTurn();
  t.equal(out.writes.length, 2);
  t.match(out.writes[1], /#1000\n$/);
});

t.test('flush writes what is queued at once (shutdown), and a later turn has nothing left', async (t) => {
  const out = new Recorder();
  const turns = manualTurns();
  const log = createRequestLog({ out, schedule: turns.schedule });
  log.line('GET /a 200');
  log.flush();
  t.equal(out.writes.length, 1);
  turns.endTurn();
  t.equal(out.writes.length, 1);
});

t.test('by default, lines are written after the current turn of the event loop', async (t) => {
  const out = new Recorder();
  const log = createRequestLog({ out });
  log.line('GET /a 200');
  log.line('GET /b 200');
  t.equal(out.writes.length, 0);
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(out.writes.length, 1);
});

t.test('a destination holding too much unwritten drops lines, says so once, and recovers', async (t) => {
  const out = new Recorder();
  const turns = manualTurns();
  const warnings: string[] = [];
  const log = createRequestLog({
    out,
    schedule: turns.schedule,
    maxPendingBytes: 100,
    warn: (m) => warnings.push(m),
  });
  out.writableLength = 1000;
  for (let turn = 0; turn < 3; turn++) {
    log.line(`dropped ${turn}`);
    turns.endTurn();
  }
  t.equal(out.writes.length, 0);
  t.strictSame(warnings, ['the request log is not keeping up; dropping lines until it does']);
  out.writableLength = 0;
  log.line('kept');
  turns.endTurn();
  t.match(out.text, /kept\n$/);
  t.notMatch(out.text, /dropped/);
});

t.test('a destination that fails stops the log without throwing, and says why once', async (t) => {
  const out = new Recorder();
  const turns = manualTurns();
  const warnings: string[] = [];
  const log = createRequestLog({ out, schedule: turns.schedule, warn: (m) => warnings.push(m) });
  log.line('GET /a 200');
  turns.endTurn();
  const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
  out.emit('error', epipe);
  out.emit('error', epipe);
  log.line('GET /b 200');
  turns.endTurn();
  log.flush();
  t.equal(out.writes.length, 1);
  t.strictSame(warnings, ['request log stopped: EPIPE']);
});
