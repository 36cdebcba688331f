import { describe, expect, it } from 'vitest';
import { cspFromHtml } from '../../../src-main/serve/static';

describe('cspFromHtml', () => {
  it("reads the renderer's meta CSP so the header says the same", () => {
    const html = `<!doctype html><head>
      <meta charset="utf-8" />
      <meta http-equiv="Content-Security-Policy"
            content="default-src 'none'; script-src 'self';
                     media-src 'self' encore-media:" />
    </head>`;
    expect(cspFromHtml(html)).toBe(
      "default-src 'none'; script-src 'self'; media-src 'self' encore-media:",
    );
  });

  it('finds nothing in a page without one', () => {
    expect(cspFromHtml('<html><head><meta charset="utf-8"></head></html>')).toBeUndefined();
  });
});
