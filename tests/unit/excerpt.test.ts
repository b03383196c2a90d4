import fc from 'fast-check';
import { EXCERPT_MAX, collapseWhitespace, excerptFromBlocks, summaryFor, truncateExcerpt } from '../../src/newsroom/excerpt';

// Independent helpers written from the rule, not from the implementation.
const codePoints = (s: string): string[] => [...s];
const cpLength = (s: string): number => codePoints(s).length;
/** The collapsing rule, written independently: breaking whitespace runs become one space; no-break-only runs stay. */
const collapse = (s: string): string =>
  s
    .trim()
    .replace(/^\p{White_Space}+|\p{White_Space}+$/gu, '')
    .split(/(\p{White_Space}+)/u)
    .map((part, i) => (i % 2 === 0 ? part : /^[\u00A0\u2007\u202F]+$/u.test(part) ? part : ' '))
    .join('');
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const text = (value: string) => ({ type: 'text', text: value });
const paragraph = (...children: unknown[]) => ({ type: 'paragraph', children });

const ORLANDO = 'The wife of the man who killed 49 people in a gay nightclub in Florida in June has been arrested, according to news reports on Monday.';
const ORLANDO_EXCERPT = 'The wife of the man who killed 49 people in a gay nightclub in Florida in June has been arrested, according to news...';

describe('EXCERPT_MAX', () => {
  it('is 120', () => {
    expect(EXCERPT_MAX).toBe(120);
  });
});

describe('collapseWhitespace', () => {
  it('turns runs of Unicode whitespace into one space and trims', () => {
    expect(collapseWhitespace('  Hello\n\n\tworld \u00A0 again\u3000end \r\n')).toBe('Hello world again end');
    expect(collapseWhitespace('a\u2028b\u2029c\u0085d\u2003e f')).toBe('a b c d e f');
  });

  it('keeps no-break spaces an editor typed, but not at the ends', () => {
    expect(collapseWhitespace('US\u00A0president-elect')).toBe('US\u00A0president-elect');
    expect(collapseWhitespace('10\u202F000 and 5\u2007km')).toBe('10\u202F000 and 5\u2007km');
    expect(collapseWhitespace('\u00A0lead\u00A0')).toBe('lead');
    expect(collapseWhitespace('a \u00A0\nb')).toBe('a b');
    expect(collapseWhitespace(' \n\t ')).toBe('');
  });

  it('leaves zero-width characters alone (they are not whitespace)', () => {
    expect(collapseWhitespace('a\u200Bb')).toBe('a\u200Bb');
  });
});

