// Every string exists in both languages (spec/ui.md §9.1.4: no half-finished English).
import { describe, expect, it } from 'vitest';
import en from './en.js';
import zh from './zh.js';

function keys(object, prefix = '') {
  return Object.entries(object).flatMap(([key, value]) => (typeof value === 'object' ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`]));
}

describe('locale files', () => {
  it('have the same keys', () => {
    expect(keys(zh).sort()).toEqual(keys(en).sort());
  });
  it('have no empty strings and the same placeholders', () => {
    const flat = (o) => Object.fromEntries(keys(o).map((k) => [k, k.split('.').reduce((v, p) => v[p], o)]));
    const e = flat(en);
    const z = flat(zh);
    for (const key of Object.keys(e)) {
      expect(e[key].trim(), key).not.toBe('');
      expect(z[key].trim(), key).not.toBe('');
      const holes = (s) => (s.match(/{{\w+}}/g) || []).sort();
      expect(holes(z[key]), key).toEqual(holes(e[key]));
    }
  });
});
