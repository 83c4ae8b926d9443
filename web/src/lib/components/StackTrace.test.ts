import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import StackTrace from './StackTrace.svelte';

describe('StackTrace', () => {
  it('marks app frames and library frames apart', () => {
    const { container } = render(StackTrace, {
      stack: ['TypeError: boom', '    at main (src/app.ts:10:5)', '    at run (node_modules/lib/index.js:1:1)'],
    });
    expect(container.querySelector('.app')?.textContent).toBe('    at main (src/app.ts:10:5)');
    expect(container.querySelector('.lib')?.textContent).toBe('    at run (node_modules/lib/index.js:1:1)');
  });

  it('colours ANSI codes from CI logs instead of printing them', () => {
    const { container } = render(StackTrace, { stack: ['\u001b[31merror\u001b[0m: failed'] });
    const red = [...container.querySelectorAll('span')].find((s) => s.textContent === 'error');
    expect(red?.getAttribute('style')).toContain('color: var(--ansi-red)');
    expect(container.textContent).not.toContain('\u001b');
  });

  it('folds a long trace until asked', async () => {
    const stack = Array.from({ length: 100 }, (_, i) => `line ${i}`);
    const { container } = render(StackTrace, { stack });
    expect(container.textContent).not.toContain('line 50');
    await fireEvent.click(screen.getByRole('button', { name: /show 76 more lines/ }));
    expect(container.textContent).toContain('line 50');
  });

  it('says so when there is no trace', () => {
    render(StackTrace, { stack: [] });
    expect(screen.getByText('No stack trace was reported.')).toBeTruthy();
  });
});
