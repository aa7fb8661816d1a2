import { responseFor } from '../../schemas/load.js';
import { basisOf, type Check } from './check.js';
import { isFrameworkAnswer } from './framework-status.js';

function mediaType(value: string): string {
  return (value.split(';')[0] ?? '').trim().toLowerCase();
}

/** A body comes with one of the media types documented for that status (a framework's answer aside). */
export const contentTypeConformance: Check = {
  name: 'content_type_conformance',
  run: ({ operation, response }) => {
    if (!operation || response.text === '' || isFrameworkAnswer(operation, response.status)) return [];
    const listed = responseFor(operation, response.status);
    const documented = listed?.contentTypes ?? [];
    if (documented.length === 0 || documented.includes('*/*')) return [];
    const received = response.headers.get('content-type');
    const type = received === null ? '' : mediaType(received);
    if (documented.some((d) => mediaType(d) === type)) return [];
    return [
      {
        title: 'Undocumented Content-Type',
        message: `Received: ${received ?? '(no Content-Type)'} / Documented: ${documented.join(', ')}`,
        expected: documented,
        actual: received,
        ...basisOf(listed?.provenance),
      },
    ];
  },
};
