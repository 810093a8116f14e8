// The production install, as steps: what the image's build stages copy and run (Dockerfile), and
// what production-install.test.ts copies and runs in a temp folder. dockerfile.test.ts checks that
// the Dockerfile's RUN steps are these commands, in this order, so the install the test proves is
// the one the image makes.

export interface Stage {
  /** Files and folders taken from the repository (COPY from the build context). */
  readonly copy: readonly string[];
  /** Shell commands run in the stage's folder, in order (RUN). */
  readonly run: readonly string[];
}

/** Every dependency, then the bundles in dist/ (and dist/build.json). */
export const BUILD_STAGE: Stage = {
  copy: ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts', 'src'],
  run: ['npm ci --no-audit --no-fund', 'npm run build'],
};

/**
 * The runtime dependencies only; dist/ comes from the build stage, data/ and assets/ (the chart's
 * font) from the repository.
 */
export const RUNTIME_STAGE: Stage = {
  copy: ['package.json', 'package-lock.json', 'scripts', 'assets', 'data'],
  run: ['npm ci --omit=dev --no-audit --no-fund'],
};

/**
 * RUN steps only the image has, and why the test cannot run them: it runs as whoever runs the
 * tests, who cannot hand a folder to the image's `node` user.
 */
export const IMAGE_ONLY_RUN: readonly string[] = ['install -d -o node -g node state'];

/** devDependencies that must not be in a production install. */
export const DEV_ONLY = ['tsx', 'esbuild', 'typescript', 'vitest', 'fast-check'];
