import { plainText, type BlockNode, type RootBlock } from '../../src/newsroom/blocks';

const text = (value: string, marks: Partial<Record<'bold' | 'italic' | 'underline' | 'strikethrough' | 'code', boolean>> = {}) => ({
  type: 'text' as const,
  text: value,
  ...marks,
});

describe('plainText', () => {
  it('returns the text of a single text node', () => {
    expect(plainText(text('Hello'))).toBe('Hello');
  });

  it('concatenates formatted runs of a paragraph in order, without separators', () => {
    const paragraph: RootBlock = {
      type: 'paragraph',
      children: [text('Kerry '), text('and', { bold: true }), text(' Lavrov', { italic: true, underline: true })],
    };
    expect(plainText(paragraph)).toBe('Kerry and Lavrov');
  });

  it('includes the text inside links', () => {
    const paragraph: RootBlock = {
      type: 'paragraph',
      children: [text('Read '), { type: 'link', url: 'https://example.com', children: [text('the report')] }, text('.')],
    };
    expect(plainText(paragraph)).toBe('Read the report.');
  });

  it('walks nested lists depth-first in document order', () => {
    const list: RootBlock = {
      type: 'list',
      format: 'ordered',
      children: [
        { type: 'list-item', children: [text('one')] },
        {
          type: 'list',
          format: 'unordered',
          indentLevel: 1,
          children: [{ type: 'list-item', children: [text('two')] }],
        },
        { type: 'list-item', children: [text('three')] },
      ],
    };
    expect(plainText(list)).toBe('onetwothree');
  });

  it('gives the empty string for an image block (its only child is an empty text node)', () => {
    const image: RootBlock = {
      type: 'image',
      image: { url: '/uploads/a.jpg', alternativeText: 'A', width: 800, height: 600 },
      children: [text('')],
    };
    expect(plainText(image)).toBe('');
  });

  it('accepts an array of blocks (a whole blocks field)', () => {
    const doc: RootBlock[] = [
      { type: 'heading', level: 2, children: [text('Title')] },
      { type: 'code', children: [text('x = 1')] },
      { type: 'quote', children: [text('Quoted')] },
    ];
    expect(plainText(doc)).toBe('Titlex = 1Quoted');
  });

  it('does not read the text of non-text nodes or descend into text nodes', () => {
    expect(plainText({ type: 'paragraph', text: 'not a text node', children: [text('yes')] })).toBe('yes');
    expect(plainText({ type: 'text', text: 'outer', children: [text('inner')] })).toBe('outer');
  });

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a string', 'just a string'],
    ['a boolean', true],
    ['an empty object', {}],
    ['an empty array', []],
    ['non-array children', { type: 'paragraph', children: 'text' }],
    ['children object', { type: 'paragraph', children: { 0: text('x'), length: 1 } }],
    ['non-string text', { type: 'text', text: 42 }],
    ['text node with null text', { type: 'text', text: null }],
  ])('returns "" for %s', (_label, input) => {
    expect(plainText(input)).toBe('');
  });

  it('skips malformed children but keeps the good ones', () => {
    const input = {
      type: 'paragraph',
      children: [null, 7, 'loose string', text('a'), { type: 'text', text: { nested: true } }, { children: [text('b')] }, text('c')],
    };
    expect(plainText(input)).toBe('abc');
  });

  it('does not loop forever or throw on cyclic input', () => {
    const node: { type: string; children: unknown[] } = { type: 'paragraph', children: [text('once')] };
    node.children.push(node);
    expect(plainText(node)).toBe('once');
  });

  it('does not overflow the stack on very deep nesting', () => {
    let node: unknown = text('deep');
    for (let i = 0; i < 100_000; i += 1) node = { type: 'quote', children: [node] };
    expect(plainText(node)).toBe('deep');
  });

  it('never throws, even when reading the input throws', () => {
    const hostile = {
      type: 'paragraph',
      get children(): unknown {
        throw new Error('boom');
      },
    };
    expect(() => plainText(hostile)).not.toThrow();
    expect(plainText([text('kept '), hostile])).toBe('kept ');
  });

  it('types reject malformed documents at compile time', () => {
    // @ts-expect-error heading levels are 1-6
    const badHeading: BlockNode = { type: 'heading', level: 7, children: [] };
    // @ts-expect-error list format is ordered | unordered
    const badList: BlockNode = { type: 'list', format: 'bulleted', children: [] };
    // @ts-expect-error links need a url
    const badLink: BlockNode = { type: 'link', children: [] };
    expect([badHeading, badList, badLink].map(plainText)).toEqual(['', '', '']);
  });
});
