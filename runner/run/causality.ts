import type { Failure } from '../model.js';

/**
 * What a finding is about, as far as folding is concerned. Findings on one response are folded when
 * one explains the others: a 500 explains why the body has no `access_token`.
 */
export type Aspect =
  /** No response at all (refused, reset, timeout): nothing else about the exchange means anything. */
  | 'transport'
  /** A 5xx: the server failed on the request. */
  | 'server-error'
  /** A status the vendor does not document for the operation (or a framework's undocumented 4xx). */
  | 'undocumented-status'
  /** A documented status other than the one the step expects (or a generated request accepted). */
  | 'unexpected-status'
  /** The documented body is JSON and this one is not. */
  | 'unparseable-body'
  /** The body or Content-Type against what is documented for the status received. */
  | 'documented-body'
  /** The step's own expectations of the body and headers, and its captures. */
  | 'expectation'
  /** A defect of its own whatever the status (a stack trace, an echoed secret), or a harness error. */
  | 'independent';

/** A finding matched by its check's name and, where one check reports several aspects, its title. */
interface AspectRule {
  readonly check: string;
  /** Titles a suite cannot override (status assertions, the schema check's "not JSON"). */
  readonly title?: string;
  readonly aspect: Aspect;
}

/**
 * Which finding is which aspect, first match wins; a check not listed is `independent`, so a new check
 * is never folded away by accident. Titles are used only where they are fixed strings in the code.
 */
export const ASPECT_RULES: readonly AspectRule[] = [
  // A check that threw says nothing about the response; it is never anyone's consequent.
  { check: '*', title: 'Check crashed', aspect: 'independent' },
  { check: 'transport', aspect: 'transport' },
  { check: 'not_a_server_error', aspect: 'server-error' },
  { check: 'status_code_conformance', aspect: 'undocumented-status' },
  { check: 'framework_status', aspect: 'undocumented-status' },
  { check: 'assertion', title: 'Unexpected HTTP status', aspect: 'unexpected-status' },
  { check: 'assertion', title: 'Status differs from the expected one', aspect: 'unexpected-status' },
  { check: 'negative', aspect: 'unexpected-status' },
  {
    check: 'response_schema_conformance',
    title: 'Response body is not valid JSON',
    aspect: 'unparseable-body',
  },
  { check: 'response_schema_conformance', aspect: 'documented-body' },
  { check: 'content_type_conformance', aspect: 'documented-body' },
  { check: 'framework_error_body', aspect: 'documented-body' },
  { check: 'assertion', aspect: 'expectation' },
  { check: 'capture', aspect: 'expectation' },
];

const EVERY_ASPECT: readonly Aspect[] = [
  'server-error',
  'undocumented-status',
  'unexpected-status',
  'unparseable-body',
  'documented-body',
  'expectation',
  'independent',
];

/**
 * The causality rules: what each aspect makes moot on the same response, already closed under
 * "a cause of a cause" (the test checks that). Stack traces and echoed secrets stay findings of their
 * own under any status: a 500 that leaks a stack trace has two defects.
 */
export const CONSEQUENCES: Readonly<Record<Aspect, readonly Aspect[]>> = {
  transport: EVERY_ASPECT,
  'server-error': [
    'undocumented-status',
    'unexpected-status',
    'unparseable-body',
    'documented-body',
    'expectation',
  ],
  'undocumented-status': ['unexpected-status', 'unparseable-body', 'documented-body', 'expectation'],
  // A documented but unexpected status keeps its own contract (the 401's schema still binds the 401).
  'unexpected-status': ['expectation'],
  'unparseable-body': ['expectation'],
  'documented-body': [],
  expectation: [],
  independent: [],
};

/** Causes in the order a root is chosen: the most fundamental first. */
export const CAUSE_ORDER: readonly Aspect[] = [
  'transport',
  'server-error',
  'undocumented-status',
  'unexpected-status',
  'unparseable-body',
];

export function aspectOf(failure: Pick<Failure, 'check' | 'title'>): Aspect {
  const rule = ASPECT_RULES.find(
    (r) =>
      (r.check === '*' || r.check === failure.check) && (r.title === undefined || r.title === failure.title),
  );
  return rule?.aspect ?? 'independent';
}
