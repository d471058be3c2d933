import { describe, expect, it } from 'vitest';
import { en, zhCN } from './messages.ts';

/**
 * Every locale file of the app, found on disk, so a feature's strings cannot be left out of messages.ts. A feature
 * built in parts may hold one file per part (`locales/<part>.zh-cn.ts`, as the poverty feature does).
 */
const chineseParts = import.meta.glob<{ default: object }>(['./locales/zh-cn.ts', '../features/*/locales/zh-cn.ts', '../features/*/locales/*.zh-cn.ts'], { eager: true });
const englishParts = import.meta.glob<{ default: object }>(['./locales/en.ts', '../features/*/locales/en.ts', '../features/*/locales/*.en.ts'], { eager: true });

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [p, v] of leaves(value, path)) out.set(p, v);
  }
  return out;
}

/** `{{count, number}}` → `count`: the names i18next fills in, formats aside. */
function placeholders(message: string): string[] {
  return [...message.matchAll(/\{\{\s*([\w.]+)/g)].map((m) => m[1]).sort();
}

describe('messages', () => {
  const zh = leaves(zhCN as unknown as Tree);
  const english = leaves(en as unknown as Tree);

  it('has the same keys in Chinese and English', () => {
    expect([...english.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it('fills in the same placeholders in both languages', () => {
    const differing = [...zh].filter(([key, text]) => placeholders(text).join() !== placeholders(english.get(key) ?? '').join());
    expect(differing.map(([key]) => key)).toEqual([]);
  });

  it('has no empty message', () => {
    expect([...zh, ...english].filter(([, text]) => text.trim() === '').map(([key]) => key)).toEqual([]);
  });

  it.each([
    ['Chinese', chineseParts, zhCN],
    ['English', englishParts, en],
  ])('composes every locale file into the %s tree, each top-level key owned by one file', (_, parts, tree) => {
    const owner = new Map<string, string>();
    for (const [file, part] of Object.entries(parts)) {
      for (const key of Object.keys(part.default)) {
        expect(owner.get(key), `${key} in ${file}`).toBeUndefined();
        owner.set(key, file);
      }
    }
    expect(Object.keys(parts).length).toBeGreaterThan(10);
    expect([...owner.keys()].sort()).toEqual(Object.keys(tree).sort());
  });
});
