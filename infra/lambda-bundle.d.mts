import type { Plugin } from 'esbuild'

/** The esbuild plugins of the Lambda bundles (see lambda-bundle.mjs). */
export declare const lambdaBundlePlugins: Plugin[]
export default lambdaBundlePlugins
