import { describe, expect, it } from 'vitest';
import { markedTrace } from './agent-markdown.ts';

describe('an agent’s stack trace', () => {
  it('marks the app’s own frames, not libraries’ or runtimes’', () => {
    const marked = markedTrace([
      'TypeError: boom',
      '    at addToCart (src/cart.js:3:11)',
      '    at Router.handle (/srv/app/node_modules/express/lib/router.js:284:7)',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      '  File "/srv/app/users/views.py", line 42, in get_user',
      '  File "/usr/lib/python3/dist-packages/django/core/handlers.py", line 55, in inner',
      '\tat java.base/java.lang.Thread.run(Thread.java:833)',
    ]);
    expect(marked.map((l) => l.inApp)).toEqual([false, true, false, false, true, false, false]);
  });
});
