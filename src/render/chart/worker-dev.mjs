// Starts the chart worker from its TypeScript source, for code run by tsx or vitest; the bundle
// (`npm start`, `npm run serve`) runs dist/chart-worker.js instead. See src/render/chart/off-thread.ts.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
