/** The API's version (info.version of /openapi.json): the root package.json version, checked equal by a test. */
export const API_VERSION = '0.2.0'
