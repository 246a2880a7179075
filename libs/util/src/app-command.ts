import { appNodeFlags } from './app-memory-settings';

/**
 * `source`: TypeScript compiled as it loads (@swc-node/register), as `npm start` runs the apps;
 * `build`: the JavaScript of `npm run build` in dist/, as the image runs them in production.
 */
export type AppCode = 'source' | 'build';

/**
 * The node arguments that run `app` from its source or its build, with the image's memory flags
 * before the script: for `npm start` and the test and bench stacks alike.
 */
export function appCommand(app: string, code: AppCode): string[] {
  const flags = appNodeFlags(app);
  return code === 'build'
    ? [...flags, `dist/apps/${app}/src/main.js`]
    : [...flags, '-r', '@swc-node/register', `apps/${app}/src/main.ts`];
}
