/**
 * The identity provider, through openid-client (OpenID Certified): discovery, the authorization code
 * flow with PKCE (S256), state and nonce, and the token exchange authenticated by client secret or by
 * `private_key_jwt` (what NHS CIS2 requires; Entra ID and Keycloak accept it too). The same code
 * signs people in whatever the provider is; it neither knows nor asks whether the provider is the
 * embedded one. Plain http is accepted only for a provider on this machine (configuration enforces it).
 *
 * Discovery is retried on the next sign-in when the provider was unreachable, so Wardflow starts (and
 * its wall screens keep working) while the provider is down.
 */
import { importPKCS8 } from 'jose';
import * as oidc from 'openid-client';
import type { OidcSettings } from '../config/app-config.js';

export interface AuthorizationRequest {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface SignedInClaims {
  issuer: string;
  subject: string;
  /** ID token claims, with userinfo's added when the provider has a userinfo endpoint. */
  claims: Record<string, unknown>;
}

/** Sign-in failed at the provider or in the exchange; `reason` is safe to log and show (no tokens). */
export class SignInError extends Error {
  override name = 'SignInError';
}

const TIMEOUT_S = 10;

export class OidcClient {
  private configuration: Promise<oidc.Configuration> | null = null;

  constructor(
    private readonly settings: OidcSettings,
    private readonly redirectUri: string,
  ) {}

  get issuer(): string {
    return this.settings.issuer;
  }

  /** The provider's metadata, discovered once (again after a failure). */
  private config(): Promise<oidc.Configuration> {
    this.configuration ??= this.discover().catch((error: unknown) => {
      this.configuration = null;
      throw new SignInError(
        `the identity provider at ${this.settings.issuer} could not be reached: ${(error as Error).message}`,
      );
    });
    return this.configuration;
  }

  private async discover(): Promise<oidc.Configuration> {
    const auth = this.settings.clientAuth;
    const clientAuth =
      auth.kind === 'private_key_jwt'
        ? oidc.PrivateKeyJwt({
            key: await importPKCS8(auth.privateKeyPem, auth.algorithm),
            ...(auth.keyId === null ? {} : { kid: auth.keyId }),
          })
        : auth.kind === 'client_secret_post'
          ? oidc.ClientSecretPost(auth.secret)
          : oidc.ClientSecretBasic(auth.secret);
    const insecure = new URL(this.settings.issuer).protocol === 'http:';
    return oidc.discovery(
      new URL(this.settings.issuer),
      this.settings.clientId,
      { redirect_uris: [this.redirectUri], response_types: ['code'] },
      clientAuth,
      {
        timeout: TIMEOUT_S,
        ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
      },
    );
  }

  /** Whether discovery has succeeded (readiness). */
  async reachable(): Promise<boolean> {
    return this.config().then(
      () => true,
      () => false,
    );
  }

  async authorizationRequest(): Promise<AuthorizationRequest> {
    const config = await this.config();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: this.settings.scopes,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state, nonce, codeVerifier };
  }

  /** Exchanges the code on the callback URL for verified claims. */
  async complete(
    callbackUrl: URL,
    expected: { state: string; nonce: string; codeVerifier: string },
  ): Promise<SignedInClaims> {
    const config = await this.config();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: expected.codeVerifier,
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw new SignInError(describe(error));
    }
    const idClaims = tokens.claims();
    if (idClaims === undefined) throw new SignInError('the identity provider returned no ID token');
    let claims: Record<string, unknown> = { ...idClaims };
    if (config.serverMetadata().userinfo_endpoint !== undefined && tokens.access_token !== undefined) {
      try {
        const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        // The ID token's own claims win: they are signed; userinfo adds what the ID token left out (CIS2 roles).
        claims = { ...userinfo, ...idClaims };
      } catch (error) {
        throw new SignInError(`userinfo could not be read: ${describe(error)}`);
      }
    }
    return { issuer: idClaims.iss, subject: idClaims.sub, claims };
  }
}

function describe(error: unknown): string {
  if (error instanceof oidc.AuthorizationResponseError)
    return `the identity provider said ${error.error}${error.error_description === undefined ? '' : ` (${error.error_description})`}`;
  if (error instanceof oidc.ResponseBodyError) return `the token endpoint said ${error.error}`;
  return (error as Error).message;
}
