import t from 'tap';
import { escapeHtml } from './escape-html.js';

t.test('the five characters with a meaning in HTML are escaped, nothing else', async (t) => {
  t.equal(
    escapeHtml(`<a href="x" title='y'>&amp;</a>`),
    '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
  );
  t.equal(escapeHtml('BCDF-GHJK é ✓'), 'BCDF-GHJK é ✓');
});
