/**
 * Hostile input at the API door (issue 7): for EVERY contract call, derived from its schema so a
 * new call is covered the day it is added, `dispatch` refuses extra keys, prototype-pollution keys,
 * wrong types, strings past their limit and arrays past their limit with ok:false, and never
 * reaches the handler (so nothing can have changed). test/integration/api-hosts.test.ts checks that
 * the direct and HTTP hosts give the same refusals for one example of each.
 */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { callNames, contract, type CallName } from '../../src-main/api/contract';
import { dispatch } from '../../src-main/api/dispatch';
import type { Handlers } from '../../src-main/api/handlers';

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
}

const schemaOf = (name: CallName): JsonSchema =>
  z.toJSONSchema(contract[name].input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

/** A value the schema accepts: the smallest one of each required part. */
function validValue(s: JsonSchema): unknown {
  if (s.enum) return s.enum[0];
  if (s.anyOf) return validValue(s.anyOf[0]!);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string':
      return 'a'.repeat(Math.max(1, s.minLength ?? 1));
    case 'integer':
    case 'number':
      return Math.max(1, s.minimum ?? 1, (s.exclusiveMinimum ?? 0) + 1);
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => validValue(s.items ?? {}));
    case 'object':
      return Object.fromEntries(
        (s.required ?? []).map((k) => [k, validValue(s.properties?.[k] ?? {})]),
      );
    default:
      return null;
  }
}

/** A value of a JSON type the schema does not allow. */
function wrongType(s: JsonSchema): unknown {
  const types = new Set(
    [s.type ?? [], ...(s.anyOf ?? []).map((a) => a.type ?? [])].flat() as string[],
  );
  if (s.enum) return types.has('string') ? 12345 : 'not-in-the-enum';
  if (!types.has('string')) return '1';
  if (!types.has('number') && !types.has('integer')) return 1;
  return { nested: true };
}

/** Every hostile variant of a valid input, each with the reason it must be refused. */
function hostileInputs(name: CallName): { what: string; input: unknown }[] {
  const schema = schemaOf(name);
  const valid = validValue(schema) as Record<string, unknown>;
  const out: { what: string; input: unknown }[] = [
    { what: 'an extra key', input: { ...valid, sneaky: 1 } },
    // JSON.parse makes "__proto__" an own key, as a request body would.
    { what: 'a __proto__ key', input: JSON.parse(`{"__proto__": {"polluted": true}}`) },
    {
      what: 'a __proto__ key beside valid fields',
      input: { ...valid, ...(JSON.parse(`{"__proto__": {"isAdmin": true}}`) as object) },
    },
    { what: 'a constructor key', input: { ...valid, constructor: { prototype: { x: 1 } } } },
    { what: 'an array instead of an object', input: [valid] },
    { what: 'a string instead of an object', input: 'library' },
  ];
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    out.push({ what: `a wrong type for "${key}"`, input: { ...valid, [key]: wrongType(prop) } });
    const leaf = prop.anyOf?.[0] ?? prop;
    if (leaf.type === 'string' && !leaf.enum) {
      out.push({
        what: `"${key}" past its limit of ${leaf.maxLength} characters`,
        input: { ...valid, [key]: 'x'.repeat((leaf.maxLength ?? 0) + 1) },
      });
    }
    if ((leaf.type === 'integer' || leaf.type === 'number') && leaf.maximum !== undefined) {
      out.push({
        what: `"${key}" past its maximum of ${leaf.maximum}`,
        input: { ...valid, [key]: leaf.maximum + 1 },
      });
    }
    if (leaf.type === 'integer') {
      out.push({ what: `a fraction for "${key}"`, input: { ...valid, [key]: 1.5 } });
    }
    if (leaf.type === 'array') {
      const item = validValue(leaf.items ?? {});
      out.push({
        what: `"${key}" past its limit of ${leaf.maxItems} items`,
        input: { ...valid, [key]: Array.from({ length: (leaf.maxItems ?? 0) + 1 }, () => item) },
      });
      if (leaf.items?.type === 'string') {
        out.push({
          what: `an item of "${key}" past its limit`,
          input: { ...valid, [key]: ['x'.repeat((leaf.items.maxLength ?? 0) + 1)] },
        });
      }
    }
  }
  return out;
}

/** Handlers that only record that they were reached: any call means input got through. */
function recordingHandlers(): { handlers: Handlers; reached: string[] } {
  const reached: string[] = [];
  const handlers = new Proxy(
    {},
    { get: (_t, name) => () => void reached.push(String(name)) },
  ) as Handlers;
  return { handlers, reached };
}

describe.each(callNames)('%s', (name) => {
  it('bounds every string and array it accepts', () => {
    const unbounded: string[] = [];
    const visit = (s: JsonSchema, at: string): void => {
      const type = Array.isArray(s.type) ? s.type : [s.type];
      if (type.includes('string') && s.maxLength === undefined && !s.enum) unbounded.push(at);
      if (type.includes('array') && s.maxItems === undefined) unbounded.push(at);
      for (const [k, p] of Object.entries(s.properties ?? {})) visit(p, `${at}.${k}`);
      if (s.items) visit(s.items, `${at}[]`);
      for (const a of s.anyOf ?? []) visit(a, at);
    };
    visit(schemaOf(name), 'input');
    expect(unbounded).toEqual([]);
  });

  it('accepts the smallest valid input (so each refusal below is for its one change)', async () => {
    const { handlers, reached } = recordingHandlers();
    const r = await dispatch(handlers, name, validValue(schemaOf(name)));
    expect(r.ok).toBe(true);
    expect(reached).toEqual([name]);
  });

  it.each(hostileInputs(name))('refuses $what without reaching its handler', async ({ input }) => {
    const { handlers, reached } = recordingHandlers();
    const r = await dispatch(handlers, name, input);
    expect(r).toMatchObject({ ok: false, error: { name: 'InvalidInput' } });
    expect(reached).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});

describe('the call name', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'x'.repeat(10_000)])(
    'refuses "%s" as an unknown call',
    async (name) => {
      const { handlers, reached } = recordingHandlers();
      const r = await dispatch(handlers, name, {});
      expect(r).toMatchObject({ ok: false, error: { name: 'UnknownCall' } });
      expect(reached).toEqual([]);
      if (!r.ok) expect(r.error.message.length).toBeLessThan(200);
    },
  );
});
