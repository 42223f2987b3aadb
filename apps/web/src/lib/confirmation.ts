/** What a confirmation dialog says before something irreversible happens. */
export interface Confirmation {
  title: string;
  /** Names exactly what goes, and says it cannot be undone. */
  body: string;
  confirmLabel: string;
}
