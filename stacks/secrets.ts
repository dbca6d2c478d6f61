/// <reference path="../.sst/platform/config.d.ts" />
// SST secrets (`npx sst secret set NAME VALUE --stage S`); values are Output<string>, resolved at deploy time.

/** Every secret the functions read; optional ones fall back to an empty value and are left unset. */
export function secretsStack() {
  return {
    databaseUrl: new sst.Secret('DatabaseUrl'),
    upstashUrl: new sst.Secret('UpstashRedisRestUrl', ''),
    upstashToken: new sst.Secret('UpstashRedisRestToken', ''),
    // Signs pagination cursors: one value for every container, or cursors break across them.
    cursorSecret: new sst.Secret('CursorSecret'),
    operatorKey: new sst.Secret('OperatorKey'),
    ablyApiKey: new sst.Secret('AblyApiKey', ''),
    // Callers' identity (the API refuses to start with no way to authenticate): an HS256 secret for your own
    // sign-in, or an identity provider's JWKS URL with its issuer and audience. API keys live in the database.
    jwtSecret: new sst.Secret('JwtSecret', ''),
    jwtJwksUrl: new sst.Secret('JwtJwksUrl', ''),
    jwtIssuer: new sst.Secret('JwtIssuer', ''),
    jwtAudience: new sst.Secret('JwtAudience', ''),
    // Where the alarms (stacks/observability.ts) are mailed; AWS sends a confirmation link first.
    alarmEmail: new sst.Secret('AlarmEmail'),
  }
}

/** The secrets as created by secretsStack. */
export type Secrets = ReturnType<typeof secretsStack>
