/** An environment lookup over fixed values, as the settings readers take it (`env(name)`). */
export const env = (values: Record<string, string>) => (name: string) => values[name];
