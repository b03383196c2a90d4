'use strict';
/**
 * Does a Node.js version satisfy package.json `engines.node`? Enough of semver for ranges such as
 * `>=20.0.0 <=24.x.x` or `^22.12.0 || >=24`: space-separated comparators (>=, <=, >, <, =, ^, ~),
 * `x` / `*` wildcards, alternatives joined by `||`.
 */

const parse = (text) => {
  const parts = String(text).replace(/^v/, '').split('.');
  return [0, 1, 2].map((i) => (parts[i] === undefined || /^[x*]$/i.test(parts[i]) ? null : Number(parts[i])));
};

/** -1, 0, 1 comparing `version` with `bound`, where the bound's wildcards match anything. */
const compare = (version, bound) => {
  for (let i = 0; i < 3; i += 1) {
    if (bound[i] === null) return 0;
    if (version[i] !== bound[i]) return version[i] < bound[i] ? -1 : 1;
  }
  return 0;
};

function satisfiesComparator(version, comparator) {
  const match = /^(>=|<=|>|<|=|\^|~)?\s*(v?[\dx*]+(?:\.[\dx*]+){0,2})$/i.exec(comparator.trim());
  if (!match) throw new Error(`unsupported version range "${comparator}"`);
  const [, operator = '=', text] = match;
  const bound = parse(text);
  const c = compare(version, bound);
  switch (operator) {
    case '>=':
      return c >= 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '<':
      return c < 0;
    case '^':
      return c >= 0 && version[0] === (bound[0] ?? version[0]);
    case '~':
      return c >= 0 && version[0] === (bound[0] ?? version[0]) && version[1] === (bound[1] ?? version[1]);
    default:
      return c === 0;
  }
}

function satisfies(versionText, range) {
  const version = parse(versionText).map((n) => n ?? 0);
  return String(range)
    .split('||')
    .some((alternative) =>
      alternative
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .every((comparator) => satisfiesComparator(version, comparator)),
    );
}

module.exports = { satisfies };