describe('truncateExcerpt', () => {
  it('cuts the Orlando teaser at "news" (the last space that leaves room for "...")', () => {
    // The text is 134 characters; "news" ends at index 114, the next word "reports" would end at 122 > 117.
    expect(ORLANDO.length).toBe(134);
    expect(truncateExcerpt(ORLANDO)).toBe(ORLANDO_EXCERPT);
    expect(ORLANDO_EXCERPT.length).toBe(118);
  });

  it('returns short text unchanged and empty text as ""', () => {
    expect(truncateExcerpt('Short teaser.')).toBe('Short teaser.');
    expect(truncateExcerpt('')).toBe('');
    expect(truncateExcerpt('   \n ')).toBe('');
  });

  it('keeps text of exactly 120 code points as is', () => {
    const exactly120 = `${'abcdefghi '.repeat(11)}abcdefghi.`; // 110 + 10
    expect(exactly120.length).toBe(120);
    expect(truncateExcerpt(exactly120)).toBe(exactly120);
    expect(truncateExcerpt('x'.repeat(120))).toBe('x'.repeat(120));
  });

  it('cuts text of 121 code points at the last fitting space', () => {
    // 12 × "abcdefghi " + "x": spaces at 9, 19, …, 109, 119. The last one at or before 117 is 109,
    // so the first 11 words (109 chars) are kept.
    const text121 = `${'abcdefghi '.repeat(12)}x`;
    expect(text121.length).toBe(121);
    const expected = `${Array(11).fill('abcdefghi').join(' ')}...`;
    expect(truncateExcerpt(text121)).toBe(expected);
    expect(expected.length).toBe(112);
  });

  it('keeps exactly 117 characters when the space falls right after them', () => {
    // 110 a's, space, 6 b's ends at index 116, space at 117 → kept text is 117 chars, result 120.
    const input = `${'a'.repeat(110)} ${'b'.repeat(6)} tail words here`;
    expect(truncateExcerpt(input)).toBe(`${'a'.repeat(110)} ${'b'.repeat(6)}...`);
    // One more b pushes the space to index 118 → the b-word no longer fits.
    const input2 = `${'a'.repeat(110)} ${'b'.repeat(7)} tail words here`;
    expect(truncateExcerpt(input2)).toBe(`${'a'.repeat(110)}...`);
  });

  it('hard-cuts a single 200-character word at 117 characters', () => {
    const result = truncateExcerpt('w'.repeat(200));
    expect(result).toBe(`${'w'.repeat(117)}...`);
    expect(result.length).toBe(120);
  });

  it('hard-cuts a first word of 118 characters but not one of 117', () => {
    expect(truncateExcerpt(`${'a'.repeat(118)} bb`)).toBe(`${'a'.repeat(117)}...`);
    expect(truncateExcerpt(`${'a'.repeat(117)} bbbbb`)).toBe(`${'a'.repeat(117)}...`);
    // The space after "b" is at 118, so only the 116 a's fit.
    expect(truncateExcerpt(`${'a'.repeat(116)} b ccccc`)).toBe(`${'a'.repeat(116)}...`);
  });

  it.each([',', ';', ':'])('removes a trailing "%s" before the ellipsis', (mark) => {
    // "news" + mark ends at index 115, the following space is at 116 ≤ 117.
    const input = ORLANDO.replace('to news reports', `to news${mark} reports`);
    expect(truncateExcerpt(input)).toBe(ORLANDO_EXCERPT);
  });

  it('removes a run of trailing separators and spaces', () => {
    const input = `${'a'.repeat(100)} ,;: ${'b'.repeat(30)}`;
    // The last space ≤ 117 is at 104 (after ",;:"), kept "a…a ,;:" → strip → 100 a's.
    expect(truncateExcerpt(input)).toBe(`${'a'.repeat(100)}...`);
  });

  it('keeps other trailing punctuation such as "." and "!"', () => {
    const input = `${'a'.repeat(100)}. ${'b'.repeat(30)}`;
    expect(truncateExcerpt(input)).toBe(`${'a'.repeat(100)}....`);
    expect(truncateExcerpt(`${'a'.repeat(100)}! ${'b'.repeat(30)}`)).toBe(`${'a'.repeat(100)}!...`);
  });

  it('falls back to the hard cut when only separators would remain', () => {
    const input = `, ${'w'.repeat(200)}`;
    // kept text before the only space is "," → empty after stripping → hard cut at 117 code points.
    expect(truncateExcerpt(input)).toBe(`, ${'w'.repeat(115)}...`);
  });

  it('collapses whitespace runs and newlines before measuring', () => {
    const spaced = `${'word\n\n\t  '.repeat(30)}`; // 30 words; collapsed "word word …" = 30*5-1 = 149
    // Space after word n is at index 5n-1; largest ≤ 117 is n=23 (114).
    expect(truncateExcerpt(spaced)).toBe(`${Array(23).fill('word').join(' ')}...`);
    // Whitespace alone does not make a text "long".
    const padded = `   ${'x'.repeat(120)}\n\n\n   `;
    expect(truncateExcerpt(padded)).toBe('x'.repeat(120));
  });

  describe('non-Latin text', () => {
    it('Cyrillic words', () => {
      // "Москва" is 6 letters; space after word n is at 7n-1; largest ≤ 117 is n=16 (111).
      const input = Array(20).fill('Москва').join(' ');
      expect(input.length).toBe(139);
      expect(truncateExcerpt(input)).toBe(`${Array(16).fill('Москва').join(' ')}...`);
    });

    it('a realistic Russian sentence is cut between words', () => {
      const sentence =
        'Россия, долгое время являвшаяся одним из главных союзников сирийского правительства, дистанцировалась от президента Башара Асада во вторник.';
      const result = truncateExcerpt(sentence);
      expect(cpLength(result)).toBeLessThanOrEqual(120);
      // "президента" ends at index 114, the next word "Башара" would end at 121.
      expect(result).toBe('Россия, долгое время являвшаяся одним из главных союзников сирийского правительства, дистанцировалась от президента...');
    });

    it('CJK text without spaces is hard-cut at 117 characters', () => {
      const input = '新闻'.repeat(100);
      expect(truncateExcerpt(input)).toBe(`${'新闻'.repeat(58)}新...`);
    });

    it('CJK characters outside the BMP count as one code point each', () => {
      const input = '𠀀'.repeat(130); // U+20000, two UTF-16 units each
      const result = truncateExcerpt(input);
      expect(result).toBe(`${'𠀀'.repeat(117)}...`);
      expect(result.length).toBe(117 * 2 + 3);
    });

    it('Arabic words', () => {
      // "مرحبا" is 5 letters; space after word n is at 6n-1; largest ≤ 117 is n=19 (113).
      const input = Array(25).fill('مرحبا').join(' ');
      expect(truncateExcerpt(input)).toBe(`${Array(19).fill('مرحبا').join(' ')}...`);
    });
  });

  describe('emoji', () => {
    it('counts an emoji as one code point', () => {
      const exactly120 = '😀'.repeat(120);
      expect(exactly120.length).toBe(240);
      expect(truncateExcerpt(exactly120)).toBe(exactly120);
      expect(truncateExcerpt('😀'.repeat(121))).toBe(`${'😀'.repeat(117)}...`);
    });

    it('never splits a surrogate pair, whatever the offset', () => {
      for (let offset = 0; offset < 4; offset += 1) {
        const result = truncateExcerpt('a'.repeat(offset) + '🎉'.repeat(200));
        expect(result).not.toMatch(LONE_SURROGATE);
        expect(result).toBe(`${'a'.repeat(offset)}${'🎉'.repeat(117 - offset)}...`);
      }
    });

    it('measures words with emoji in code points', () => {
      // "🔥🔥 " is 3 code points; space after pair n is at 3n-1; largest ≤ 117 is n=39 (116).
      const input = Array(50).fill('🔥🔥').join(' ');
      expect(truncateExcerpt(input)).toBe(`${Array(39).fill('🔥🔥').join(' ')}...`);
    });
  });

  it('honours a custom max', () => {
    // budget 7; "one two" is 7 long and followed by a space at index 7.
    expect(truncateExcerpt('one two three', 10)).toBe('one two...');
    expect(truncateExcerpt('one two three', 13)).toBe('one two three');
    expect(truncateExcerpt('abcdefghijkl', 8)).toBe('abcde...');
  });

  it('rejects a max that cannot hold the ellipsis', () => {
    expect(() => truncateExcerpt('abc', 2)).toThrow(RangeError);
    expect(() => truncateExcerpt('abc', 10.5)).toThrow(RangeError);
    expect(() => truncateExcerpt('abc', Number.NaN)).toThrow(RangeError);
  });

  describe('properties', () => {
    const token = fc.constantFrom(
      'a',
      'news',
      'Москва',
      '新闻',
      'مرحبا',
      '😀',
      '👨‍👩‍👧',
      ',',
      ';',
      ':',
      '.',
      ' ',
      '  ',
      '\n',
      '\t',
      '\u00A0',
      '\u3000',
      'x'.repeat(40),
    );
    const texty = fc.array(token, { maxLength: 120 }).map((parts) => parts.join(''));
    const anyText = fc.oneof(texty, fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ maxLength: 300 }));

    it('never exceeds 120 code points', () => {
      fc.assert(
        fc.property(anyText, (input) => {
          expect(cpLength(truncateExcerpt(input))).toBeLessThanOrEqual(EXCERPT_MAX);
        }),
        { numRuns: 500 },
      );
    });

    it('short text comes back collapsed; long text is a collapsed prefix plus "..."', () => {
      fc.assert(
        fc.property(anyText, (input) => {
          const collapsed = collapse(input);
          const result = truncateExcerpt(input);
          if (cpLength(collapsed) <= EXCERPT_MAX) {
            expect(result).toBe(collapsed);
          } else {
            expect(result.endsWith('...')).toBe(true);
            const kept = result.slice(0, -3);
            expect(collapsed.startsWith(kept)).toBe(true);
            expect(kept.length).toBeGreaterThan(0);
          }
        }),
        { numRuns: 500 },
      );
    });

    it('a long text is cut at a word boundary unless its first word is too long', () => {
      fc.assert(
        fc.property(texty, (input) => {
          const collapsed = collapse(input);
          if (cpLength(collapsed) <= EXCERPT_MAX) return;
          const kept = truncateExcerpt(input).slice(0, -3);
          const keptCps = cpLength(kept);
          const nextChar = codePoints(collapsed)[keptCps];
          const firstSpace = codePoints(collapsed).indexOf(' ');
          const hardCut = keptCps === EXCERPT_MAX - 3;
          if (!hardCut) {
            // A word cut: the kept text ends right before a separator run and has no trailing junk.
            expect([' ', ',', ';', ':']).toContain(nextChar);
            expect(kept).not.toMatch(/[ ,;:]$/);
          }
          if (firstSpace === -1 || firstSpace > EXCERPT_MAX - 3) expect(hardCut).toBe(true);
        }),
        { numRuns: 500 },
      );
    });

    it('does not create lone surrogates from well-formed input', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (input) => {
          expect(truncateExcerpt(input)).not.toMatch(LONE_SURROGATE);
        }),
        { numRuns: 300 },
      );
    });

    it('is idempotent', () => {
      fc.assert(
        fc.property(anyText, (input) => {
          const once = truncateExcerpt(input);
          expect(truncateExcerpt(once)).toBe(once);
        }),
        { numRuns: 300 },
      );
    });
  });
});

