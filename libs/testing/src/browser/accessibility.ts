import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { Browser } from './browser';

export interface AccessibilityViolation {
  rule: string;
  impact: string | null;
  help: string;
  /** CSS selectors of the offending elements. */
  targets: string[];
}

let axeSource: string | undefined;

/**
 * What axe-core (Deque's accessibility engine) finds on the page against WCAG 2.x A and AA:
 * labels, names, contrast, landmarks, ARIA use. It runs through the DevTools protocol, so the
 * console's CSP (no inline scripts) stays as it is.
 */
export async function accessibilityViolations(page: Page): Promise<AccessibilityViolation[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(axeSource);
  const violations = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
       .then((result) => result.violations.map((v) => ({
         rule: v.id, impact: v.impact, help: v.help,
         targets: v.nodes.map((node) => node.target.join(' ')),
       })))`,
  )) as AccessibilityViolation[];
  return violations;
}

/**
 * A full-page screenshot of `page` (tmp/console-screenshots/<name>.png) and what axe-core finds on
 * it, named, so a test's `toEqual({ page: name, violations: [] })` says which page failed.
 */
export async function auditedScreenshot(
  browser: Browser,
  page: Page,
  name: string,
): Promise<{ page: string; violations: AccessibilityViolation[] }> {
  await browser.screenshot(page, name);
  return { page: name, violations: await accessibilityViolations(page) };
}
