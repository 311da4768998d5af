// Entry of a CPU stage thread. Worker threads do not inherit the parent's tsx
// loader, so the thread registers it itself, then loads the TypeScript body.
import { register } from 'tsx/esm/api';

register();
await import('./stage-thread.ts');