describe('excerptFromBlocks', () => {
  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['an empty array', []],
    ['a string', 'The wife of the man'],
    ['an object', { type: 'paragraph', children: [text('not in an array')] }],
    ['a number', 3],
  ])('returns "" for %s', (_label, body) => {
    expect(excerptFromBlocks(body)).toBe('');
  });

  it('returns "" when there is no paragraph', () => {
    const body = [
      { type: 'heading', level: 2, children: [text('Heading')] },
      { type: 'image', image: { url: '/a.jpg', alternativeText: 'a' }, children: [text('')] },
      { type: 'list', format: 'unordered', children: [{ type: 'list-item', children: [text('item')] }] },
    ];
    expect(excerptFromBlocks(body)).toBe('');
  });

  it('skips malformed entries', () => {
    expect(excerptFromBlocks([null, 42, 'paragraph', { type: 'Paragraph' }, paragraph(text('Found.'))])).toBe('Found.');
  });

  it('uses the first paragraph after a heading, a quote, an image and a list', () => {
    const body = [
      { type: 'heading', level: 1, children: [text('Headline')] },
      { type: 'quote', children: [text('"We don\'t support al-Assad."')] },
      { type: 'image', image: { url: '/a.jpg', alternativeText: 'Kerry', width: 10, height: 10 }, children: [text('')] },
      { type: 'list', format: 'ordered', children: [{ type: 'list-item', children: [text('one')] }] },
      paragraph(text('First paragraph.')),
      paragraph(text('Second paragraph.')),
    ];
    expect(excerptFromBlocks(body)).toBe('First paragraph.');
  });

  it('includes link text and formatted runs, collapsing whitespace', () => {
    const body = [
      paragraph(
        text('  Lavrov\nsaid '),
        { type: 'link', url: 'https://example.com/press', children: [text('during a '), { type: 'text', text: 'televised', bold: true }] },
        text('   press conference.\n'),
      ),
    ];
    expect(excerptFromBlocks(body)).toBe('Lavrov said during a televised press conference.');
  });

  it('truncates a long first paragraph with the excerpt rule', () => {
    const body = [
      { type: 'heading', level: 2, children: [text('Reports: Wife of Orlando gay nightclub shooter arrested in California')] },
      paragraph(
        text('The wife of the man who killed 49 people '),
        { type: 'text', text: 'in a gay nightclub', bold: true },
        text(' in Florida in June has been arrested, according to '),
        { type: 'link', url: 'https://example.com', children: [text('news reports')] },
        text(' on Monday.'),
      ),
    ];
    expect(excerptFromBlocks(body)).toBe(ORLANDO_EXCERPT);
  });

  it('skips empty paragraphs before the first one with text', () => {
    expect(excerptFromBlocks([paragraph(text('  ')), paragraph(text('Later'))])).toBe('Later');
    expect(excerptFromBlocks([paragraph(text('  ')), paragraph(text('\n'))])).toBe('');
  });

  it('does not cut at a no-break space', () => {
    // 101 code points of words, then one 18-code-point unit glued by no-break spaces that ends past 117.
    const words = Array.from({ length: 28 }, (_, i) => `w${i}`).join(' ');
    const text = `${words} Q\u00A0RRRR\u00A0SSSSSSSSSS and more words after it`;
    expect(Array.from(words)).toHaveLength(101);
    expect(truncateExcerpt(text)).toBe(`${words}...`);
  });
});

describe('summaryFor', () => {
  const body = [paragraph(text('From the body.'))];

  it('prefers a non-blank teaser summary', () => {
    expect(summaryFor('Own   summary.', body)).toBe('Own summary.');
  });

  it('truncates a long teaser summary with the same rule', () => {
    expect(summaryFor(ORLANDO, body)).toBe(ORLANDO_EXCERPT);
  });

  it.each<[string, string | null | undefined]>([
    ['null', null],
    ['undefined', undefined],
    ['empty', ''],
    ['blank', ' \n\t\u00A0'],
  ])('falls back to the body when the summary is %s', (_label, summary) => {
    expect(summaryFor(summary, body)).toBe('From the body.');
  });

  it('gives "" when neither has text', () => {
    expect(summaryFor(null, undefined)).toBe('');
  });
});
