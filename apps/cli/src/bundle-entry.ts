// The entry point of the one-file CLI (tools/build/bundle-cli.cjs) and of the single executable
// built from it: there `require.main === module` does not hold, so main.ts's own check cannot start it.
import { main } from './main';

void main();
