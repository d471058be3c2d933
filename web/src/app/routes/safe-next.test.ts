import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next.ts';

describe('where login goes next', () => {
  it('follows a path on this site', () => {
    expect(safeNext('/cases/211221/c1')).toBe('/cases/211221/c1');
    expect(safeNext('/registry?q=张三')).toBe('/registry?q=张三');
  });

  it('goes to the landing page of the role for anything that could leave the site, or nothing', () => {
    for (const next of ['//evil.example/x', 'https://evil.example', 'javascript:alert(1)', 'cases', '', null]) expect(safeNext(next), String(next)).toBe('/');
  });
});
