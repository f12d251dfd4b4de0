/**
 * Runs in the browser before the app's own modules. zod 4 probes whether `new Function` works the
 * first time it builds an object schema; under the Content-Security-Policy (proxy.ts: no 'unsafe-eval')
 * the probe is blocked and reported as a violation even though zod catches it. `jitless` skips the
 * probe (zod then validates without generated code, which the browser side never needed for speed).
 */
const holder = globalThis as { __zod_globalConfig?: Record<string, unknown> };
holder.__zod_globalConfig = Object.assign(holder.__zod_globalConfig ?? {}, { jitless: true });
