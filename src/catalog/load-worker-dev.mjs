// Starts the load worker from its TypeScript source, for code run by tsx or vitest; the bundle
// (`npm start`, `npm run serve`) runs dist/load-worker.js instead. See src/catalog/off-thread.ts.
import { register } from 'tsx/esm/api';

register();
await import('./load-worker.ts');
