// Properties that name no depth of their own run fast-check's default (100) within the same cap.
import fc from 'fast-check';
import { runs } from '../helpers/runs.ts';

fc.configureGlobal({ numRuns: runs(100) });
