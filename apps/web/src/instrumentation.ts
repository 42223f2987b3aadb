/**
 * Runs once when the Next.js server starts: from then on everything it prints (its own errors
 * included) is redacted by the secret list the API's logs use. Node.js only: the console module
 * needs `node:util`.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { redactConsole } = await import('./server/redacting-console');
    redactConsole();
  }
}
