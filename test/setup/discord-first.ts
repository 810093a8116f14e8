// Test files share one module graph per worker (vitest.config.ts, isolate: false). discord.js's
// event emitter copies the built-ins it uses ("primordials") when it is first imported; imported
// after Vega has drawn a chart in the same thread, that copy fails ('string "Set()" is not
// iterable'). Importing it first, before any test file, makes the outcome independent of the order
// in which files happen to share a worker.
import 'discord.js';
