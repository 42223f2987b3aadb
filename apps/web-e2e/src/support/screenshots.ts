import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';

/** Saves a named screenshot to dist/test-output/web-e2e/screenshots/, kept after the run. */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  const file = path.join(testInfo.project.outputDir, 'screenshots', name);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
  return file;
}
