import { describe, expect, it } from 'vitest';
import { textSchema } from '../../../shared/validation/text';

const name = textSchema({ min: 1, max: 20 });
const note = textSchema({ max: 100, multiline: true, trim: false });

describe('free text', () => {
  it('is stored NFC-normalized and trimmed', () => {
    expect(name.parse('  Zoe\u0301  ')).toBe('Zoé');
  });

  it.each([
    ['NUL', 'A\u0000B'],
    ['a C1 control', 'A\u0085B'],
    ['DEL', 'A\u007fB'],
    ['a line break in a single-line field', 'A\nB'],
    ['a lone high surrogate', 'A\ud800'],
    ['a lone low surrogate', '\udc00A'],
  ])('refuses %s', (_what, value) => {
    expect(name.safeParse(value).success).toBe(false);
  });

  it('keeps emoji (surrogate pairs) and line breaks in multi-line fields', () => {
    expect(name.parse('Trip 🏔️')).toBe('Trip 🏔️');
    expect(note.parse('line one\nline two\t')).toBe('line one\nline two\t');
  });

  it('refuses NUL in multi-line fields too', () => {
    expect(note.safeParse('a\u0000').success).toBe(false);
  });
});
