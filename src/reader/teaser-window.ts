/**
 * When a teaser is shown to readers: published (the caller asks for published versions), inside its
 * startsAt/endsAt window, and promoting an article that is published. One definition, used by the
 * "More from" lists and by every reader read of teasers (core REST, GraphQL).
 */
export function shownTeaserConditions(now: Date): Array<Record<string, unknown>> {
  const iso = now.toISOString();
  return [
    { $or: [{ startsAt: { $null: true } }, { startsAt: { $lte: iso } }] },
    { $or: [{ endsAt: { $null: true } }, { endsAt: { $gt: iso } }] },
    { article: { publishedAt: { $notNull: true } } },
  ];
}
