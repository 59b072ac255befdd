// The analyses' sections of the report, in the order they are printed.
import type { SectionBuilder } from './report.ts';

export const analysisSections: readonly SectionBuilder[] = [];
