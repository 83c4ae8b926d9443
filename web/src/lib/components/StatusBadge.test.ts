import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import StatusBadge from './StatusBadge.svelte';

describe('StatusBadge', () => {
  it('names the status in words, coloured by status', () => {
    const { container } = render(StatusBadge, { status: 'PENDING_FIX' });
    expect(screen.getByText('pending fix')).toBeTruthy();
    expect(container.querySelector('[data-status="PENDING_FIX"]')?.getAttribute('style')).toContain(
      'var(--status-PENDING_FIX)',
    );
  });
});
