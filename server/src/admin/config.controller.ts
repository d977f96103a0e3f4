/**
 * GET /api/admin/config: what this process runs with, for the trust's IT team and its admins (SEC-2),
 * built from an allow-list of settings: no secret, password, key or token ever appears, and URLs that
 * may carry credentials (Redis, SMTP) are shown without them.
 */
import { Controller, Get, Inject } from '@nestjs/common';
import type { ClaimMapping, ConfigView } from '@wardflow/shared';
import { Allow } from '../core/access.decorators.js';
import { WardDirectory } from '../auth/ward-directory.service.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ACCESS_MAPPING, DATABASE, OIDC_CLIENT } from '../core/tokens.js';
import type { OidcClient } from '../auth/oidc-client.adapter.js';
import type { DatabaseHandle } from '../store/database.adapter.js';
import { Cookies } from '../auth/cookies.js';

@Controller('admin')
export class ConfigController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ACCESS_MAPPING) private readonly mapping: ClaimMapping,
    @Inject(OIDC_CLIENT) private readonly oidc: OidcClient,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    private readonly wards: WardDirectory,
  ) {}

  @Allow('config.view')
  @Get('config')
  async view(): Promise<ConfigView> {
    const c = this.config;
    return {
      role: c.role,
      publicUrl: c.publicUrl,
      host: c.host,
      port: c.port,
      trustProxy: Array.isArray(c.trustProxy)
        ? c.trustProxy.join(', ')
        : c.trustProxy === false
          ? false
          : String(c.trustProxy),
      demo: c.demo,
      fhir: {
        baseUrl: c.fhirBaseUrl ?? 'not set (api role)',
        auth: c.fhirAuth.kind,
        timeoutMs: c.fhirTimeoutMs,
        pollIntervalMs: c.pollIntervalMs,
      },
      oidc: {
        issuer: this.oidc.issuer,
        clientId: c.auth.oidc?.clientId ?? 'wardflow (embedded provider)',
        clientAuth: c.auth.oidc?.clientAuth.kind ?? 'client_secret_basic',
        scopes: c.auth.oidc?.scopes ?? 'openid profile email',
        embedded: c.auth.oidc === null,
      },
      sessions: {
        idleTimeoutMs: c.auth.sessionIdleMs,
        absoluteTimeoutMs: c.auth.sessionAbsoluteMs,
        cookieName: new Cookies(c.auth.secureCookies).name('session'),
        secure: c.auth.secureCookies,
      },
      access: {
        claim: this.mapping.claim,
        nameClaim: this.mapping.nameClaim,
        rules: this.mapping.rules.map((r) => ({
          value: r.value,
          role: r.role,
          wards: r.wards ?? [],
          sites: r.sites ?? [],
          ...(r.requires === undefined ? {} : { requires: { ...r.requires } }),
        })),
      },
      wards: (await this.wards.list()).map((w) => ({
        id: w.id,
        name: w.name,
        siteId: w.siteId,
        profile: w.profile,
        displayLabel: w.displayLabel,
        showMentalHealthAct: w.showMentalHealthAct,
      })),
      database: this.database.kind,
      redis: withoutCredentials(c.redisUrl),
      digest: {
        schedule: c.digest.schedule,
        smtp: c.digest.smtpUrl === null ? 'outbox folder (SMTP_URL unset)' : withoutCredentials(c.digest.smtpUrl),
        from: c.digest.from,
        emailDomains: c.digest.emailDomains,
      },
      feeds: { dropDir: c.feeds.dropDir, scanIntervalMs: c.feeds.scanIntervalMs, settleMs: c.feeds.settleMs },
      historyBackfillDays: c.historyBackfillDays,
      auditRetentionDays: Math.round(c.auditRetentionMs / 86_400_000),
    };
  }
}

function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.toString();
}
