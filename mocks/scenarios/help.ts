import { SCENARIOS } from './index.js';
import type { ScenarioDefinition } from './scenario.js';

/** One line per scenario, with its value's default ("that many" in its summary): what `--scenario` takes. */
export function scenariosHelp(): string {
  const lines = [
    'Scenarios (--scenario <name>[=<value>], or PUT /__admin/scenarios/<name>), off unless asked for:',
  ];
  const width = Math.max(...SCENARIOS.map((s) => scenarioUsage(s).length));
  for (const s of SCENARIOS) lines.push(`  ${scenarioUsage(s).padEnd(width)}  ${s.summary}`);
  return lines.join('\n');
}

function scenarioUsage(s: ScenarioDefinition): string {
  return s.parameter ? `${s.name}[=${s.parameter.default}]` : s.name;
}
