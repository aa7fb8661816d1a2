export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly setCookies: readonly string[];
  readonly text: string;
  readonly bytes: number;
}

export type TransportErrorKind = 'timeout' | 'refused' | 'reset' | 'dns' | 'too-large' | 'other';

export type HttpOutcome =
  | { readonly ok: true; readonly response: HttpResponse; readonly durationMs: number }
  | {
      readonly ok: false;
      readonly kind: TransportErrorKind;
      readonly message: string;
      readonly durationMs: number;
    };

export interface HttpOptions {
  /** Whole exchange, headers and body, in milliseconds. */
  readonly timeoutMs: number;
  /** Largest body read; a larger one is abandoned and reported (memory stays bounded). */
  readonly maxBodyBytes: number;
}

/**
 * One HTTP exchange as a conformance check needs it: redirects are not followed (a redirect is an
 * answer to judge), the body is read under the same timeout and a size cap, and every way the target
 * can fail to answer becomes data with a reason instead of an exception.
 */
export async function send(request: HttpRequest, options: HttpOptions): Promise<HttpOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const res = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      redirect: 'manual',
      signal: controller.signal,
    });
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        if (bytes > options.maxBodyBytes) {
          await reader.cancel().catch(() => {});
          return {
            ok: false,
            kind: 'too-large',
            message: `response body exceeds ${options.maxBodyBytes} bytes (status ${res.status}); stopped reading`,
            durationMs: elapsed(),
          };
        }
        chunks.push(value);
      }
    }
    const text = new TextDecoder().decode(Buffer.concat(chunks));
    return {
      ok: true,
      response: {
        status: res.status,
        headers: res.headers,
        setCookies: res.headers.getSetCookie(),
        text,
        bytes,
      },
      durationMs: elapsed(),
    };
  } catch (error) {
    if (controller.signal.aborted) {
      return {
        ok: false,
        kind: 'timeout',
        message: `no complete response within ${options.timeoutMs} ms`,
        durationMs: elapsed(),
      };
    }
    return { ...classify(error), ok: false, durationMs: elapsed() };
  } finally {
    clearTimeout(timer);
  }
}

function classify(error: unknown): { kind: TransportErrorKind; message: string } {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? '';
  const detail = cause?.message ?? (error as Error).message;
  if (code === 'ECONNREFUSED') return { kind: 'refused', message: `connection refused (${detail})` };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return { kind: 'dns', message: `host not found (${detail})` };
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return { kind: 'reset', message: `connection closed before a complete response (${detail})` };
  }
  return { kind: 'other', message: `request failed: ${detail}${code ? ` (${code})` : ''}` };
}
