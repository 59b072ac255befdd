// Fixture-server scenarios of the cache issue: extra pages (HTML by path) and routes (full handlers).
import type { Ctx } from '../routes.ts';

export const pages: Record<string, (ctx: Ctx) => string> = {};
export const routes: Record<string, (ctx: Ctx) => void | Promise<void>> = {};
