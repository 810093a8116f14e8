// How many cases a fast-check property tries. Each property states the depth it was written for;
// by default it runs at most DEFAULT_CAP of them, so `npm test` stays quick, and FC_NUM_RUNS sets
// the number for a deep run (FC_NUM_RUNS=5000 npm test).
export const DEFAULT_CAP = 100;

export function runs(written: number, env: NodeJS.ProcessEnv = process.env): number {
  const deep = Number(env.FC_NUM_RUNS);
  return Number.isInteger(deep) && deep > 0 ? deep : Math.min(written, DEFAULT_CAP);
}
