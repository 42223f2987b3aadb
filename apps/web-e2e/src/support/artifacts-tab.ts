import { expect, type Locator, type Page } from '@playwright/test';
import { artifactsPath, type E2eWorld } from './e2e-world';

/** The Artifacts tab of the seeded job, as a reader sees and drives it. */
export class ArtifactsTab {
  readonly tree: Locator;
  readonly filter: Locator;
  readonly summary: Locator;
  readonly details: Locator;

  constructor(private readonly page: Page) {
    this.tree = page.getByRole('tree');
    this.filter = page.getByLabel('Filter artifacts by name or path');
    this.summary = page.getByTestId('artifact-summary');
    this.details = page.getByRole('complementary');
  }

  async open(world: E2eWorld): Promise<void> {
    await this.page.goto(artifactsPath(world));
    await expect(this.tree).toBeVisible();
  }

  /** Large jobs open with only their containers expanded. */
  async expandAll(): Promise<void> {
    await this.page.getByRole('button', { name: 'Expand all' }).click();
    await expect(this.fileRows().first()).toBeVisible();
  }

  fileRows(): Locator {
    return this.tree.locator('[role="treeitem"][data-kind="file"]');
  }

  rows(): Locator {
    return this.tree.getByRole('treeitem');
  }

  async activeRow(): Promise<Locator> {
    const id = await this.tree.getAttribute('aria-activedescendant');
    expect(id, 'the tree names its active row').toBeTruthy();
    return this.tree.locator(`[id="${id}"]`);
  }

  /** Clicks a row away from its link, which selects it rather than downloading. */
  async select(row: Locator): Promise<void> {
    const box = await row.boundingBox();
    if (!box) throw new Error('row is not visible');
    await row.click({ position: { x: box.width - 4, y: box.height / 2 } });
  }

  async fileCount(): Promise<number> {
    const text = (await this.summary.textContent()) ?? '';
    const match = text.replace(/,/g, '').match(/(\d+) files?/);
    if (!match) throw new Error(`no file count in "${text}"`);
    return Number(match[1]);
  }
}
