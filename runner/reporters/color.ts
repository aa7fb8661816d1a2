/** What decides colour: the stream's terminal-ness and the environment's conventions. */
export interface ColorInputs {
  readonly isTTY?: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * Whether console output is coloured, as Node's own `tty.hasColors` and chalk's supports-color decide
 * it: `FORCE_COLOR` wins (`0`/`false` off, anything else, even empty, on; even when not a terminal),
 * then `NO_COLOR` set to anything but the empty string turns it off (no-color.org), as do
 * `NODE_DISABLE_COLORS` and `TERM=dumb`; otherwise colour only on a terminal.
 *
 * @example
 * colorFor({ isTTY: false, env: { FORCE_COLOR: '1' } }) // true: CI logs that render ANSI
 * colorFor({ isTTY: true, env: { NO_COLOR: '1' } }) // false
 */
export function colorFor({ isTTY, env }: ColorInputs): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !/^(0|false)$/i.test(force.trim());
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.NODE_DISABLE_COLORS !== undefined && env.NODE_DISABLE_COLORS !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY === true;
}

export type Paint = (text: string) => string;
export interface Palette {
  readonly red: Paint;
  readonly green: Paint;
  readonly yellow: Paint;
  readonly dim: Paint;
  readonly bold: Paint;
}

const ansi =
  (open: number, close: number): Paint =>
  (text) =>
    `\u001b[${open}m${text}\u001b[${close}m`;
const COLORS: Palette = {
  red: ansi(31, 39),
  green: ansi(32, 39),
  yellow: ansi(33, 39),
  dim: ansi(2, 22),
  bold: ansi(1, 22),
};
const plain: Paint = (text) => text;
const PLAIN: Palette = { red: plain, green: plain, yellow: plain, dim: plain, bold: plain };

/** ANSI colours, or none. */
export const palette = (color: boolean): Palette => (color ? COLORS : PLAIN);
