import { hasRouteList, isRecord, withMethods } from '../../src/internals/shapes';

describe('withMethods: a plugin service read through the methods the newsroom calls', () => {
  it('hands back the same object, so that a wrapped method replaces the plugin’s own', () => {
    const service = { send: () => 'sent' };
    const checked = withMethods<{ send(): string }>(service, ['send'], 'the email service');
    checked.send = () => 'wrapped';
    expect(service.send()).toBe('wrapped');
  });

  it('refuses, naming them, methods a Strapi upgrade renamed or removed', () => {
    expect(() => withMethods<{ send(): void; sendTemplated(): void }>({ send: () => undefined }, ['send', 'sendTemplated'], 'the email service')).toThrow(
      'the email service has no sendTemplated',
    );
    expect(() => withMethods<{ send(): void }>({ send: 'not a function' }, ['send'], 'the email service')).toThrow('has no send');
    expect(() => withMethods<{ send(): void }>(undefined, ['send'], 'the email service')).toThrow('the email service is missing');
  });
});

describe('isRecord', () => {
  it('is true for objects only, not for null or arrays', () => {
    expect([{}, { a: 1 }, new Date()].map(isRecord)).toEqual([true, true, true]);
    expect([null, undefined, [], 'x', 1].map(isRecord)).toEqual([false, false, false, false, false]);
  });
});

describe('hasRouteList', () => {
  it('knows a router object and a router factory that carries its routes (users-permissions’ content API)', () => {
    const factory = Object.assign(() => ({ type: 'content-api', routes: [] }), { routes: [] });
    expect([{ routes: [] }, factory].map(hasRouteList)).toEqual([true, true]);
    expect([null, undefined, {}, { routes: 'x' }, () => undefined].map(hasRouteList)).toEqual([false, false, false, false, false]);
  });
});
